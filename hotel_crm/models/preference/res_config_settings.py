from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"  # pylint: disable=consider-merging-classes-inherited

    hotel_preference_user_id = fields.Many2one(related="company_id.hotel_preference_user_id", readonly=False)
    hotel_preference_lead_days = fields.Integer(related="company_id.hotel_preference_lead_days", readonly=False)
