from odoo import models


class HotelCrmReward(models.Model):
    _name = "hotel.crm.reward"
    _inherit = ["hotel.crm.reward", "hotel.crm.protected.fields.mixin"]

    def write(self, vals):
        return super().write(self._hotel_guard_write(vals, company_move=True))
