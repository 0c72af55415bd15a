from odoo import api, fields, models
from odoo.exceptions import ValidationError


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"  # pylint: disable=consider-merging-classes-inherited

    hotel_survey_id = fields.Many2one(related="company_id.hotel_survey_id", readonly=False)
    hotel_survey_delay_days = fields.Integer(related="company_id.hotel_survey_delay_days", readonly=False)
    hotel_survey_reminder_days = fields.Integer(related="company_id.hotel_survey_reminder_days", readonly=False)
    hotel_survey_sms = fields.Boolean(related="company_id.hotel_survey_sms", readonly=False)
    hotel_low_ces = fields.Integer(related="company_id.hotel_low_ces", readonly=False)
    hotel_low_dimension = fields.Integer(related="company_id.hotel_low_dimension", readonly=False)
    hotel_review_low_rating = fields.Integer(related="company_id.hotel_review_low_rating", readonly=False)
    # one guest, one survey per period across every property of the group: a system parameter
    hotel_survey_fatigue_days = fields.Integer(
        string="Survey Fatigue Window (days)",
        config_parameter="hotel_crm.survey_fatigue_days",
        default=30,
        help="A guest (or e-mail address) invited once is not invited again, by any property, within this many days.",
    )

    @api.constrains("hotel_survey_fatigue_days")
    def _check_hotel_survey_fatigue_days(self):
        for settings in self:
            if settings.hotel_survey_fatigue_days < 0:
                raise ValidationError(
                    self.env._("The survey fatigue window cannot be negative (Settings > Guest Voice).")
                )
