from odoo import api, fields, models
from odoo.exceptions import AccessError

from ..guest.res_partner import CONSENT_SOURCES

CONSENT_CHANNELS = [("email", "E-mail"), ("sms", "SMS")]
# What a message is for. Service messages (a booking confirmation, the answer to a complaint) are
# necessary to perform the guest's contract and need no consent (PIPL art. 13(2)); marketing and
# surveys need the guest's consent for that purpose on that channel; sensitive personal
# information (health: allergies, dietary needs) needs a separate consent (PIPL art. 29).
CONSENT_PURPOSES = [
    ("service", "Service Messages"),
    ("marketing", "Marketing"),
    ("survey", "Surveys"),
    ("sensitive", "Sensitive Personal Information"),
]
# the partner field holding the current state of each channel and purpose
CHANNEL_FIELDS = {"email": "hotel_consent_email", "sms": "hotel_consent_sms"}
PURPOSE_FIELDS = {
    "marketing": "hotel_consent_marketing",
    "survey": "hotel_consent_survey",
    "sensitive": "hotel_consent_sensitive",
}


class HotelCrmConsent(models.Model):
    """One consent given or withdrawn by a guest: the history behind the guest's consent fields.

    Append-only: a change of mind is a new row, never an edit, so that the history proves what the
    guest agreed to, when, where and on what text. Rows are written by the guest's consent fields
    (``res.partner.hotel_consent_*``), never by hand.
    """

    _name = "hotel.crm.consent"
    _description = "Guest Consent"
    _order = "date desc, id desc"
    _rec_name = "partner_id"

    partner_id = fields.Many2one("res.partner", string="Guest", required=True, index=True, ondelete="cascade")
    channel = fields.Selection(CONSENT_CHANNELS, help="Empty: the consent is for a purpose on every channel.")
    purpose = fields.Selection(
        CONSENT_PURPOSES, help="Empty: the consent is for the channel, for the purposes the guest agreed to."
    )
    granted = fields.Boolean(help="Given (checked) or withdrawn.")
    date = fields.Datetime(required=True, default=fields.Datetime.now, index=True)
    source = fields.Selection(CONSENT_SOURCES)
    proof = fields.Text(
        help="What the guest agreed to: the wording or form version, or a reference to the signed card."
    )
    user_id = fields.Many2one("res.users", string="Recorded By", default=lambda self: self.env.user)
    recorded_company_id = fields.Many2one(
        "res.company",
        string="Recorded At",
        default=lambda self: self.env.company,
        help="The property where the consent was recorded. Consent is the guest's, for the whole group: "
        "every property's staff read the guest's consent history.",
    )
    deleted_preference_count = fields.Integer(
        string="Sensitive Preferences Deleted",
        help="On a withdrawal of the sensitive-data consent: how many sensitive preferences of the guest "
        "were deleted with it (their content is not kept).",
    )

    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.su:
            raise AccessError(self.env._("Consent history is written by the guest's consent fields, not by hand."))
        return super().create(vals_list)

    def write(self, vals):
        if not self.env.su:
            raise AccessError(
                self.env._("Consent history cannot be changed: record a new consent on the guest instead.")
            )
        return super().write(vals)

    def unlink(self):
        if not self.env.su:
            raise AccessError(self.env._("Consent history cannot be deleted."))
        return super().unlink()
