from odoo import fields, models


class HotelCrmStay(models.Model):
    _inherit = "hotel.crm.stay"  # pylint: disable=consider-merging-classes-inherited

    is_compensation = fields.Boolean(
        string="Compensation Stay",
        help="A stay given to make up for a complaint (free or at a reduced rate): never counted as a "
        "response to a campaign.",
    )
