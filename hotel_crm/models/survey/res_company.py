from odoo import api, fields, models
from odoo.exceptions import ValidationError


class ResCompany(models.Model):
    _inherit = "res.company"  # pylint: disable=consider-merging-classes-inherited

    hotel_survey_id = fields.Many2one(
        "survey.survey",
        string="Post-stay Survey",
        help="Survey sent after checkout; empty: the post-stay survey shipped with Hotel CRM.",
    )
    hotel_survey_delay_days = fields.Integer(
        string="Send Survey (days after departure)",
        default=2,
        help="Days after the departure date, in the property's time zone, when the invitation is sent.",
    )
    hotel_survey_reminder_days = fields.Integer(
        string="Reminder (days after invitation)",
        default=4,
        help="One reminder this many days after the invitation, unless the guest has answered; 0: no reminder.",
    )
    hotel_survey_sms = fields.Boolean(
        string="Invite by SMS",
        help="Guests with no e-mail address or no e-mail consent, but with a valid mobile number and SMS "
        "consent, get the survey link by text message (Odoo's SMS, which needs an SMS account with credits).",
    )
    hotel_low_ces = fields.Integer(
        string="Low CES (at most)", default=3, help="A survey CES (1-7) at or below this opens a complaint."
    )
    hotel_low_dimension = fields.Integer(
        string="Low Service Dimension (at most)",
        default=2,
        help="A service-quality dimension (1-5) at or below this opens a complaint.",
    )
    hotel_review_low_rating = fields.Integer(
        string="Low Review (at most, 0-100)",
        default=40,
        help="An online review whose normalised rating (0-100) is at or below this opens a complaint.",
    )

    @api.constrains(
        "hotel_survey_delay_days",
        "hotel_survey_reminder_days",
        "hotel_low_ces",
        "hotel_low_dimension",
        "hotel_review_low_rating",
        "hotel_low_csat",
        "hotel_low_nps",
    )
    def _check_hotel_survey_settings(self):
        for company in self:
            checks = [
                ("hotel_survey_delay_days", company.hotel_survey_delay_days >= 0),
                ("hotel_survey_reminder_days", company.hotel_survey_reminder_days >= 0),
                ("hotel_low_csat", 0 <= company.hotel_low_csat <= 5),
                ("hotel_low_nps", -1 <= company.hotel_low_nps <= 10),
                ("hotel_low_ces", 0 <= company.hotel_low_ces <= 7),
                ("hotel_low_dimension", 0 <= company.hotel_low_dimension <= 5),
                ("hotel_review_low_rating", -1 <= company.hotel_review_low_rating <= 100),
            ]
            for fname, ok in checks:
                if not ok:
                    raise ValidationError(
                        self.env._(
                            "Property %(company)s: the value %(value)s of '%(field)s' is out of range.",
                            company=company.name,
                            value=company[fname],
                            field=self._fields[fname].get_description(self.env)["string"],
                        )
                    )
