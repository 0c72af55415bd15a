from odoo import api, fields, models

from .common import SCORE_MAX, SCORES


class HotelCrmPartnerEvaluationLine(models.Model):
    """One criterion of a scorecard: its weight (copied from the criterion when the scorecard was
    created, so that later changes of the weights leave past scorecards as they were) and its score."""

    _name = "hotel.crm.partner.evaluation.line"
    _description = "Partner Scorecard Criterion"
    _inherit = ["hotel.crm.protected.fields.mixin"]
    _order = "evaluation_id, sequence, id"

    evaluation_id = fields.Many2one(
        "hotel.crm.partner.evaluation", string="Scorecard", required=True, index=True, ondelete="cascade"
    )
    company_id = fields.Many2one(related="evaluation_id.company_id", store=True, index=True)
    state = fields.Selection(related="evaluation_id.state")
    criterion_id = fields.Many2one("hotel.crm.partner.criterion", required=True, ondelete="restrict")
    description = fields.Text(related="criterion_id.description")
    sequence = fields.Integer(compute="_compute_from_criterion", store=True, precompute=True)
    weight = fields.Integer(
        compute="_compute_from_criterion",
        store=True,
        precompute=True,
        help="The criterion's weight when the scorecard was created (out of 100).",
    )
    score = fields.Selection(SCORES, string="Score (0-10)", help="0 = fails entirely, 5 = acceptable, 10 = excellent.")
    weighted_score = fields.Float(
        string="Points",
        compute="_compute_weighted_score",
        store=True,
        digits=(5, 1),
        help="Weight × score ÷ 10: this criterion's part of the total score (0-100).",
    )
    note = fields.Char(string="Comment")

    _sql_constraints = [
        (
            "criterion_unique",
            "UNIQUE(evaluation_id, criterion_id)",
            "A criterion is scored once per scorecard.",
        ),
    ]

    @api.depends("criterion_id")
    def _compute_from_criterion(self):
        for line in self:
            line.sequence = line.criterion_id.sequence
            line.weight = line.criterion_id.weight

    @api.depends("weight", "score")
    def _compute_weighted_score(self):
        for line in self:
            line.weighted_score = line.weight * int(line.score) / SCORE_MAX if line.score else 0.0

    def write(self, vals):
        res = super().write(vals)
        if "score" in vals:
            # the total changed: so may the ranks and trends
            self.evaluation_id._hotel_refresh_standing()
        return res
