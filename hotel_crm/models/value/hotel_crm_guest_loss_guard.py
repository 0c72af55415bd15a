from odoo import _, models
from odoo.exceptions import AccessError


class HotelCrmGuestLoss(models.Model):
    _name = "hotel.crm.guest.loss"
    _inherit = ["hotel.crm.guest.loss", "hotel.crm.protected.fields.mixin"]

    def _hotel_protected_fields(self):
        # the guest of a loss record is set when it is opened; the win-back is the life cycle's
        return {**super()._hotel_protected_fields(), "partner_id": None, "won_back_date": None}

    def write(self, vals):
        self._hotel_guard_write(vals, company_move=True)
        self._hotel_check_state_write(vals)
        return super().write(vals)

    def _hotel_check_state_write(self, vals):
        """*To Analyse* and *Analysed* are the user's; *Won Back* is set by the life cycle only."""
        if "state" not in vals or self._hotel_is_trusted():
            return
        if any(loss.state != vals["state"] and "won_back" in (loss.state, vals["state"]) for loss in self):
            raise AccessError(
                _("Lost guest: only the guest value recompute marks a guest won back, or reopens a won-back one.")
            )

    def action_analysed(self):
        # won-back records are skipped by super()
        return super(HotelCrmGuestLoss, self._hotel_trusted()).action_analysed()

    def action_reopen(self):
        return super(HotelCrmGuestLoss, self._hotel_trusted()).action_reopen()
