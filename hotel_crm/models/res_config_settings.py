from odoo import _, api, fields, models
from odoo.exceptions import ValidationError


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    hotel_preference_user_id = fields.Many2one(related="company_id.hotel_preference_user_id", readonly=False)
    hotel_preference_lead_days = fields.Integer(related="company_id.hotel_preference_lead_days", readonly=False)
    # loyalty programme: shared by every property, hence system parameters
    hotel_loyalty_window_months = fields.Integer(
        string="Qualification Window (months)", config_parameter="hotel_crm.loyalty_window_months", default=12
    )
    hotel_points_expiry_months = fields.Integer(
        string="Points Expire After (months)", config_parameter="hotel_crm.points_expiry_months", default=24
    )
    hotel_point_value = fields.Float(
        string="Value of One Point", config_parameter="hotel_crm.point_value", default=0.05, digits=(16, 4)
    )
    hotel_birthday_bonus_points = fields.Integer(
        string="Birthday Bonus Points", config_parameter="hotel_crm.birthday_bonus_points"
    )
    hotel_anniversary_bonus_points = fields.Integer(
        string="Stay Anniversary Bonus Points", config_parameter="hotel_crm.anniversary_bonus_points"
    )

    # guest value and life cycle
    hotel_value_window_days = fields.Integer(related="company_id.hotel_value_window_days", readonly=False)
    hotel_pyramid_vip_pct = fields.Float(related="company_id.hotel_pyramid_vip_pct", readonly=False)
    hotel_pyramid_major_pct = fields.Float(related="company_id.hotel_pyramid_major_pct", readonly=False)
    hotel_pyramid_ordinary_pct = fields.Float(related="company_id.hotel_pyramid_ordinary_pct", readonly=False)
    hotel_clv_margin_pct = fields.Float(related="company_id.hotel_clv_margin_pct", readonly=False)
    hotel_clv_years = fields.Float(related="company_id.hotel_clv_years", readonly=False)
    hotel_churn_days = fields.Integer(related="company_id.hotel_churn_days", readonly=False)
    hotel_at_risk_factor = fields.Float(related="company_id.hotel_at_risk_factor", readonly=False)
    hotel_loyal_min_stays = fields.Integer(related="company_id.hotel_loyal_min_stays", readonly=False)
    hotel_low_csat = fields.Integer(related="company_id.hotel_low_csat", readonly=False)
    hotel_low_nps = fields.Integer(related="company_id.hotel_low_nps", readonly=False)
    hotel_guest_relations_user_id = fields.Many2one(related="company_id.hotel_guest_relations_user_id", readonly=False)

    @api.constrains("hotel_loyalty_window_months", "hotel_points_expiry_months")
    def _check_hotel_loyalty_months(self):
        for settings in self:
            if settings.hotel_loyalty_window_months < 1:
                raise ValidationError(
                    _("The loyalty qualification window must be at least one month (Settings > Loyalty Programme).")
                )
            if settings.hotel_points_expiry_months < 0:
                raise ValidationError(
                    _(
                        "Points expiry cannot be negative (Settings > Loyalty Programme); "
                        "use 0 for points that never expire."
                    )
                )

    def action_hotel_recompute_value(self):
        """Manager button: recompute guest value and life cycle now, with this company's settings."""
        self.ensure_one()
        return self.env["res.partner"].with_company(self.company_id).action_hotel_recompute_value()

    hotel_complaint_recovery_days = fields.Integer(related="company_id.hotel_complaint_recovery_days", readonly=False)
    hotel_complaint_escalation_user_id = fields.Many2one(
        related="company_id.hotel_complaint_escalation_user_id", readonly=False
    )
