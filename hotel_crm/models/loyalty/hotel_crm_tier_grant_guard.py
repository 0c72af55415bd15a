from odoo import api, models


class HotelCrmTierGrant(models.Model):
    _name = "hotel.crm.tier.grant"
    _inherit = ["hotel.crm.tier.grant", "hotel.crm.protected.fields.mixin"]

    def _hotel_protected_fields(self):
        # what was granted, to whom, by whom and when stays as it was granted (a new grant says
        # otherwise); the state is the expiry job's, and with the revocation's who, when and why
        # that of Revoke (action_revoke). A manager may change the last day, the reason.
        return {
            **super()._hotel_protected_fields(),
            "partner_id": None,
            "tier_id": None,
            "date_from": None,
            "user_id": None,
            "company_id": None,
            "state": None,
            "revoked_user_id": None,
            "revoked_date": None,
            "revoke_reason": None,
        }

    @api.model_create_multi
    def create(self, vals_list):
        if not self._hotel_is_trusted():
            # a new grant names its guest, tier and property; who granted it, when and its state
            # are the application's, whatever a client sends (values or default_* context keys)
            for vals in vals_list:
                self._hotel_check_input(vals)  # before reading its property
            stamps = {"user_id": self.env.uid, "state": "active"}
            vals_list = [{**vals, **stamps, "date_from": self._hotel_grant_today(vals)} for vals in vals_list]
        return super().create(vals_list)

    def _hotel_grant_today(self, vals):
        company = self.env["res.company"].browse(vals.get("company_id")) or self.env.company
        return company._hotel_today()

    def write(self, vals):
        return super().write(self._hotel_guard_write(vals, company_move=True))
