from odoo import models


class HotelCrmReward(models.Model):
    _name = "hotel.crm.reward"
    _inherit = ["hotel.crm.reward", "hotel.crm.protected.fields.mixin"]

    def write(self, vals):
        self._hotel_check_company_move(vals)
        return super().write(vals)
