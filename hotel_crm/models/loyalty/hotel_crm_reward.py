from odoo import fields, models

REWARD_CATEGORIES = [
    ("room_upgrade", "Room Upgrade"),
    ("late_checkout", "Late Check-out"),
    ("breakfast", "Breakfast"),
    ("spa", "Spa"),
    ("free_night", "Free Night"),
    ("experience", "Experience"),
    ("other", "Other"),
]


class HotelCrmReward(models.Model):
    """What guests can redeem their points for: tuned to what members value, not only discounts."""

    _name = "hotel.crm.reward"
    _description = "Loyalty Reward"
    _order = "sequence, points_cost, id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company",
        string="Property",
        index=True,
        help="Leave empty for a reward offered in every property of the group.",
    )
    category = fields.Selection(REWARD_CATEGORIES, required=True, default="other")
    points_cost = fields.Integer(required=True)
    min_tier_id = fields.Many2one(
        "hotel.crm.tier",
        string="Minimum Tier",
        help="Only guests of this tier or a higher one may redeem the reward.",
    )
    description = fields.Text(translate=True)
    redeem_count = fields.Integer(string="Redemptions", compute="_compute_redeem_count")

    _sql_constraints = [
        ("points_cost_positive", "CHECK(points_cost > 0)", "The points cost of a reward must be positive."),
    ]

    def _compute_redeem_count(self):
        groups = self.env["hotel.crm.points.move"]._read_group(
            [("reward_id", "in", self.ids), ("move_type", "=", "redeem")], ["reward_id"], ["__count"]
        )
        counts = {reward.id: count for reward, count in groups}
        for reward in self:
            reward.redeem_count = counts.get(reward.id, 0)
