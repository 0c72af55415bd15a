"""Partner scorecards: periodic, weighted evaluations of travel agencies, OTAs, corporate accounts
and suppliers, with the figures measured from the stays a channel partner booked.

Definitions (the README's *Partner scorecards* follows them):

* **Total score** (0-100): ``sum(weight * score) / 10`` over the evaluation's criteria, scores
  0-10, weights adding up to 100 (kept on the evaluation as they were when it was created).
* **Trend**: the total minus the total of the previous *done* evaluation of the same partner at the
  same property (the latest starting before this one).
* **Rank**: the place of a *done* evaluation among the done evaluations of the same property,
  period (same from and to dates) and partner type, by total score (1 = best; ties share a rank).
* **Measured figures** (channel partners), over the stays of the property booked by the partner
  (``hotel.crm.stay.booker_id``) arriving in the period: stays (all states), room nights and
  revenue (stays that happened: in house or checked out), cancellation and no-show rates
  (cancelled, resp. no-show stays ÷ all stays, in percent), CSAT (mean of the 1-5 answers) and NPS
  (% promoters 9-10 − % detractors 0-6) of the completed post-stay survey answers of those stays,
  with the number of answers each.
"""

from datetime import timedelta

from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import SQL

from ..guest.hotel_crm_stay import REALISED_STATES
from ..survey.metrics import NPS_DETRACTOR_MAX, NPS_PROMOTER_MIN
from .common import CHANNEL_PARTNER_TYPES, PARTNER_TYPES, WEIGHT_TOTAL

MANAGER = "hotel_crm.hotel_crm_group_manager"
# the figures measured from the stays, written by _hotel_compute_figures
FIGURE_FIELDS = (
    "stay_count",
    "room_nights",
    "revenue",
    "cancel_rate",
    "no_show_rate",
    "csat_avg",
    "csat_count",
    "nps",
    "nps_count",
    "figures_date",
)
# the standing among the other evaluations, written by _hotel_refresh_standing
STANDING_FIELDS = ("previous_evaluation_id", "previous_score", "score_trend", "rank", "rank_count")


class HotelCrmPartnerEvaluation(models.Model):
    _name = "hotel.crm.partner.evaluation"
    _description = "Partner Scorecard"
    _inherit = ["mail.thread", "mail.activity.mixin", "hotel.crm.protected.fields.mixin"]
    _order = "date_to desc, total_score desc, id desc"
    _check_company_auto = True

    def _default_date_from(self):
        today = self.env.company._hotel_today()
        return (today.replace(day=1) - timedelta(days=1)).replace(day=1)

    def _default_date_to(self):
        return self.env.company._hotel_today().replace(day=1) - timedelta(days=1)

    def _default_line_ids(self):
        criteria = self.env["hotel.crm.partner.criterion"].search([])
        return [fields.Command.create({"criterion_id": criterion.id}) for criterion in criteria]

    partner_id = fields.Many2one(
        "res.partner",
        required=True,
        index=True,
        tracking=True,
        ondelete="restrict",
        check_company=True,
        domain="[('is_company', '=', True), ('company_id', 'in', [company_id, False])]",
    )
    partner_type = fields.Selection(
        PARTNER_TYPES,
        required=True,
        compute="_compute_partner_type",
        store=True,
        readonly=False,
        precompute=True,
        tracking=True,
        help="The partner's type when it was evaluated (from the company contact): evaluations are "
        "ranked among those of the same type.",
    )
    company_id = fields.Many2one(
        "res.company", string="Property", required=True, index=True, default=lambda self: self.env.company
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    date_from = fields.Date(string="From", required=True, default=_default_date_from, tracking=True)
    date_to = fields.Date(string="To", required=True, default=_default_date_to, tracking=True)
    evaluator_id = fields.Many2one("res.users", required=True, default=lambda self: self.env.user, tracking=True)
    state = fields.Selection(
        [("draft", "Draft"), ("done", "Done")], required=True, default="draft", tracking=True, copy=False
    )
    line_ids = fields.One2many(
        "hotel.crm.partner.evaluation.line",
        "evaluation_id",
        string="Criteria",
        copy=True,
        default=_default_line_ids,
    )
    note = fields.Text(string="Comments", help="Strengths, weaknesses and what was agreed with the partner.")
    total_score = fields.Float(
        compute="_compute_total_score",
        store=True,
        digits=(5, 1),
        aggregator="avg",
        tracking=True,
        help="Sum of weight × score ÷ 10 over the criteria (scores 0-10, weights adding up to 100): 0-100.",
    )
    # standing among the other evaluations (_hotel_refresh_standing)
    previous_evaluation_id = fields.Many2one("hotel.crm.partner.evaluation", readonly=True, copy=False)
    previous_score = fields.Float(digits=(5, 1), readonly=True, copy=False, aggregator="avg")
    score_trend = fields.Float(
        string="Trend",
        digits=(5, 1),
        readonly=True,
        copy=False,
        aggregator="avg",
        help="Total score minus that of the previous done evaluation of the same partner at the same property.",
    )
    rank = fields.Integer(
        readonly=True,
        copy=False,
        aggregator="min",
        help="Place among the done evaluations of the same property, period and partner type (1 = best).",
    )
    rank_count = fields.Integer(
        string="Ranked Partners",
        readonly=True,
        copy=False,
        aggregator="max",
        help="Number of done evaluations of the same property, period and partner type.",
    )
    # figures measured from the stays the partner booked (_hotel_compute_figures)
    stay_count = fields.Integer(string="Stays", readonly=True, copy=False, help="Stays booked, whatever their state.")
    room_nights = fields.Integer(readonly=True, copy=False, help="Nights of the stays that happened.")
    revenue = fields.Monetary(readonly=True, copy=False, help="Total revenue of the stays that happened.")
    cancel_rate = fields.Float(
        string="Cancellation Rate (%)", digits=(5, 1), readonly=True, copy=False, aggregator="avg"
    )
    no_show_rate = fields.Float(string="No-show Rate (%)", digits=(5, 1), readonly=True, copy=False, aggregator="avg")
    csat_avg = fields.Float(string="CSAT", digits=(3, 2), readonly=True, copy=False, aggregator="avg")
    csat_count = fields.Integer(string="CSAT Answers", readonly=True, copy=False)
    nps = fields.Float(string="NPS", digits=(5, 1), readonly=True, copy=False, aggregator="avg")
    nps_count = fields.Integer(string="NPS Answers", readonly=True, copy=False)
    figures_date = fields.Datetime(string="Figures Measured On", readonly=True, copy=False)
    is_channel_partner = fields.Boolean(compute="_compute_is_channel_partner")

    _sql_constraints = [
        ("period_check", "CHECK(date_to >= date_from)", "An evaluation's period must end on or after its start."),
        ("total_range", "CHECK(total_score >= 0 AND total_score <= 100)", "A total score is between 0 and 100."),
    ]

    # ------------------------------------------------------------------
    # Computes
    # ------------------------------------------------------------------
    @api.depends("partner_id", "date_from", "date_to")
    def _compute_display_name(self):
        for evaluation in self:
            period = f"{evaluation.date_from or ''} – {evaluation.date_to or ''}"
            evaluation.display_name = f"{evaluation.partner_id.name or ''} · {period}"

    @api.depends("partner_id")
    def _compute_partner_type(self):
        for evaluation in self:
            evaluation.partner_type = evaluation.partner_id.hotel_partner_type or evaluation.partner_type

    @api.depends("line_ids.weight", "line_ids.score")
    def _compute_total_score(self):
        for evaluation in self:
            evaluation.total_score = sum(line.weighted_score for line in evaluation.line_ids)

    @api.depends("partner_type")
    def _compute_is_channel_partner(self):
        for evaluation in self:
            evaluation.is_channel_partner = evaluation.partner_type in CHANNEL_PARTNER_TYPES

    # ------------------------------------------------------------------
    # Constraints
    # ------------------------------------------------------------------
    @api.constrains("line_ids")
    def _check_weights(self):
        for evaluation in self:
            total = sum(evaluation.line_ids.mapped("weight"))
            if total != WEIGHT_TOTAL:
                raise ValidationError(
                    _(
                        "Scorecard %(evaluation)s: the weights of its criteria add up to %(total)s; they must add "
                        "up to %(expected)s.",
                        evaluation=evaluation.display_name,
                        total=total,
                        expected=WEIGHT_TOTAL,
                    )
                )

    @api.constrains("partner_id")
    def _check_partner(self):
        for evaluation in self:
            if not evaluation.partner_id.is_company:
                raise ValidationError(
                    _(
                        "Scorecard %(evaluation)s: the partner must be a company, not a person.",
                        evaluation=evaluation.display_name,
                    )
                )

    # ------------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------------
    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if not vals.get("line_ids"):
                # the criteria as they are configured now, checked to weigh 100 together
                criteria = self.env["hotel.crm.partner.criterion"]._hotel_check_weights()
                vals["line_ids"] = [fields.Command.create({"criterion_id": c.id}) for c in criteria]
        evaluations = super().create(vals_list)
        evaluations._hotel_compute_figures()
        evaluations._hotel_refresh_standing()
        return evaluations

    def write(self, vals):
        moved = {"partner_id", "company_id", "date_from", "date_to", "partner_type", "state"} & set(vals)
        before = self._hotel_standing_neighbours() if moved else self.browse()
        res = super().write(vals)
        if moved & {"partner_id", "company_id", "date_from", "date_to"}:
            self.filtered(lambda e: e.state == "draft")._hotel_compute_figures()
        if moved or "line_ids" in vals:
            (self | before)._hotel_refresh_standing()
        return res

    def unlink(self):
        neighbours = self._hotel_standing_neighbours() - self
        res = super().unlink()
        neighbours.exists()._hotel_refresh_standing()
        return res

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------
    def action_done(self):
        """Complete the evaluation: every criterion must be scored. The evaluator (their own draft,
        as the record rules let them write it) or a Hotel CRM manager."""
        for evaluation in self:
            if evaluation.state != "draft":
                raise UserError(_("Scorecard %s is already done.", evaluation.display_name))
            missing = evaluation.line_ids.filtered(lambda line: not line.score)
            if missing:
                raise UserError(
                    _(
                        "Scorecard %(evaluation)s: score every criterion first (missing: %(criteria)s).",
                        evaluation=evaluation.display_name,
                        criteria=", ".join(missing.mapped("criterion_id.name")),
                    )
                )
        self.check_access("write")
        self._hotel_trusted().write({"state": "done"})
        return True

    def action_draft(self):
        """Reopen done evaluations: Hotel CRM managers only (a done evaluation counts in the ranking)."""
        if not self.env.su and not self.env.user.has_group(MANAGER):
            raise AccessError(_("Only a Hotel CRM manager can reopen a done scorecard."))
        self._hotel_trusted().write({"state": "draft"})
        return True

    def action_refresh_figures(self):
        """Measure the draft evaluations' figures again from the stays (done ones keep theirs)."""
        drafts = self.filtered(lambda e: e.state == "draft")
        drafts.check_access("write")
        drafts._hotel_compute_figures()
        return True

    def action_open_stays(self):
        """The stays the figures were measured on."""
        self._hotel_ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("hotel_crm.hotel_crm_stay_action")
        action.update(
            name=_("Stays booked by %s", self.partner_id.display_name),
            domain=self._hotel_stay_domain(),
            context={"create": False},
        )
        return action

    # ------------------------------------------------------------------
    # Business methods
    # ------------------------------------------------------------------
    def _hotel_stay_domain(self):
        """The stays an evaluation measures: booked by its partner at its property, arriving in its period."""
        self.ensure_one()
        return [
            ("booker_id", "=", self.partner_id.id),
            ("company_id", "=", self.company_id.id),
            ("arrival_date", ">=", self.date_from),
            ("arrival_date", "<=", self.date_to),
        ]

    def _hotel_compute_figures(self):
        """Measure the figures of these evaluations from the stays and survey answers, in one SQL
        statement for the whole batch (see the module's docstring for the definitions).

        Written for every partner type; the views show them for channel partners only (a supplier
        books no stays: its figures are 0).
        """
        if not self:
            return
        self.flush_recordset(["partner_id", "company_id", "date_from", "date_to"])
        self.env["hotel.crm.stay"].flush_model(
            ["booker_id", "company_id", "arrival_date", "state", "nights", "revenue_total"]
        )
        Input = self.env["survey.user_input"]
        survey = "hotel_stay_id" in Input._fields and "hotel_nps" in Input._fields
        if survey:
            Input.flush_model(["hotel_stay_id", "hotel_csat", "hotel_nps", "state", "test_entry"])
        answers = (
            SQL(
                """
            SELECT st.ev_id,
                   AVG(a.hotel_csat) AS csat_avg, COUNT(a.hotel_csat) AS csat_count,
                   COUNT(a.hotel_nps) AS nps_count,
                   COUNT(*) FILTER (WHERE a.hotel_nps >= %(promoter)s) AS promoters,
                   COUNT(*) FILTER (WHERE a.hotel_nps <= %(detractor)s) AS detractors
              FROM st
              JOIN survey_user_input a ON a.hotel_stay_id = st.stay_id
             WHERE a.state = 'done' AND NOT COALESCE(a.test_entry, FALSE)
             GROUP BY st.ev_id
            """,
                promoter=NPS_PROMOTER_MIN,
                detractor=NPS_DETRACTOR_MAX,
            )
            if survey
            else SQL(
                "SELECT NULL::int AS ev_id, NULL::numeric AS csat_avg, 0 AS csat_count, 0 AS nps_count, "
                "0 AS promoters, 0 AS detractors WHERE FALSE"
            )
        )
        self.env.cr.execute(
            SQL(
                """
            WITH ev AS (
                SELECT id, partner_id, company_id, date_from, date_to
                  FROM hotel_crm_partner_evaluation WHERE id = ANY(%(ids)s)
            ), st AS (
                SELECT ev.id AS ev_id, s.id AS stay_id, s.state, s.nights, s.revenue_total
                  FROM ev
                  JOIN hotel_crm_stay s
                    ON s.booker_id = ev.partner_id AND s.company_id = ev.company_id
                   AND s.arrival_date BETWEEN ev.date_from AND ev.date_to
            ), stays AS (
                SELECT ev_id, COUNT(*) AS stay_count,
                       COALESCE(SUM(nights) FILTER (WHERE state IN %(realised)s), 0) AS room_nights,
                       COALESCE(SUM(revenue_total) FILTER (WHERE state IN %(realised)s), 0) AS revenue,
                       COUNT(*) FILTER (WHERE state = 'cancelled') AS cancelled,
                       COUNT(*) FILTER (WHERE state = 'no_show') AS no_show
                  FROM st GROUP BY ev_id
            ), answers AS (%(answers)s)
            UPDATE hotel_crm_partner_evaluation e
               SET stay_count = COALESCE(stays.stay_count, 0),
                   room_nights = COALESCE(stays.room_nights, 0),
                   revenue = COALESCE(stays.revenue, 0),
                   cancel_rate = COALESCE(100.0 * stays.cancelled / NULLIF(stays.stay_count, 0), 0),
                   no_show_rate = COALESCE(100.0 * stays.no_show / NULLIF(stays.stay_count, 0), 0),
                   csat_avg = answers.csat_avg,
                   csat_count = COALESCE(answers.csat_count, 0),
                   nps = 100.0 * (answers.promoters - answers.detractors) / NULLIF(answers.nps_count, 0),
                   nps_count = COALESCE(answers.nps_count, 0),
                   figures_date = NOW() AT TIME ZONE 'UTC'
              FROM ev
              LEFT JOIN stays ON stays.ev_id = ev.id
              LEFT JOIN answers ON answers.ev_id = ev.id
             WHERE e.id = ev.id
            """,
                ids=self.ids,
                realised=REALISED_STATES,
                answers=answers,
            )
        )
        self.invalidate_recordset(list(FIGURE_FIELDS))

    def _hotel_standing_neighbours(self):
        """The evaluations whose trend or rank depends on these, ``self`` included: those of the
        same property, period and partner type (rank) or of the same partner and property (trend).
        One query."""
        if not self:
            return self
        self.flush_model(["partner_id", "company_id", "date_from", "date_to", "partner_type"])
        self.env.cr.execute(
            SQL(
                """
            SELECT DISTINCT o.id
              FROM hotel_crm_partner_evaluation e
              JOIN hotel_crm_partner_evaluation o
                ON o.company_id = e.company_id
               AND (o.partner_id = e.partner_id
                    OR (o.date_from = e.date_from AND o.date_to = e.date_to AND o.partner_type = e.partner_type))
             WHERE e.id = ANY(%s)
            """,
                self.ids,
            )
        )
        return self.browse([row[0] for row in self.env.cr.fetchall()]) | self

    def _hotel_refresh_standing(self):
        """Rank and trend of these evaluations and of those sharing their property, period and
        type (rank) or partner and property (trend): two SQL statements for the whole batch."""
        if not self:
            return
        self.flush_model(["partner_id", "company_id", "date_from", "date_to", "partner_type", "state", "total_score"])
        ids = self.ids
        self.env.cr.execute(
            SQL(
                """
            WITH keys AS (
                SELECT DISTINCT company_id, date_from, date_to, partner_type
                  FROM hotel_crm_partner_evaluation WHERE id = ANY(%(ids)s)
            ), ranked AS (
                SELECT e.id,
                       CASE WHEN e.state = 'done' THEN
                           RANK() OVER (PARTITION BY e.company_id, e.date_from, e.date_to, e.partner_type,
                                                     e.state = 'done'
                                        ORDER BY e.total_score DESC)
                       END AS rnk,
                       COUNT(*) FILTER (WHERE e.state = 'done')
                           OVER (PARTITION BY e.company_id, e.date_from, e.date_to, e.partner_type) AS cnt
                  FROM hotel_crm_partner_evaluation e
                  JOIN keys k ON k.company_id = e.company_id AND k.date_from = e.date_from
                             AND k.date_to = e.date_to AND k.partner_type = e.partner_type
            )
            UPDATE hotel_crm_partner_evaluation e
               SET rank = ranked.rnk, rank_count = CASE WHEN ranked.rnk IS NULL THEN NULL ELSE ranked.cnt END
              FROM ranked
             WHERE e.id = ranked.id
            """,
                ids=ids,
            )
        )
        self.env.cr.execute(
            SQL(
                """
            WITH pairs AS (
                SELECT DISTINCT partner_id, company_id FROM hotel_crm_partner_evaluation WHERE id = ANY(%(ids)s)
            ), previous AS (
                SELECT e.id, prev.id AS prev_id, prev.total_score AS prev_score
                  FROM hotel_crm_partner_evaluation e
                  JOIN pairs p ON p.partner_id = e.partner_id AND p.company_id = e.company_id
                  LEFT JOIN LATERAL (
                        SELECT o.id, o.total_score FROM hotel_crm_partner_evaluation o
                         WHERE o.partner_id = e.partner_id AND o.company_id = e.company_id
                           AND o.state = 'done' AND o.id != e.id
                           AND (o.date_from, o.id) < (e.date_from, e.id)
                         ORDER BY o.date_from DESC, o.id DESC LIMIT 1
                  ) prev ON TRUE
            )
            UPDATE hotel_crm_partner_evaluation e
               SET previous_evaluation_id = previous.prev_id,
                   previous_score = previous.prev_score,
                   score_trend = e.total_score - previous.prev_score
              FROM previous
             WHERE e.id = previous.id
            """,
                ids=ids,
            )
        )
        self.invalidate_model(list(STANDING_FIELDS))
