from odoo import api, fields, models

from .hotel_crm_stay import REALISED_STATES


class ResPartner(models.Model):
    """What the guest form shows: the current stay, and figures that add up to the lists next to
    them, over the properties the user may read only.

    The stored stay aggregates (``hotel_stay_count``, ``hotel_revenue_total``, ...) are the
    group's, for the value engine and integrators; the form shows these per-user figures instead,
    so that a user of one property does not learn another property's figures from the totals.
    """

    _inherit = "res.partner"  # pylint: disable=consider-merging-classes-inherited

    hotel_next_stay_id = fields.Many2one(
        "hotel.crm.stay",
        string="Current / Next Stay",
        compute="_compute_hotel_next_stay_id",
        help="The stay the guest is in the house for, else the first booked stay from today on, at "
        "the properties the user works for.",
    )
    hotel_readable_all = fields.Boolean(
        string="All Properties Readable",
        compute="_compute_hotel_readable_figures",
        groups="base.group_user",
        help="The user may read the guest's stays and points at every property where the guest has any: "
        "the figures of the properties the user may read are those of the whole group.",
    )
    hotel_readable_stay_count = fields.Integer(
        string="Stays, Your Properties",
        compute="_compute_hotel_readable_figures",
        groups="base.group_user",
        help="Stays in house or checked out at all the properties the user may read (not only the "
        "properties selected in the company switcher).",
    )
    hotel_readable_nights = fields.Integer(
        string="Nights, Your Properties", compute="_compute_hotel_readable_figures", groups="base.group_user"
    )
    hotel_readable_revenue = fields.Float(
        string="Revenue, Your Properties",
        digits=(16, 2),
        compute="_compute_hotel_readable_figures",
        groups="base.group_user",
    )
    hotel_readable_first_stay_date = fields.Date(
        string="First Stay, Your Properties", compute="_compute_hotel_readable_figures", groups="base.group_user"
    )
    hotel_readable_last_stay_date = fields.Date(
        string="Last Stay, Your Properties", compute="_compute_hotel_readable_figures", groups="base.group_user"
    )
    hotel_readable_cancel_count = fields.Integer(
        string="Cancellations, Your Properties", compute="_compute_hotel_readable_figures", groups="base.group_user"
    )
    hotel_readable_no_show_count = fields.Integer(
        string="No-shows, Your Properties", compute="_compute_hotel_readable_figures", groups="base.group_user"
    )
    hotel_selected_stay_count = fields.Integer(
        string="Stays, Selected Properties",
        compute="_compute_hotel_readable_figures",
        groups="base.group_user",
        help="Stays in house or checked out at the properties selected in the company switcher: those the "
        "Stays tab lists.",
    )
    hotel_selected_nights = fields.Integer(
        string="Nights, Selected Properties", compute="_compute_hotel_readable_figures", groups="base.group_user"
    )
    hotel_selected_revenue = fields.Float(
        string="Revenue, Selected Properties",
        digits=(16, 2),
        compute="_compute_hotel_readable_figures",
        groups="base.group_user",
    )

    def _compute_hotel_next_stay_id(self):
        Stay = self.env["hotel.crm.stay"]
        # the earliest local date among the user's properties: a stay arriving "today" anywhere counts
        today = min(self.env["res.company"]._hotel_today_by_company(self.env.companies).values())
        stays = Stay.search(
            [
                ("partner_id", "in", self.ids),
                "|",
                ("state", "=", "in_house"),
                "&",
                ("state", "=", "booked"),
                ("departure_date", ">", today),
            ],
            order="arrival_date, id",
        )
        first = {}
        for stay in stays.sorted(lambda s: (s.state != "in_house", s.arrival_date, s.id)):
            first.setdefault(stay.partner_id.id, stay)
        for partner in self:
            partner.hotel_next_stay_id = first.get(partner.id, Stay)

    @api.depends_context("uid", "allowed_company_ids")
    def _compute_hotel_readable_figures(self):
        partners = self.filtered("id")
        Stay = self.env["hotel.crm.stay"]
        readable = selected = {}
        readable_all = set()
        if partners:
            # as the user: the record rules decide, for all their properties, then for the selected ones
            readable = partners._hotel_stay_figures(
                Stay.with_context(allowed_company_ids=self.env.user.company_ids.ids)
            )
            selected = partners._hotel_stay_figures(Stay)
            user_companies = set(self.env.user.company_ids.ids)
            readable_all = {
                partner.id
                for partner, companies in partners._hotel_guest_companies().items()
                if companies <= user_companies
            }
        empty = {"count": 0, "nights": 0, "revenue": 0.0, "first": False, "last": False, "cancelled": 0, "no_show": 0}
        for partner in self:
            figures = readable.get(partner.id, empty)
            partner.hotel_readable_stay_count = figures["count"]
            partner.hotel_readable_nights = figures["nights"]
            partner.hotel_readable_revenue = figures["revenue"]
            partner.hotel_readable_first_stay_date = figures["first"]
            partner.hotel_readable_last_stay_date = figures["last"]
            partner.hotel_readable_cancel_count = figures["cancelled"]
            partner.hotel_readable_no_show_count = figures["no_show"]
            figures = selected.get(partner.id, empty)
            partner.hotel_selected_stay_count = figures["count"]
            partner.hotel_selected_nights = figures["nights"]
            partner.hotel_selected_revenue = figures["revenue"]
            partner.hotel_readable_all = partner.id in readable_all or not partner.id

    def _hotel_stay_figures(self, Stay):
        """The stay history of the guests ``self`` over the stays ``Stay`` may read, defined as the
        stored aggregates are (``_hotel_stay_aggregates_sql``): stays in house or checked out, their
        nights, revenue and first and last arrival; cancellations and no-shows apart.

        :param Stay: ``hotel.crm.stay`` in the environment whose rights and properties apply
        :return: ``{partner id: {"count", "nights", "revenue", "first", "last", "cancelled",
            "no_show"}}``; one grouped query
        """
        groups = Stay._read_group(
            [("partner_id", "in", self.ids)],
            ["partner_id", "state"],
            ["__count", "nights:sum", "revenue_total:sum", "arrival_date:min", "arrival_date:max"],
        )
        result = {}
        for partner, state, count, nights, revenue, first, last in groups:
            figures = result.setdefault(
                partner.id,
                {"count": 0, "nights": 0, "revenue": 0.0, "first": False, "last": False, "cancelled": 0, "no_show": 0},
            )
            if state in REALISED_STATES:
                figures["count"] += count
                figures["nights"] += nights or 0
                figures["revenue"] += revenue or 0.0
                figures["first"] = min(figures["first"] or first, first)
                figures["last"] = max(figures["last"] or last, last)
            elif state == "cancelled":
                figures["cancelled"] += count
            elif state == "no_show":
                figures["no_show"] += count
        return result

    def _hotel_guest_companies(self):
        """The properties where each guest of ``self`` has records, whoever may read them: the
        stays (other rooms add theirs, e.g. the points ledger).

        :return: ``{partner: set of company ids}``; one grouped query per model
        """
        result = {partner: set() for partner in self}
        groups = (
            self.env["hotel.crm.stay"]
            .sudo()
            ._read_group([("partner_id", "in", self.ids)], ["partner_id"], ["company_id:array_agg"])
        )
        for partner, company_ids in groups:
            result[partner.with_env(self.env)] |= set(company_ids)
        return result
