from odoo import api, fields, models

from ..loyalty.res_partner import LOYALTY_PROTECTED_FIELDS

STAFF = "base.group_user"
# the group's stored stay totals (all properties): the value engine's input, for Hotel CRM staff only
# (an employee without Hotel CRM rights has no business with a guest's spend; the guest form shows
# the per-property figures, ``hotel_readable_*``)
CRM_STAFF = "hotel_crm.hotel_crm_group_user"
# A guest's own data that the guest may read on their own contact (portal), and that only
# internal users read on anybody else's (a portal user may read the contacts of their own company).
SELF_READABLE_FIELDS = (
    "hotel_guest",
    "hotel_guest_code",
    "hotel_consent_email",
    "hotel_consent_email_date",
    "hotel_consent_email_source",
    "hotel_consent_sms",
    "hotel_consent_sms_date",
    "hotel_consent_sms_source",
    "hotel_consent_marketing",
    "hotel_consent_survey",
    "hotel_consent_sensitive",
    "hotel_birthday",
    "hotel_anniversary",
    "hotel_stay_count",
    "hotel_nights_total",
    "hotel_revenue_total",
    "hotel_first_stay_date",
    "hotel_last_stay_date",
    "hotel_cancel_count",
    "hotel_no_show_count",
)


class ResPartner(models.Model):
    _name = "res.partner"
    _inherit = ["res.partner", "hotel.crm.protected.fields.mixin"]

    # staff-only guest fields: the attributes are added to the fields declared elsewhere
    hotel_guest = fields.Boolean(groups=STAFF)
    hotel_guest_code = fields.Char(groups=STAFF)
    hotel_phone_e164 = fields.Char(groups=STAFF)
    hotel_consent_email = fields.Boolean(groups=STAFF)
    hotel_consent_email_date = fields.Datetime(groups=STAFF)
    hotel_consent_email_source = fields.Selection(groups=STAFF)
    hotel_consent_sms = fields.Boolean(groups=STAFF)
    hotel_consent_sms_date = fields.Datetime(groups=STAFF)
    hotel_consent_sms_source = fields.Selection(groups=STAFF)
    hotel_consent_marketing = fields.Boolean(groups=STAFF)
    hotel_consent_survey = fields.Boolean(groups=STAFF)
    hotel_consent_sensitive = fields.Boolean(groups=STAFF)
    hotel_consent_ids = fields.One2many(groups=STAFF)
    hotel_birthday = fields.Date(groups=STAFF)
    hotel_anniversary = fields.Date(groups=STAFF)
    hotel_preference_ids = fields.One2many(groups=STAFF)
    hotel_stay_ids = fields.One2many(groups=STAFF)
    hotel_stay_count = fields.Integer(groups=CRM_STAFF)
    hotel_nights_total = fields.Integer(groups=CRM_STAFF)
    hotel_revenue_total = fields.Float(groups=CRM_STAFF)
    hotel_first_stay_date = fields.Date(groups=CRM_STAFF)
    hotel_last_stay_date = fields.Date(groups=CRM_STAFF)
    hotel_cancel_count = fields.Integer(groups=CRM_STAFF)
    hotel_no_show_count = fields.Integer(groups=CRM_STAFF)
    hotel_preference_count = fields.Integer(groups=STAFF)
    hotel_in_house = fields.Boolean(groups=STAFF)
    hotel_arriving_this_week = fields.Boolean(groups=STAFF)
    hotel_birthday_this_month = fields.Boolean(groups=STAFF)
    hotel_duplicate_ids = fields.Many2many(groups=STAFF)
    hotel_duplicate = fields.Boolean(groups=STAFF)
    hotel_complaint_ids = fields.One2many(groups=STAFF)
    hotel_complaint_count = fields.Integer(groups=STAFF)

    @api.model
    def check_field_access_rights(self, operation, field_names):
        """A signed-in guest reads their own guest data (``SELF_READABLE_FIELDS``), nobody else's."""
        if operation != "read" or len(self._ids) != 1 or self.env.su or self._ids[0] != self.env.user.partner_id.id:
            return super().check_field_access_rights(operation, field_names)
        if not field_names:
            names = super().check_field_access_rights(operation, field_names)
            return names + [fname for fname in SELF_READABLE_FIELDS if fname not in names]
        others = [fname for fname in field_names if fname not in SELF_READABLE_FIELDS]
        if others:
            super().check_field_access_rights(operation, others)
        return field_names

    def _hotel_protected_fields(self):
        """The guest code, stay figures and guest value: set by the application only."""
        protected = super()._hotel_protected_fields()
        for fname, field in self._fields.items():
            if (
                fname.startswith("hotel_")
                and field.store
                and field.readonly
                and field.type != "one2many"
                and fname not in LOYALTY_PROTECTED_FIELDS  # refused by the loyalty programme's own rule
            ):
                protected[fname] = None
        return protected

    @api.model_create_multi
    def create(self, vals_list):
        return super().create(self._hotel_guard_create(vals_list))

    def _hotel_guard_create_vals(self, vals):
        # a guest code given with a new guest is kept (imports carry the PMS's guest codes)
        return {k: v for k, v in vals.items() if k != "hotel_guest_code"}

    def write(self, vals):
        return super().write(self._hotel_guard_write(vals))
