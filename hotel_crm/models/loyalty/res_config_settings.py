from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

from .hotel_crm_points_move import POINT_VALUE_DEFAULT, POINT_VALUE_PARAM


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"  # pylint: disable=consider-merging-classes-inherited

    # loyalty programme: shared by every property, hence system parameters
    hotel_loyalty_window_months = fields.Integer(
        string="Qualification Window (months)", config_parameter="hotel_crm.loyalty_window_months", default=12
    )
    hotel_points_expiry_months = fields.Integer(
        string="Points Expire After (months)", config_parameter="hotel_crm.points_expiry_months", default=24
    )
    hotel_point_value = fields.Float(
        string="Value of One Point", config_parameter=POINT_VALUE_PARAM, default=POINT_VALUE_DEFAULT, digits=(16, 4)
    )
    hotel_birthday_bonus_points = fields.Integer(
        string="Birthday Bonus Points", config_parameter="hotel_crm.birthday_bonus_points"
    )
    hotel_anniversary_bonus_points = fields.Integer(
        string="Stay Anniversary Bonus Points", config_parameter="hotel_crm.anniversary_bonus_points"
    )

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
