from odoo import _, api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import SQL
from odoo.tools.sql import column_exists

MARGIN_COLUMNS = ("hotel_margin_room_pct", "hotel_margin_fnb_pct", "hotel_margin_other_pct")


class ResCompany(models.Model):
    _inherit = "res.company"  # pylint: disable=consider-merging-classes-inherited

    # guest value and life cycle, per property: the settings of res.partner.hotel_recompute_value
    hotel_value_window_days = fields.Integer(
        string="Value Window (days)",
        default=365,
        help="Trailing window of checked-out stays used for the customer pyramid and lifetime value.",
    )
    hotel_pyramid_vip_pct = fields.Float(
        string="VIP Share (%)", default=1.0, digits=(5, 2), help="Top share of guests with revenue who are VIP."
    )
    hotel_pyramid_major_pct = fields.Float(
        string="Major Share (%)", default=19.0, digits=(5, 2), help="Next share of guests who are major guests."
    )
    hotel_pyramid_ordinary_pct = fields.Float(
        string="Ordinary Share (%)", default=30.0, digits=(5, 2), help="Next share of guests who are ordinary guests."
    )
    # gross margin per revenue category: lifetime value and the KPIs' profit contribution apply
    # each stay's room, F&B and other revenue at its property's margins
    hotel_margin_room_pct = fields.Float(
        string="Room Margin (%)", default=35.0, digits=(5, 2), help="Gross margin on room revenue."
    )
    hotel_margin_fnb_pct = fields.Float(
        string="F&B Margin (%)", default=35.0, digits=(5, 2), help="Gross margin on food and beverage revenue."
    )
    hotel_margin_other_pct = fields.Float(
        string="Other Revenue Margin (%)", default=35.0, digits=(5, 2), help="Gross margin on other revenue."
    )
    # the former single margin, kept for integrators: writing it sets the three category margins,
    # reading it gives the room margin (the same as the others unless they were set apart)
    hotel_clv_margin_pct = fields.Float(
        string="CLV Gross Margin (%)",
        compute="_compute_hotel_clv_margin_pct",
        inverse="_inverse_hotel_clv_margin_pct",
        digits=(5, 2),
        help="Deprecated: one margin for all revenue categories. Writing it sets the room, F&B and "
        "other margins; reading it gives the room margin.",
    )
    hotel_clv_years = fields.Float(
        string="CLV Expected Years", default=3.0, digits=(5, 2), help="Expected remaining years of the relationship."
    )
    hotel_churn_days = fields.Integer(
        string="Churn Period (days)",
        default=365,
        help="A guest without a checked-out stay for longer than this is churned.",
    )
    hotel_at_risk_factor = fields.Float(
        string="At-risk Factor",
        default=1.5,
        digits=(5, 2),
        help="A guest is at risk when the time since the last stay exceeds this factor times "
        "the guest's usual interval between stays.",
    )
    hotel_loyal_min_stays = fields.Integer(
        string="Loyal: Stays in Window",
        default=3,
        help="Checked-out stays in the value window from which a guest counts as loyal.",
    )
    hotel_low_csat = fields.Integer(
        string="Low CSAT (at most)", default=2, help="A survey CSAT (1-5) at or below this makes the guest at risk."
    )
    hotel_low_nps = fields.Integer(
        string="Low NPS (at most)", default=6, help="A survey NPS (0-10) at or below this makes the guest at risk."
    )
    hotel_guest_relations_user_id = fields.Many2one(
        "res.users",
        string="Guest Relations",
        help="Gets the retention activities and loss records of guests who have no account owner.",
    )

    _sql_constraints = [
        (
            "hotel_pyramid_pct_check",
            "CHECK(hotel_pyramid_vip_pct >= 0 AND hotel_pyramid_major_pct >= 0 AND hotel_pyramid_ordinary_pct >= 0 "
            "AND hotel_pyramid_vip_pct + hotel_pyramid_major_pct + hotel_pyramid_ordinary_pct <= 100)",
            "The pyramid shares must be positive and add up to at most 100 %.",
        ),
    ]

    def _auto_init(self):
        """Carry the former single CLV margin over to the three category margins, once.

        Databases of before the margins per revenue category keep the column
        ``hotel_clv_margin_pct`` (the ORM never drops one): on the upgrade that creates the new
        columns, each property's margin becomes its room, F&B and other margin, so that lifetime
        values do not change.
        """
        cr = self.env.cr
        upgrading = not column_exists(cr, "res_company", MARGIN_COLUMNS[0]) and column_exists(
            cr, "res_company", "hotel_clv_margin_pct"
        )
        res = super()._auto_init()
        if upgrading:
            cr.execute(
                SQL(
                    "UPDATE res_company SET %s WHERE hotel_clv_margin_pct IS NOT NULL",
                    SQL(", ").join(
                        SQL("%s = hotel_clv_margin_pct", SQL.identifier(column)) for column in MARGIN_COLUMNS
                    ),
                )
            )
        return res

    @api.depends("hotel_margin_room_pct")
    def _compute_hotel_clv_margin_pct(self):
        for company in self:
            company.hotel_clv_margin_pct = company.hotel_margin_room_pct

    def _inverse_hotel_clv_margin_pct(self):
        for company in self:
            margin = company.hotel_clv_margin_pct
            company.write(
                {"hotel_margin_room_pct": margin, "hotel_margin_fnb_pct": margin, "hotel_margin_other_pct": margin}
            )

    @api.constrains(
        "hotel_value_window_days",
        "hotel_churn_days",
        "hotel_at_risk_factor",
        "hotel_margin_room_pct",
        "hotel_margin_fnb_pct",
        "hotel_margin_other_pct",
        "hotel_clv_years",
        "hotel_pyramid_vip_pct",
        "hotel_pyramid_major_pct",
        "hotel_pyramid_ordinary_pct",
        "hotel_loyal_min_stays",
    )
    def _check_hotel_value_settings(self):
        for company in self:
            checks = [
                ("hotel_value_window_days", company.hotel_value_window_days >= 1),
                ("hotel_churn_days", company.hotel_churn_days >= 1),
                ("hotel_at_risk_factor", company.hotel_at_risk_factor > 0),
                ("hotel_margin_room_pct", 0 <= company.hotel_margin_room_pct <= 100),
                ("hotel_margin_fnb_pct", 0 <= company.hotel_margin_fnb_pct <= 100),
                ("hotel_margin_other_pct", 0 <= company.hotel_margin_other_pct <= 100),
                ("hotel_clv_years", company.hotel_clv_years >= 0),
                ("hotel_loyal_min_stays", company.hotel_loyal_min_stays >= 2),
            ]
            for fname in ("hotel_pyramid_vip_pct", "hotel_pyramid_major_pct", "hotel_pyramid_ordinary_pct"):
                checks.append((fname, 0 <= company[fname] <= 100))
            for fname, ok in checks:
                if not ok:
                    raise ValidationError(
                        _(
                            "Company %(company)s: the value %(value)s of '%(field)s' is out of range.",
                            company=company.name,
                            value=company[fname],
                            field=self._fields[fname].get_description(self.env)["string"],
                        )
                    )
            total = company.hotel_pyramid_vip_pct + company.hotel_pyramid_major_pct + company.hotel_pyramid_ordinary_pct
            if total > 100:
                raise ValidationError(
                    _(
                        "Company %(company)s: the VIP, major and ordinary shares add up to %(total)s %%, "
                        "more than 100 %%.",
                        company=company.name,
                        total=total,
                    )
                )
