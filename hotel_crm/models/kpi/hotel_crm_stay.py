from odoo import models
from odoo.tools import SQL


class HotelCrmStay(models.Model):
    _inherit = "hotel.crm.stay"  # pylint: disable=consider-merging-classes-inherited

    def init(self):
        res = super().init()
        # A period's stays are the checked-out stays departing in it: a KPI snapshot reads one
        # month (and the month before) of millions of stays through this index, not a full scan
        self.env.cr.execute(
            SQL(
                """
            CREATE INDEX IF NOT EXISTS hotel_crm_stay_departure_checked_out_index
                ON hotel_crm_stay (departure_date, company_id)
             WHERE state = 'checked_out'
            """
            )
        )
        return res
