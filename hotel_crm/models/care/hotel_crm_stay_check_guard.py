from odoo import api, models

from .hotel_crm_stay_check import CRITERIA

# set by the application: the check is created at check-in and its outcome recorded by the
# Satisfied / Issue buttons, once (a client writing ``outcome`` would record it twice, or without
# the complaint an issue opens)
SYSTEM_FIELDS = (
    "stay_id",
    "partner_id",
    "company_id",
    "date_checkin",
    "date_due",
    "deadline",
    "outcome",
    "done_date",
    "done_user_id",
    "on_time",
    "complaint_id",
    *(f"reason_{key}" for key in CRITERIA),
)


class HotelCrmStayCheck(models.Model):
    _name = "hotel.crm.stay.check"
    _inherit = ["hotel.crm.stay.check", "hotel.crm.protected.fields.mixin"]

    def _hotel_protected_fields(self):
        # a manager may hand the call to someone else
        return {**super()._hotel_protected_fields(), **dict.fromkeys(SYSTEM_FIELDS), "user_id": "manager"}

    @api.model_create_multi
    def create(self, vals_list):
        return super().create(self._hotel_guard_create(vals_list))

    def write(self, vals):
        return super().write(self._hotel_guard_write(vals))
