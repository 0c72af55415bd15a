from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"  # pylint: disable=consider-merging-classes-inherited

    hotel_complaint_recovery_days = fields.Integer(related="company_id.hotel_complaint_recovery_days", readonly=False)
    hotel_complaint_escalation_user_id = fields.Many2one(
        related="company_id.hotel_complaint_escalation_user_id", readonly=False
    )
    hotel_crisis_complaint_count = fields.Integer(related="company_id.hotel_crisis_complaint_count", readonly=False)
    hotel_crisis_complaint_hours = fields.Integer(related="company_id.hotel_crisis_complaint_hours", readonly=False)
    hotel_crisis_review_count = fields.Integer(related="company_id.hotel_crisis_review_count", readonly=False)
