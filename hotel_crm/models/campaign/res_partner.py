from odoo import fields, models

from .common import USER


class ResPartner(models.Model):
    _inherit = "res.partner"  # pylint: disable=consider-merging-classes-inherited

    hotel_campaign_member_ids = fields.One2many(
        "hotel.crm.campaign.member",
        "partner_id",
        string="Campaigns",
        groups=USER,
        help="The campaigns that selected this guest, as a recipient or in the hold-out.",
    )
