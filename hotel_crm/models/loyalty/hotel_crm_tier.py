from itertools import pairwise

from odoo import _, api, fields, models
from odoo.exceptions import ValidationError


class HotelCrmTier(models.Model):
    """A level of the loyalty programme (Member, Silver, Gold, Platinum).

    A guest qualifies for a tier with the points earned from stays and the nights stayed over the
    rolling qualification window (see the Hotel CRM settings). Higher ``sequence`` = higher tier.
    Tiers belong to the programme of the whole hotel group, so they carry no property.
    """

    _name = "hotel.crm.tier"
    _description = "Loyalty Tier"
    _order = "sequence, min_points, id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10, help="Tiers are ranked by sequence: the higher, the better the tier.")
    active = fields.Boolean(default=True)
    color = fields.Integer()
    min_points = fields.Integer(
        string="Qualifying Points",
        help="Points earned from stays within the qualification window needed to reach this tier.",
    )
    min_nights = fields.Integer(
        string="Qualifying Nights",
        help="Nights stayed within the qualification window needed to reach this tier.",
    )
    qualification_rule = fields.Selection(
        [("either", "Points or nights"), ("both", "Points and nights")],
        required=True,
        default="either",
        help="Whether a guest needs one of the two thresholds or both of them.",
    )
    earn_rate = fields.Float(
        digits=(16, 4),
        default=1.0,
        help="Points earned per unit of stay revenue (in the property's currency).",
    )
    earn_by_category = fields.Boolean(
        string="Earn Rate per Revenue Category",
        help="Use a separate earn rate for room, food and beverage and other revenue.",
    )
    earn_rate_room = fields.Float(string="Room Earn Rate", digits=(16, 4), default=1.0)
    earn_rate_fnb = fields.Float(string="F&B Earn Rate", digits=(16, 4), default=1.0)
    earn_rate_other = fields.Float(string="Other Earn Rate", digits=(16, 4), default=1.0)
    benefits = fields.Html(translate=True, help="What members of this tier enjoy; shown on the guest portal.")
    # counts guests by their tier, which only staff may read (res.partner.hotel_tier_id)
    partner_count = fields.Integer(string="Members", compute="_compute_partner_count", groups="base.group_user")

    _sql_constraints = [
        (
            "thresholds_positive",
            "CHECK(min_points >= 0 AND min_nights >= 0)",
            "Tier thresholds cannot be negative.",
        ),
        (
            "earn_rates_positive",
            "CHECK(earn_rate >= 0 AND earn_rate_room >= 0 AND earn_rate_fnb >= 0 AND earn_rate_other >= 0)",
            "Earn rates cannot be negative.",
        ),
    ]

    def _compute_partner_count(self):
        groups = self.env["res.partner"]._read_group(
            [("hotel_tier_id", "in", self.ids)], ["hotel_tier_id"], ["__count"]
        )
        counts = {tier.id: count for tier, count in groups}
        for tier in self:
            tier.partner_count = counts.get(tier.id, 0)

    @api.constrains("sequence", "min_points", "min_nights", "active")
    def _check_thresholds_ordered(self):
        """A higher tier may not be easier to reach than a lower one."""
        # active tiers only, whatever the context (the tier action shows archived ones too)
        tiers = self.with_context(active_test=True).search([]).sorted(lambda t: (t.sequence, t.id))
        for lower, higher in pairwise(tiers):
            if higher.min_points < lower.min_points or higher.min_nights < lower.min_nights:
                raise ValidationError(
                    _(
                        "Tier %(higher)s ranks above %(lower)s but has lower thresholds "
                        "(%(hp)s points / %(hn)s nights against %(lp)s points / %(ln)s nights).",
                        higher=higher.name,
                        lower=lower.name,
                        hp=higher.min_points,
                        hn=higher.min_nights,
                        lp=lower.min_points,
                        ln=lower.min_nights,
                    )
                )

    # ------------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------------
    @api.model_create_multi
    def create(self, vals_list):
        tiers = super().create(vals_list)
        self.env["res.partner"]._hotel_tier_reevaluate_for(tiers.filtered("active"))
        return tiers

    def write(self, vals):
        # guests are upgraded as soon as they qualify: also when a tier becomes easier to reach
        easier = self.filtered(lambda tier: tier._hotel_becomes_easier(vals))
        res = super().write(vals)
        if easier:
            self.env["res.partner"]._hotel_tier_reevaluate_for(easier)
        return res

    # ------------------------------------------------------------------
    # Business methods
    # ------------------------------------------------------------------
    def _hotel_becomes_easier(self, vals):
        """Whether ``vals`` lowers this tier's bar (or brings it back from the archive)."""
        self.ensure_one()
        if "active" in vals and vals["active"] and not self.active:
            return True
        if not self.active or ("active" in vals and not vals["active"]):
            return False
        return (
            ("min_points" in vals and (vals["min_points"] or 0) < self.min_points)
            or ("min_nights" in vals and (vals["min_nights"] or 0) < self.min_nights)
            or (vals.get("qualification_rule") == "either" and self.qualification_rule == "both")
        )

    def _qualifies(self, points, nights):
        self.ensure_one()
        by_points = points >= self.min_points
        by_nights = nights >= self.min_nights
        if self.qualification_rule == "both":
            return by_points and by_nights
        if not self.min_points:
            return by_nights
        if not self.min_nights:
            return by_points
        return by_points or by_nights

    @api.model
    def _hotel_ranked(self):
        """All active tiers, lowest first (never archived ones, even under ``active_test=False``)."""
        return self.sudo().with_context(active_test=True).search([]).sorted(lambda t: (t.sequence, t.id))

    @api.model
    def _hotel_tier_for(self, points, nights, ranked=None):
        """The highest tier reached with ``points`` and ``nights``; the entry tier at least."""
        ranked = ranked if ranked is not None else self._hotel_ranked()
        result = ranked[:1]
        for tier in ranked:
            if tier._qualifies(points, nights):
                result = tier
        return result

    def _hotel_earn_points(self, stay):
        """Points a stay earns at this tier (rounded down)."""
        self.ensure_one()
        if self.earn_by_category:
            amount = (
                (stay.revenue_room or 0.0) * self.earn_rate_room
                + (stay.revenue_fnb or 0.0) * self.earn_rate_fnb
                + (stay.revenue_other or 0.0) * self.earn_rate_other
            )
        else:
            amount = (stay.revenue_total or 0.0) * self.earn_rate
        return int(amount + 1e-9)
