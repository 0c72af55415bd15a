import re

from odoo import api, fields, models
from odoo.tools import SQL


class HotelCrmStay(models.Model):
    _inherit = "hotel.crm.stay"  # pylint: disable=consider-merging-classes-inherited

    bed_type = fields.Char(string="Bed", help="Bed set up for the stay, e.g. 'King bed', 'Twin beds'.")
    floor = fields.Char(
        compute="_compute_floor",
        store=True,
        readonly=False,
        help="Floor of the room; from the room number (all digits but the last two) unless set.",
    )

    @api.depends("room_number")
    def _compute_floor(self):
        for stay in self:
            digits = re.sub(r"\D", "", stay.room_number or "")
            stay.floor = digits[:-2].lstrip("0") or False if len(digits) >= 3 else False

    def init(self):
        res = super().init()
        # the nightly value recompute looks up the stays written since its previous run
        self.env.cr.execute(
            SQL("CREATE INDEX IF NOT EXISTS hotel_crm_stay_write_date_index ON hotel_crm_stay (write_date)")
        )
        return res
