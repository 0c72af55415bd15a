"""Demo story, loyalty chapter: the Jade Garden guests' points, rewards and a portal account.

Runs after the stay demo: check-outs already earned points and gave tiers. Here the guests
spend points on rewards in the weeks after their stays, guest relations gives a goodwill bonus,
old points expire the day they lapse, all over the three years, and the most loyal guest gets a
portal account (login ``guest``, password ``guest``) to see /my/loyalty.
"""

import random
from datetime import timedelta

from odoo import api, fields, models
from odoo.tools import SQL


class HotelCrmPointsMove(models.Model):
    _inherit = "hotel.crm.points.move"  # pylint: disable=consider-merging-classes-inherited

    @api.model
    def _hotel_demo_loyalty_history(self, guests, rewards, seed=2024):
        """Three years of redemptions and expiries, day by day as they would have happened.

        A guest spends points two to six weeks after a stay, on one of the dearest rewards half
        their balance of that day pays for, about every other stay; points lapse the day they turn
        ``expiry_months`` old (the expiry run of that day, see
        :meth:`_hotel_points_expire_history`). Days are replayed in order, so a redemption only
        spends points the guest had that day and an expiry only takes points still unused then.

        :param guests: the demo guests (``res.partner``)
        :param rewards: the rewards a guest may choose, cheapest first (no tier condition)
        :return: ``(redemptions, expiries)`` written
        """
        rng = random.Random(seed)
        today = self.env.company._hotel_today()
        months = self._hotel_loyalty_param("expiry_months")
        earned = self.search([("partner_id", "in", guests.ids), ("move_type", "=", "earn")], order="date, id")
        plans = {}  # day -> [(guest, property)]
        for move in earned:
            if rng.random() < 0.55:
                day = move.date + timedelta(days=rng.randint(14, 45))
                if day < today:
                    plans.setdefault(day, []).append((move.partner_id, move.company_id))
        lapse_days = set()
        if months > 0:
            given = self.search([("partner_id", "in", guests.ids), ("points", ">", 0)])
            lapse_days = {fields.Date.add(day, months=months) for day in set(given.mapped("date"))}
            lapse_days = {day for day in lapse_days if day <= today}
        redemptions = expiries = 0
        for day in sorted(set(plans) | lapse_days):
            if day in lapse_days:
                expiries += self._cron_hotel_points_expire(today=day)
            for guest, company in plans.get(day, []):
                self.flush_model()
                [[balance]] = self.env.execute_query(
                    SQL(
                        "SELECT COALESCE(SUM(points), 0) FROM hotel_crm_points_move "
                        "WHERE partner_id = %s AND date <= %s",
                        guest.id,
                        day,
                    )
                )
                affordable = rewards.filtered(lambda r, b=balance: r.points_cost * 2 <= b)
                if not affordable:
                    continue
                reward = rng.choice(affordable[-2:])
                guest.sudo()._hotel_points_book(
                    [
                        {
                            "partner_id": guest.id,
                            "move_type": "redeem",
                            "points": -reward.points_cost,
                            "reward_id": reward.id,
                            "name": self.env._("Redeemed: %(reward)s", reward=reward.name),
                            "company_id": (reward.company_id or company).id,
                            "date": day,
                        }
                    ]
                )
                redemptions += 1
        expiries += self._cron_hotel_points_expire(today=today)
        return redemptions, expiries

    @api.model
    def _hotel_demo_populate_loyalty(self):
        env = self.env
        Partner = env["res.partner"]
        guests = Partner.search([("hotel_guest", "=", True), ("hotel_points_balance", ">", 0)])
        if not guests:
            return False
        guests = guests.sorted(lambda p: (-p.hotel_points_balance, p.id))
        rewards = env["hotel.crm.reward"].search([("min_tier_id", "=", False)], order="points_cost")
        west_lake = env.ref("hotel_crm.demo_company_west_lake", raise_if_not_found=False) or env.company
        today = west_lake._hotel_today()
        # a goodwill gesture the day after a noisy night
        if len(guests) > 10:
            last = guests[10].hotel_last_stay_date
            guests[10]._hotel_points_grant(
                300,
                "bonus",
                reason="Goodwill: noisy room on the last stay",
                company_id=west_lake.id,
                date=min(last + timedelta(days=1), today) if last else today,
            )
        # the guests spend their points and old points lapse, over the years
        self.with_company(west_lake)._hotel_demo_loyalty_history(guests, rewards)
        # the most loyal guest can see their points on the portal
        top = guests[0]
        if not env["res.users"].with_context(active_test=False).search_count([("login", "=", "guest")]):
            env["res.users"].with_context(no_reset_password=True).create(
                {
                    "login": "guest",
                    "password": "guest",
                    "partner_id": top.id,
                    "company_id": west_lake.id,
                    "company_ids": [(6, 0, [west_lake.id])],
                    "groups_id": [(6, 0, [env.ref("base.group_portal").id])],
                }
            )
        return True
