from odoo import api, fields, models


class ResCompany(models.Model):
    _inherit = "res.company"  # pylint: disable=consider-merging-classes-inherited

    # in-stay check: which guests get a courtesy call the morning after they check in, per property
    hotel_instay_check_value = fields.Boolean(
        string="Courtesy Call: VIP and Major Guests",
        default=True,
        help="Guests whose value segment is VIP or major get a courtesy call during their stay.",
    )
    hotel_instay_check_tier = fields.Boolean(
        string="Courtesy Call: Loyalty Tier",
        default=True,
        help="Guests whose loyalty tier is at or above the chosen tier get a courtesy call.",
    )
    hotel_instay_check_tier_id = fields.Many2one(
        "hotel.crm.tier",
        string="Courtesy Call From Tier",
        ondelete="set null",
        default=lambda self: self.env.ref("hotel_crm.hotel_crm_tier_gold", raise_if_not_found=False),
        help="The lowest tier whose members get a courtesy call (with the tier criterion on).",
    )
    hotel_instay_check_at_risk = fields.Boolean(
        string="Courtesy Call: Guests at Risk",
        default=True,
        help="Guests in the at-risk stage of the life cycle get a courtesy call.",
    )
    hotel_instay_check_complained = fields.Boolean(
        string="Courtesy Call: Complained Before",
        default=True,
        help="Guests with a complaint on one of their previous stays get a courtesy call.",
    )
    hotel_instay_check_first_stay = fields.Boolean(
        string="Courtesy Call: First Stay",
        default=True,
        help="Guests on their first stay with the group get a courtesy call.",
    )

    @api.model
    def _hotel_instay_default_tier(self):
        """Data hook (install): give the properties created before the tiers existed the default
        tier of the in-stay check (Gold); a property's own choice is kept."""
        gold = self.env.ref("hotel_crm.hotel_crm_tier_gold", raise_if_not_found=False)
        if gold:
            self.sudo().with_context(active_test=False).search([("hotel_instay_check_tier_id", "=", False)]).write(
                {"hotel_instay_check_tier_id": gold.id}
            )
