from datetime import date, timedelta

from odoo.tests import TransactionCase


class LoyaltyCase(TransactionCase):
    """Known tiers, rewards and settings for the loyalty tests, whatever the demo data holds."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        ICP = cls.env["ir.config_parameter"].sudo()
        ICP.set_param("hotel_crm.loyalty_window_months", 12)
        ICP.set_param("hotel_crm.points_expiry_months", 24)
        ICP.set_param("hotel_crm.point_value", 0.1)
        ICP.set_param("hotel_crm.birthday_bonus_points", 0)
        ICP.set_param("hotel_crm.anniversary_bonus_points", 0)
        cls.member = cls.env.ref("hotel_crm.hotel_crm_tier_member")
        cls.silver = cls.env.ref("hotel_crm.hotel_crm_tier_silver")
        cls.gold = cls.env.ref("hotel_crm.hotel_crm_tier_gold")
        cls.platinum = cls.env.ref("hotel_crm.hotel_crm_tier_platinum")
        # lowest first, so that the ordering constraint holds after every write
        for tier, vals in (
            (cls.member, {"sequence": 10, "min_points": 0, "min_nights": 0, "earn_rate": 1.0}),
            (cls.silver, {"sequence": 20, "min_points": 1000, "min_nights": 10, "earn_rate": 1.25}),
            (cls.gold, {"sequence": 30, "min_points": 3000, "min_nights": 20, "earn_rate": 1.5}),
            (cls.platinum, {"sequence": 40, "min_points": 6000, "min_nights": 40, "earn_rate": 2.0}),
        ):
            tier.write({**vals, "earn_by_category": False, "qualification_rule": "either", "active": True})
        cls.env["hotel.crm.tier"].search(
            [("id", "not in", (cls.member | cls.silver | cls.gold | cls.platinum).ids)]
        ).write({"active": False})
        cls.reward_breakfast = cls.env["hotel.crm.reward"].create(
            {"name": "Test breakfast", "category": "breakfast", "points_cost": 500}
        )
        cls.reward_suite = cls.env["hotel.crm.reward"].create(
            {"name": "Test suite night", "category": "free_night", "points_cost": 800, "min_tier_id": cls.gold.id}
        )
        cls.company = cls.env.company
        cls._ref = 0

    @classmethod
    def _guest(cls, name, **vals):
        return cls.env["res.partner"].create({"name": name, "hotel_guest": True, **vals})

    @classmethod
    def _stay(cls, partner, room=0.0, fnb=0.0, other=0.0, state="checked_out", arrival=None, nights=2, **vals):
        cls._ref += 1
        arrival = arrival or (date.today() - timedelta(days=10))
        return cls.env["hotel.crm.stay"].create(
            {
                "partner_id": partner.id,
                "external_ref": f"LOYT{cls._ref:05d}",
                "arrival_date": arrival,
                "departure_date": arrival + timedelta(days=nights),
                "revenue_room": room,
                "revenue_fnb": fnb,
                "revenue_other": other,
                "state": state,
                **vals,
            }
        )

    def _moves(self, partner, move_type=None):
        domain = [("partner_id", "=", partner.id)]
        if move_type:
            domain.append(("move_type", "=", move_type))
        return self.env["hotel.crm.points.move"].sudo().search(domain)
