from odoo import api, fields, models
from odoo.exceptions import AccessError

PRIVACY_ACTIONS = [("erase", "Erasure"), ("export", "Export")]


class HotelCrmPrivacyLog(models.Model):
    """One data-subject request carried out on a guest: an erasure or an export.

    Written by ``res.partner.hotel_anonymize`` and ``res.partner.hotel_privacy_export`` only (with
    superuser rights, after their own checks); managers read it, nobody edits or deletes it.
    """

    _name = "hotel.crm.privacy.log"
    _description = "Guest Privacy Request Log"
    _order = "date desc, id desc"
    _rec_name = "partner_id"

    action = fields.Selection(PRIVACY_ACTIONS, required=True, readonly=True)
    partner_id = fields.Many2one("res.partner", string="Guest", required=True, index=True, readonly=True)
    user_id = fields.Many2one("res.users", string="Done By", required=True, readonly=True)
    date = fields.Datetime(required=True, default=fields.Datetime.now, readonly=True)
    reason = fields.Text(readonly=True)
    company_id = fields.Many2one("res.company", string="Property", readonly=True, index=True)

    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.su:
            raise AccessError(self.env._("The privacy log is written by the erasure and export actions only."))
        return super().create(vals_list)

    def write(self, vals):
        if not self.env.su:
            raise AccessError(self.env._("The privacy log cannot be changed."))
        return super().write(vals)

    def unlink(self):
        if not self.env.su:
            raise AccessError(self.env._("The privacy log cannot be deleted."))
        return super().unlink()
