from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"  # pylint: disable=consider-merging-classes-inherited

    # guest value and life cycle
    hotel_value_window_days = fields.Integer(related="company_id.hotel_value_window_days", readonly=False)
    hotel_pyramid_vip_pct = fields.Float(related="company_id.hotel_pyramid_vip_pct", readonly=False)
    hotel_pyramid_major_pct = fields.Float(related="company_id.hotel_pyramid_major_pct", readonly=False)
    hotel_pyramid_ordinary_pct = fields.Float(related="company_id.hotel_pyramid_ordinary_pct", readonly=False)
    hotel_margin_room_pct = fields.Float(related="company_id.hotel_margin_room_pct", readonly=False)
    hotel_margin_fnb_pct = fields.Float(related="company_id.hotel_margin_fnb_pct", readonly=False)
    hotel_margin_other_pct = fields.Float(related="company_id.hotel_margin_other_pct", readonly=False)
    hotel_clv_years = fields.Float(related="company_id.hotel_clv_years", readonly=False)
    hotel_churn_days = fields.Integer(related="company_id.hotel_churn_days", readonly=False)
    hotel_at_risk_factor = fields.Float(related="company_id.hotel_at_risk_factor", readonly=False)
    hotel_loyal_min_stays = fields.Integer(related="company_id.hotel_loyal_min_stays", readonly=False)
    hotel_low_csat = fields.Integer(related="company_id.hotel_low_csat", readonly=False)
    hotel_low_nps = fields.Integer(related="company_id.hotel_low_nps", readonly=False)
    hotel_guest_relations_user_id = fields.Many2one(related="company_id.hotel_guest_relations_user_id", readonly=False)

    def action_hotel_recompute_value(self):
        """Manager button: recompute guest value and life cycle now, with this company's settings."""
        self._hotel_ensure_one()
        return self.env["res.partner"].with_company(self.company_id).action_hotel_recompute_value()
