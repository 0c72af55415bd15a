from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"  # pylint: disable=consider-merging-classes-inherited

    # in-stay check, per property
    hotel_instay_check_value = fields.Boolean(related="company_id.hotel_instay_check_value", readonly=False)
    hotel_instay_check_tier = fields.Boolean(related="company_id.hotel_instay_check_tier", readonly=False)
    hotel_instay_check_tier_id = fields.Many2one(related="company_id.hotel_instay_check_tier_id", readonly=False)
    hotel_instay_check_at_risk = fields.Boolean(related="company_id.hotel_instay_check_at_risk", readonly=False)
    hotel_instay_check_complained = fields.Boolean(related="company_id.hotel_instay_check_complained", readonly=False)
    hotel_instay_check_first_stay = fields.Boolean(related="company_id.hotel_instay_check_first_stay", readonly=False)
