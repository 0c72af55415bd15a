from datetime import timedelta

from odoo import _, api, fields, models
from odoo.tools import SQL

LOSS_REASONS = [
    ("price", "Price"),
    ("service", "Service quality"),
    ("product", "Room or facilities"),
    ("complaint", "Unresolved complaint"),
    ("competitor_offer", "Competitor's offer"),
    ("location", "Location or travel needs changed"),
    ("loyalty", "Loyalty programme elsewhere"),
    ("personal", "Personal circumstances"),
    ("unknown", "Unknown"),
    ("other", "Other"),
]


# A loss found longer ago than this (a first run on a database with years of history) is recorded
# for the analysis but gets no to-do: nobody chases guests who left years ago, all due today.
RECENT_CHURN_DAYS = 90


class HotelCrmGuestLoss(models.Model):
    """A lost (churned) guest, for guest relations to analyse: why, to whom, what to improve.

    Opened by the value recompute when a guest enters the *churned* stage, closed when the guest
    stays again (*won back*).
    """

    _name = "hotel.crm.guest.loss"
    _description = "Lost Guest"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "churn_date desc, id desc"
    _rec_name = "partner_id"
    _check_company_auto = True

    partner_id = fields.Many2one(
        "res.partner", string="Guest", required=True, index=True, ondelete="cascade", tracking=True
    )
    company_id = fields.Many2one(
        "res.company", string="Property", required=True, index=True, default=lambda self: self.env.company
    )
    user_id = fields.Many2one("res.users", string="Guest Relations", tracking=True, index=True)
    state = fields.Selection(
        [("open", "To Analyse"), ("analysed", "Analysed"), ("won_back", "Won Back")],
        required=True,
        default="open",
        index=True,
        tracking=True,
        group_expand=True,
    )
    churn_date = fields.Date(
        string="Churned On", required=True, default=lambda self: self.env.company._hotel_today(), index=True
    )
    last_stay_date = fields.Date(string="Last Stay")
    won_back_date = fields.Date(string="Won Back On", readonly=True)
    reason = fields.Selection(LOSS_REASONS, tracking=True, index=True)
    competitor = fields.Char(string="Competitor Chosen", tracking=True, help="Hotel or brand the guest went to.")
    notes = fields.Html()
    improvement_proposal = fields.Html(help="What the hotel should change so that guests like this one stay.")
    revenue_lost = fields.Float(
        string="Lost Annual Revenue",
        digits=(16, 2),
        aggregator="sum",
        help="The guest's annual revenue when last active (before churning).",
    )
    clv_lost = fields.Float(string="Lost Lifetime Value", digits=(16, 2), aggregator="sum")
    value_segment = fields.Selection(
        related="partner_id.hotel_value_segment", string="Value Segment", store=False, readonly=True
    )

    _sql_constraints = [
        (
            "won_back_date_check",
            "CHECK(state != 'won_back' OR won_back_date IS NOT NULL)",
            "A won-back loss record needs the date the guest came back.",
        ),
    ]

    def init(self):
        # one open (not won back) loss record per guest and property, also with two workers at once
        self.env.cr.execute(
            SQL(
                "CREATE UNIQUE INDEX IF NOT EXISTS hotel_crm_guest_loss_open_unique "
                "ON hotel_crm_guest_loss (partner_id, company_id) WHERE state != 'won_back'"
            )
        )

    def action_analysed(self):
        for loss in self:
            if loss.state == "won_back":
                continue
            loss.state = "analysed"
        return True

    def action_reopen(self):
        self.filtered(lambda loss: loss.state == "analysed").write({"state": "open"})
        return True

    @api.model
    def _hotel_revenue_before_churn(self, partners):
        """Last departure and realised revenue of each guest in the year up to that departure, at
        all the properties (as the life cycle and the annual revenue are the group's: the loss is
        opened in the company of the run that found it, often the group's guest-relations one).

        :return: ``{partner id: (last departure date, revenue)}`` (guests without such stays are
            left out); one query
        """
        if not partners:
            return {}
        self.env["hotel.crm.stay"].flush_model(["partner_id", "state", "departure_date", "revenue_total"])
        rows = self.env.execute_query(
            SQL(
                """
                SELECT s.partner_id, MAX(l.last_departure), SUM(s.revenue_total)
                  FROM hotel_crm_stay s
                  JOIN (SELECT partner_id, MAX(departure_date) AS last_departure
                          FROM hotel_crm_stay
                         WHERE partner_id IN %(ids)s AND state IN ('in_house', 'checked_out')
                         GROUP BY partner_id) l ON l.partner_id = s.partner_id
                 WHERE s.state IN ('in_house', 'checked_out')
                   AND s.departure_date > l.last_departure - 365
                 GROUP BY s.partner_id
                """,
                ids=tuple(partners.ids),
            )
        )
        return {partner_id: (last_departure, revenue) for partner_id, last_departure, revenue in rows}

    @api.model
    def _hotel_open_for(self, partners, company):
        """One open loss record per churned guest (and property); existing open ones are kept.

        The loss is dated when it happened: the day the guest entered the *churned* stage (see
        ``res.partner._hotel_stage_date_sql``), else the day after the property's churn period
        since the guest's last departure, never after today. It is valued at the guest's
        annual revenue, else (a lost guest has none in the value window) the revenue of the year
        before the last departure, and at that revenue's lifetime value. A to-do
        to find out why goes to guest relations for losses of the last ``RECENT_CHURN_DAYS`` days
        only: a first run over years of history does not bury them under overdue to-dos for guests
        who left long ago.
        """
        today = company._hotel_today()
        churn_days = timedelta(days=company.hotel_churn_days or 365)
        revenue_before = self._hotel_revenue_before_churn(partners)
        existing = set(
            self.search(
                [("partner_id", "in", partners.ids), ("company_id", "=", company.id), ("state", "!=", "won_back")]
            ).partner_id.ids
        )
        vals_list = []
        for partner in partners.with_env(self.env):
            if partner.id in existing:
                continue
            last_departure, revenue = revenue_before.get(partner.id, (None, 0.0))
            if partner.hotel_lifecycle_stage == "churned" and partner.hotel_lifecycle_date:
                churn_date = partner.hotel_lifecycle_date
            elif last_departure:
                churn_date = min(last_departure + churn_days + timedelta(days=1), today)
            else:
                churn_date = today
            vals_list.append(
                {
                    "partner_id": partner.id,
                    "company_id": company.id,
                    "user_id": company.hotel_guest_relations_user_id.id or partner.user_id.id or False,
                    "last_stay_date": partner.hotel_last_stay_date,
                    "churn_date": churn_date,
                    "revenue_lost": partner.hotel_annual_revenue or revenue,
                    # the lifetime value of that annual revenue (margin x expected years)
                    "clv_lost": partner.hotel_clv
                    or round(revenue * company.hotel_clv_margin_pct / 100 * company.hotel_clv_years, 2),
                }
            )
        losses = self.with_context(mail_create_nolog=True).create(vals_list)
        recent = today - timedelta(days=RECENT_CHURN_DAYS)
        to_follow = losses.filtered(lambda loss: loss.user_id and loss.churn_date >= recent)
        if to_follow:
            # one create() for all the to-dos of the batch
            todo = self.env.ref("mail.mail_activity_data_todo")
            model_id = self.env["ir.model"]._get_id(self._name)
            deadline = company._hotel_today()
            self.env["mail.activity"].create(
                [
                    {
                        "res_model_id": model_id,
                        "res_id": loss.id,
                        "activity_type_id": todo.id,
                        "user_id": loss.user_id.id,
                        "date_deadline": deadline,
                        "summary": self.env._("Find out why %(guest)s stopped coming", guest=loss.partner_id.name),
                        "automated": True,
                    }
                    for loss in to_follow
                ]
            )
        return losses

    @api.model
    def _hotel_close_for(self, partners, today):
        """The guests came back: their loss records are closed as won back."""
        losses = self.search([("partner_id", "in", partners.ids), ("state", "!=", "won_back")])
        losses.write({"state": "won_back", "won_back_date": today})
        losses.activity_ids.action_feedback(feedback=_("The guest stayed again: won back."))
        return losses
