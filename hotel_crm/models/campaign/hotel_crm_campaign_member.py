from odoo import fields, models


class HotelCrmCampaignMember(models.Model):
    """A guest selected by a campaign when it was sent: a recipient, or in the hold-out (who get nothing).

    Written once by :meth:`hotel.crm.campaign._hotel_select_members` (one ``INSERT … SELECT``),
    never by hand: the hold-out is only a control group if nobody picks it.
    """

    _name = "hotel.crm.campaign.member"
    _description = "Hotel Campaign Member"
    _order = "campaign_id desc, id"
    _check_company_auto = True

    campaign_id = fields.Many2one("hotel.crm.campaign", required=True, index=True, ondelete="cascade", readonly=True)
    partner_id = fields.Many2one(
        "res.partner", string="Guest", required=True, index=True, ondelete="cascade", readonly=True
    )
    company_id = fields.Many2one("res.company", string="Property", required=True, index=True, readonly=True)
    holdout = fields.Boolean(
        string="Hold-out", readonly=True, help="Selected for the hold-out: received nothing, measures the baseline."
    )

    _sql_constraints = [
        ("campaign_partner_unique", "UNIQUE(campaign_id, partner_id)", "A guest is selected once per campaign."),
    ]
