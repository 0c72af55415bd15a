from odoo import _, api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL

from .hotel_crm_stay import REALISED_STATES

CONSENT_SOURCES = [
    ("registration_card", "Registration card"),
    ("website", "Website"),
    ("email", "E-mail"),
    ("phone", "Phone"),
    ("pms", "PMS import"),
    ("other", "Other"),
]

# The stay aggregates of the guest profile: stored field -> (column of _hotel_stay_aggregates_sql,
# value of a guest without such stays).
STAY_AGGREGATES = {
    "hotel_stay_count": ("stay_count", 0),
    "hotel_nights_total": ("nights", 0),
    "hotel_revenue_total": ("revenue", 0.0),
    "hotel_first_stay_date": ("first_date", False),
    "hotel_last_stay_date": ("last_date", False),
    "hotel_cancel_count": ("cancel_count", 0),
    "hotel_no_show_count": ("no_show_count", 0),
}
# Odoo's partner-merge wizard refuses more than three contacts at once
MERGE_MAX_PARTNERS = 3
# possible duplicates listed on a guest
DUPLICATE_LIMIT = 20


class ResPartner(models.Model):
    _inherit = "res.partner"  # pylint: disable=consider-merging-classes-inherited

    hotel_guest = fields.Boolean(
        index=True,
        tracking=True,
        help="Set on every contact that stayed, booked or is a prospect of the hotel.",
    )
    hotel_guest_code = fields.Char(
        string="Guest Code",
        copy=False,
        index=True,
        readonly=True,
        help="Unique guest number given from the 'Hotel guest' sequence when the contact becomes a guest.",
    )
    # consent
    hotel_consent_email = fields.Boolean(string="E-mail Consent", tracking=True)
    hotel_consent_email_date = fields.Datetime(string="E-mail Consent Date")
    hotel_consent_email_source = fields.Selection(CONSENT_SOURCES, string="E-mail Consent Source")
    hotel_consent_sms = fields.Boolean(string="SMS Consent", tracking=True)
    hotel_consent_sms_date = fields.Datetime(string="SMS Consent Date")
    hotel_consent_sms_source = fields.Selection(CONSENT_SOURCES, string="SMS Consent Source")
    # special dates
    hotel_birthday = fields.Date(string="Birthday")
    hotel_anniversary = fields.Date(string="Wedding Anniversary")
    # history
    hotel_stay_ids = fields.One2many("hotel.crm.stay", "partner_id", string="Stays")
    hotel_stay_count = fields.Integer(
        string="Stay Count",
        compute="_compute_hotel_stay_aggregates",
        store=True,
        compute_sudo=True,
        help="Stays in house or checked out, all properties.",
    )
    hotel_nights_total = fields.Integer(
        string="Nights", compute="_compute_hotel_stay_aggregates", store=True, compute_sudo=True
    )
    hotel_revenue_total = fields.Float(
        string="Revenue",
        digits=(16, 2),
        compute="_compute_hotel_stay_aggregates",
        store=True,
        compute_sudo=True,
        help="Room, food and beverage and other revenue of the stays in house or checked out.",
    )
    hotel_first_stay_date = fields.Date(
        string="First Stay", compute="_compute_hotel_stay_aggregates", store=True, compute_sudo=True
    )
    hotel_last_stay_date = fields.Date(
        string="Last Stay", compute="_compute_hotel_stay_aggregates", store=True, compute_sudo=True
    )
    hotel_cancel_count = fields.Integer(
        string="Cancellations", compute="_compute_hotel_stay_aggregates", store=True, compute_sudo=True
    )
    hotel_no_show_count = fields.Integer(
        string="No-shows", compute="_compute_hotel_stay_aggregates", store=True, compute_sudo=True
    )
    hotel_in_house = fields.Boolean(
        string="In House", compute="_compute_hotel_in_house", search="_search_hotel_in_house"
    )
    hotel_arriving_this_week = fields.Boolean(
        string="Arriving This Week", compute="_compute_hotel_in_house", search="_search_hotel_arriving_this_week"
    )
    hotel_birthday_this_month = fields.Boolean(
        string="Birthday This Month",
        compute="_compute_hotel_birthday_this_month",
        search="_search_hotel_birthday_this_month",
    )
    hotel_duplicate_ids = fields.Many2many(
        "res.partner",
        string="Possible Duplicates",
        compute="_compute_hotel_duplicate_ids",
        help="Other contacts with the same normalised e-mail or phone.",
    )
    hotel_duplicate = fields.Boolean(
        string="Possible Duplicate", compute="_compute_hotel_duplicate_ids", search="_search_hotel_duplicate"
    )

    _sql_constraints = [
        ("hotel_guest_code_unique", "UNIQUE(hotel_guest_code)", "The guest code must be unique."),
    ]

    # ------------------------------------------------------------------
    # Computes
    # ------------------------------------------------------------------
    @api.depends(
        "hotel_stay_ids.state",
        "hotel_stay_ids.nights",
        "hotel_stay_ids.revenue_total",
        "hotel_stay_ids.arrival_date",
    )
    def _compute_hotel_stay_aggregates(self):
        """One grouped query for the whole recordset, never one per guest (see :meth:`_hotel_stay_aggregates_sql`)."""
        partners = self.filtered("id")
        stats = {}
        if partners:
            self.env["hotel.crm.stay"].flush_model(["partner_id", "state", "nights", "revenue_total", "arrival_date"])
            self.env.cr.execute(
                SQL(
                    """
                    SELECT s.partner_id, %(aggregates)s
                      FROM (SELECT s.*, %(realised)s AS realised FROM hotel_crm_stay s WHERE s.partner_id IN %(ids)s) s
                     GROUP BY s.partner_id
                    """,
                    aggregates=self._hotel_stay_aggregates_sql(),
                    realised=self._hotel_stay_realised_sql(),
                    ids=tuple(partners.ids),
                )
            )
            stats = {row["partner_id"]: row for row in self.env.cr.dictfetchall()}
        for partner in self:
            row = stats.get(partner.id, {})
            for fname, (column, empty) in STAY_AGGREGATES.items():
                partner[fname] = row.get(column) or empty

    @api.model
    def _hotel_stay_realised_sql(self):
        """SQL condition on a stay ``s``: the stay really happened (:data:`REALISED_STATES`)."""
        return SQL("s.state IN %s", REALISED_STATES)

    @api.model
    def _hotel_stay_aggregates_sql(self):
        """The stay aggregates of the guest profile, as the SQL columns of a query over the stays
        ``s`` grouped by guest; ``s`` has the columns of ``hotel_crm_stay`` and ``realised``
        (:meth:`_hotel_stay_realised_sql`).

        The one definition of the aggregates: the compute of the stored fields (a guest whose stays
        change) and the nightly value recompute (all guests, in one pass over the stays) both
        select these columns (the names are the values of :data:`STAY_AGGREGATES`). Stays
        realised give the count, nights, revenue (room, food and beverage, other) and first and
        last arrival; cancelled stays and no-shows are counted apart.
        """
        return SQL(
            """
            count(*) FILTER (WHERE s.realised)::int AS stay_count,
            COALESCE(sum(s.nights) FILTER (WHERE s.realised), 0)::int AS nights,
            COALESCE(sum(s.revenue_total) FILTER (WHERE s.realised), 0)::numeric AS revenue,
            min(s.arrival_date) FILTER (WHERE s.realised) AS first_date,
            max(s.arrival_date) FILTER (WHERE s.realised) AS last_date,
            count(*) FILTER (WHERE s.state = 'cancelled')::int AS cancel_count,
            count(*) FILTER (WHERE s.state = 'no_show')::int AS no_show_count
            """
        )

    @api.model
    def _hotel_search_positive(self, operator, value):
        """For the search of a computed boolean field: whether ``(operator, value)`` asks for the
        records where the field is true (``= True``, ``!= False``) or false.

        :raise NotImplementedError: any other operator or a value that is not a boolean
        """
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise NotImplementedError(_("Operation not supported"))
        return (operator == "=") == value

    def _compute_hotel_in_house(self):
        Stay = self.env["hotel.crm.stay"]
        # "this week" in the calendar of each stay's property
        arriving = {
            partner.id
            for [partner] in Stay._read_group(
                [("partner_id", "in", self.ids), *Stay._hotel_arrival_window_domain("this_week")], ["partner_id"]
            )
        }
        in_house = {
            partner.id
            for [partner] in Stay._read_group(
                [("partner_id", "in", self.ids), ("state", "=", "in_house")], ["partner_id"]
            )
        }
        for partner in self:
            partner.hotel_in_house = partner.id in in_house
            partner.hotel_arriving_this_week = partner.id in arriving

    def _search_hotel_in_house(self, operator, value):
        positive = self._hotel_search_positive(operator, value)
        domain = [("state", "=", "in_house")]
        return [("hotel_stay_ids", "any" if positive else "not any", domain)]

    def _search_hotel_arriving_this_week(self, operator, value):
        positive = self._hotel_search_positive(operator, value)
        domain = self.env["hotel.crm.stay"]._hotel_arrival_window_domain("this_week")
        return [("hotel_stay_ids", "any" if positive else "not any", domain)]

    @api.depends("hotel_birthday")
    def _compute_hotel_birthday_this_month(self):
        month = self.env.company._hotel_today().month
        for partner in self:
            partner.hotel_birthday_this_month = bool(partner.hotel_birthday) and partner.hotel_birthday.month == month

    def _search_hotel_birthday_this_month(self, operator, value):
        positive = self._hotel_search_positive(operator, value)
        month = self.env.company._hotel_today().month
        query = SQL(
            "(SELECT id FROM res_partner WHERE EXTRACT(MONTH FROM hotel_birthday) = %s)",
            month,
        )
        return [("id", "in" if positive else "not in", query)]

    @api.depends("email_normalized", "hotel_phone_e164")
    def _compute_hotel_duplicate_ids(self):
        """Set-based: one grouped query per key (e-mail, phone) for the whole recordset."""
        matches = {}  # (key field, value) -> ids of the contacts having it, oldest first
        for fname in ("email_normalized", "hotel_phone_e164"):
            values = {value for value in self.mapped(fname) if value}
            if values:
                groups = self._read_group([(fname, "in", list(values))], [fname], ["id:array_agg"])
                matches.update(((fname, value), ids) for value, ids in groups)
        for partner in self:
            own_id = partner._origin.id
            ids = []
            for fname in ("email_normalized", "hotel_phone_e164"):
                for other_id in matches.get((fname, partner[fname]), ()) if partner[fname] else ():
                    if other_id != own_id and other_id not in ids:
                        ids.append(other_id)
            others = self.browse(sorted(ids)[:DUPLICATE_LIMIT])
            partner.hotel_duplicate_ids = others
            partner.hotel_duplicate = bool(others)

    def _search_hotel_duplicate(self, operator, value):
        positive = self._hotel_search_positive(operator, value)
        query = SQL(
            """(
            SELECT p.id FROM res_partner p
             WHERE p.active AND (
                   (p.email_normalized IS NOT NULL AND EXISTS (
                        SELECT 1 FROM res_partner o
                         WHERE o.email_normalized = p.email_normalized AND o.id != p.id AND o.active))
                OR (p.hotel_phone_e164 IS NOT NULL AND EXISTS (
                        SELECT 1 FROM res_partner o
                         WHERE o.hotel_phone_e164 = p.hotel_phone_e164 AND o.id != p.id AND o.active)))
            )"""
        )
        return [("id", "in" if positive else "not in", query)]

    # ------------------------------------------------------------------
    # Onchange / CRUD
    # ------------------------------------------------------------------
    @api.onchange("email", "phone", "mobile")
    def _onchange_hotel_duplicate_warning(self):
        if not self.hotel_guest:
            return None
        self._compute_hotel_phone_e164()
        self._compute_hotel_duplicate_ids()
        if self.hotel_duplicate_ids:
            names = ", ".join(self.hotel_duplicate_ids[:5].mapped("display_name"))
            return {
                "warning": {
                    "title": _("Possible duplicate guest"),
                    "message": _(
                        "A contact with the same e-mail or phone already exists: %(names)s. "
                        "Open the existing guest, or merge them afterwards with 'Merge duplicates'.",
                        names=names,
                    ),
                }
            }
        return None

    @api.model_create_multi
    def create(self, vals_list):
        # copies: the caller's dictionaries are not ours to stamp
        vals_list = [self._hotel_prepare_guest_vals(dict(vals)) for vals in vals_list]
        return super().create(vals_list)

    def write(self, vals):
        vals = self._hotel_prepare_guest_vals(dict(vals), with_code=False)
        res = super().write(vals)
        if vals.get("hotel_guest"):
            # a contact becoming a guest gets its code once, and keeps it
            for partner in self.filtered(lambda p: not p.hotel_guest_code):
                partner.sudo().hotel_guest_code = self._hotel_next_guest_code()
        return res

    def _hotel_prepare_guest_vals(self, vals, with_code=True):
        """Give a guest code to new guests and stamp consent changes."""
        if with_code and vals.get("hotel_guest") and not vals.get("hotel_guest_code"):
            vals["hotel_guest_code"] = self._hotel_next_guest_code()
        now = fields.Datetime.now()
        for channel in ("email", "sms"):
            if f"hotel_consent_{channel}" in vals and f"hotel_consent_{channel}_date" not in vals:
                vals[f"hotel_consent_{channel}_date"] = now if vals[f"hotel_consent_{channel}"] else False
        return vals

    @api.model
    def _hotel_last_property(self):
        """``{partner_id: res.company}``: the property of each guest's latest stay that has begun
        (in house or checked out), else the current company.

        What a guest's mail, greeting or bonus belongs to when nothing else says. One query.
        """
        companies = {}
        if self.ids:
            self.env["hotel.crm.stay"].flush_model(["partner_id", "company_id", "state", "arrival_date"])
            self.env.cr.execute(
                SQL(
                    """
                    SELECT DISTINCT ON (partner_id) partner_id, company_id FROM hotel_crm_stay
                     WHERE partner_id IN %s AND state IN %s
                     ORDER BY partner_id, arrival_date DESC, id DESC
                    """,
                    tuple(self.ids),
                    REALISED_STATES,
                )
            )
            companies = dict(self.env.cr.fetchall())
        Company = self.env["res.company"].sudo()
        return {pid: Company.browse(companies[pid]) if pid in companies else self.env.company for pid in self.ids}

    def _hotel_next_guest_code(self):
        return self.env["ir.sequence"].sudo().next_by_code("hotel.crm.guest")

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------
    def _hotel_guest_action(self, xmlid, own_records=True):
        """The window action ``xmlid`` opened for this guest: new records default to the guest and,
        with ``own_records``, only the guest's records (``partner_id``) are listed."""
        self._hotel_ensure_one(caller_depth=2)
        action = self.env["ir.actions.act_window"]._for_xml_id(xmlid)
        if own_records:
            action["domain"] = [("partner_id", "=", self.id)]
        action["context"] = {"default_partner_id": self.id}
        return action

    def action_hotel_view_stays(self):
        """The guest's stays at every property the user may read (not only those selected in the
        company switcher), so that the list adds up to the Stays button's figure
        (``hotel_readable_stay_count``: the stays in house or checked out).

        :return: the stays' window action for this guest
        """
        action = self._hotel_guest_action("hotel_crm.hotel_crm_stay_action")
        action["context"] = {**action["context"], "allowed_company_ids": self.env.user.company_ids.ids}
        return action

    def action_hotel_merge_duplicates(self):
        """Open Odoo's own partner-merge wizard on this guest and its duplicates."""
        self._hotel_ensure_one()
        # the wizard merges at most three contacts: this guest and its two oldest look-alikes
        partners = self | self.hotel_duplicate_ids[: MERGE_MAX_PARTNERS - 1]
        if len(partners) < 2:
            raise UserError(_("Guest %(name)s has no possible duplicate to merge.", name=self.display_name))
        return {
            "type": "ir.actions.act_window",
            "name": _("Merge duplicate guests"),
            "res_model": "base.partner.merge.automatic.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {
                "active_model": "res.partner",
                "active_ids": partners.ids,
                "active_id": self.id,
            },
        }

    def action_hotel_make_guest(self):
        for partner in self.filtered(lambda p: not p.hotel_guest):
            partner.hotel_guest = True
        return True
