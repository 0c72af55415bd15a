"""Guest value and life cycle: the fields of a guest's value, and the prospect stage of new guests.

The engine that computes them is res_partner_value_engine.py; the side effects of the life-cycle
transitions are res_partner_lifecycle.py.
"""

from odoo import api, fields, models

from .common import rank_ordered_groups

VALUE_SEGMENTS = [
    ("vip", "VIP"),
    ("major", "Major"),
    ("ordinary", "Ordinary"),
    ("small", "Small"),
    ("none", "No Revenue"),
]
RFM_SEGMENTS = [
    ("champions", "Champions"),
    ("loyal", "Loyal"),
    ("potential", "Potential Loyalist"),
    ("new", "New"),
    ("at_risk", "At Risk"),
    ("hibernating", "Hibernating"),
    ("lost", "Lost"),
]
LIFECYCLE_STAGES = [
    ("prospect", "Prospect"),
    ("first_stay", "First Stay"),
    ("repeat", "Repeat"),
    ("loyal", "Loyal"),
    ("at_risk", "At Risk"),
    ("churned", "Churned"),
    ("won_back", "Won Back"),
]
VALUE_GROUP = "hotel_crm.hotel_crm_group_user"


class ResPartner(models.Model):
    _inherit = "res.partner"  # pylint: disable=consider-merging-classes-inherited

    # internal figures: hotel staff only, never a portal guest (their own partner included)
    hotel_value_revenue = fields.Float(
        string="Revenue in Window",
        digits=(16, 2),
        readonly=True,
        copy=False,
        groups=VALUE_GROUP,
        help="Checked-out revenue of the guest's stays in the value window (all properties).",
    )
    hotel_value_stay_count = fields.Integer(
        string="Stays in Window",
        readonly=True,
        copy=False,
        groups=VALUE_GROUP,
        help="Checked-out stays in the value window.",
    )
    hotel_value_rank = fields.Integer(
        string="Revenue Rank",
        readonly=True,
        copy=False,
        groups=VALUE_GROUP,
        help="Position of the guest in the customer pyramid (1 = highest revenue in the window).",
    )
    hotel_value_segment = fields.Selection(
        VALUE_SEGMENTS,
        string="Value Segment",
        readonly=True,
        copy=False,
        index=True,
        group_expand=True,
        groups=VALUE_GROUP,
        help="Customer pyramid over the value window: top 1 % VIP, next 19 % major, next 30 % ordinary, "
        "the rest with revenue small (configurable).",
    )
    hotel_rfm_recency = fields.Integer(
        string="RFM Recency", readonly=True, copy=False, aggregator="avg", groups=VALUE_GROUP
    )
    hotel_rfm_frequency = fields.Integer(
        string="RFM Frequency", readonly=True, copy=False, aggregator="avg", groups=VALUE_GROUP
    )
    hotel_rfm_monetary = fields.Integer(
        string="RFM Monetary", readonly=True, copy=False, aggregator="avg", groups=VALUE_GROUP
    )
    hotel_rfm_score = fields.Char(
        string="RFM Score",
        size=3,
        readonly=True,
        copy=False,
        index=True,
        groups=VALUE_GROUP,
        help="Recency, frequency and monetary quintile scores (1-5) over all guests with a checked-out stay.",
    )
    hotel_rfm_segment = fields.Selection(
        RFM_SEGMENTS,
        string="RFM Segment",
        readonly=True,
        copy=False,
        index=True,
        group_expand=True,
        groups=VALUE_GROUP,
    )
    hotel_annual_revenue = fields.Float(
        string="Annual Revenue",
        digits=(16, 2),
        readonly=True,
        copy=False,
        groups=VALUE_GROUP,
        help="Revenue in the value window scaled to one year.",
    )
    hotel_clv = fields.Float(
        string="Lifetime Value",
        digits=(16, 2),
        readonly=True,
        copy=False,
        groups=VALUE_GROUP,
        help="Customer lifetime value: gross margin x annual revenue x expected years.",
    )
    hotel_retention_spend = fields.Float(
        string="Retention Spend",
        digits=(16, 2),
        readonly=True,
        copy=False,
        groups=VALUE_GROUP,
        help="What was spent to keep the guest: complaint compensations in money, and the rewards the guest "
        "redeemed at the value of one point.",
    )
    hotel_retention_exceeds_clv = fields.Boolean(
        string="Spend Exceeds CLV",
        readonly=True,
        copy=False,
        groups=VALUE_GROUP,
        help="Retention spend on this guest is higher than the guest's lifetime value.",
    )
    hotel_usual_interval = fields.Float(
        string="Usual Interval (days)",
        digits=(16, 1),
        readonly=True,
        copy=False,
        groups=VALUE_GROUP,
        help="Average number of days between the arrival dates of the guest's checked-out stays "
        "(stays arriving on the same day count once).",
    )
    hotel_lifecycle_stage = fields.Selection(
        LIFECYCLE_STAGES,
        string="Life-cycle Stage",
        readonly=True,
        copy=False,
        index=True,
        group_expand=True,
        groups=VALUE_GROUP,
    )
    hotel_lifecycle_date = fields.Date(
        string="Stage Since",
        readonly=True,
        copy=False,
        groups=VALUE_GROUP,
        help="Date the guest entered the life-cycle stage, from the stay history: churned the day after "
        "the churn period since the last departure, at risk the day after the usual gap, first stay, "
        "repeat and loyal the arrival of the stay that made them.",
    )
    hotel_churn_risk = fields.Boolean(
        string="Churn Risk",
        readonly=True,
        copy=False,
        index=True,
        groups=VALUE_GROUP,
        help="Early warning: the guest is at risk of leaving (long gap since the usual interval, "
        "a low survey score or an unresolved complaint).",
    )
    hotel_value_date = fields.Date(string="Value Updated On", readonly=True, copy=False, groups=VALUE_GROUP)
    hotel_loss_ids = fields.One2many("hotel.crm.guest.loss", "partner_id", string="Loss Records", groups=VALUE_GROUP)

    # ------------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------------
    @api.model_create_multi
    def create(self, vals_list):
        # a new guest is a prospect, so that its first classification is a transition like any
        # other (an imported history that is already churned opens a loss record); only guests
        # that have no stage at all (an install, an upgrade, rows inserted in SQL) are classified
        # silently by their first recompute. An explicit stage (even False) is kept.
        guest_default = self.env.context.get("default_hotel_guest")
        stage_default = "default_hotel_lifecycle_stage" in self.env.context
        prospect = {"hotel_lifecycle_stage": "prospect", "hotel_lifecycle_date": self.env.company._hotel_today()}
        vals_list = [
            {**prospect, **vals}
            if vals.get("hotel_guest", guest_default) and "hotel_lifecycle_stage" not in vals and not stage_default
            else vals
            for vals in vals_list
        ]
        return super().create(vals_list)

    def write(self, vals):
        # a contact becoming a guest is a prospect too (a guest that already was one keeps its state)
        becoming = (
            self.sudo().filtered(lambda p: not p.hotel_guest and not p.hotel_lifecycle_stage)
            if vals.get("hotel_guest") and "hotel_lifecycle_stage" not in vals
            else self.browse()
        )
        res = super().write(vals)
        if becoming:
            becoming.write(
                {"hotel_lifecycle_stage": "prospect", "hotel_lifecycle_date": self.env.company._hotel_today()}
            )
        return res

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------
    def _read_group_orderby(self, order, groupby_terms, query):
        # graphs and pivots by value segment or life-cycle stage in rank order (pyramid, funnel)
        ranked = rank_ordered_groups(self, order, groupby_terms, ("hotel_value_segment", "hotel_lifecycle_stage"))
        return ranked if ranked is not None else super()._read_group_orderby(order, groupby_terms, query)

    def action_hotel_view_losses(self):
        return self._hotel_guest_action("hotel_crm.hotel_crm_guest_loss_action")
