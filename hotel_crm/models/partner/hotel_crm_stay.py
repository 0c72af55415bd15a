from odoo import api, models

from .common import PARTNER_TYPE_BY_CHANNEL


class HotelCrmStay(models.Model):
    _inherit = "hotel.crm.stay"

    @api.model
    def _import_prepare_booker(self, name, channel):
        """A booking company created by an import gets the partner type its channel says."""
        vals = super()._import_prepare_booker(name, channel)
        if channel in PARTNER_TYPE_BY_CHANNEL:
            vals["hotel_partner_type"] = PARTNER_TYPE_BY_CHANNEL[channel]
        return vals
