from odoo import fields, models


class HotelCrmComplaint(models.Model):
    """The channel of the complaints an in-stay check opens (see hotel.crm.stay.check)."""

    _inherit = "hotel.crm.complaint"  # pylint: disable=consider-merging-classes-inherited

    channel = fields.Selection(
        selection_add=[("in_stay_check", "In-Stay Check")], ondelete={"in_stay_check": "set default"}
    )
