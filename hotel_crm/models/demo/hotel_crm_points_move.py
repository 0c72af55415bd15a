"""Demo story, loyalty chapter: the Jade Garden guests' points, rewards and a portal account.

Runs after the stay demo: check-outs already earned points and gave tiers. Here the regulars
spend some points on rewards, guest relations gives a goodwill bonus, old points expire, and the
most loyal guest gets a portal account (login ``guest``, password ``guest``) to see /my/loyalty.
"""

from datetime import timedelta

from odoo import api, fields, models
from odoo.tools import SQL


class HotelCrmPointsMove(models.Model):
    _inherit = "hotel.crm.points.move"  # pylint: disable=consider-merging-classes-inherited

    @api.model
    def _hotel_demo_date_moves(self, guests):
        """Date the demo's redemptions, goodwill bonus and expiries, all made today by the demo
        generator, on the days they would have happened: a redemption two weeks or so after the
        guest had earned enough points, the goodwill bonus the day after the last stay, an expiry
        the day the last of the expired points turned ``expiry_months`` old (never after today).

        Points moves are immutable for users, so the demo writes the dates in SQL (demo data only).
        """
        today = self.env.company._hotel_today()
        months = self._hotel_loyalty_param("expiry_months")
        moves = self.search([("partner_id", "in", guests.ids)], order="date, id")
        dated = {}
        for guest in guests:
            own = moves.filtered(lambda m, g=guest: m.partner_id == g)
            earned, total = [], 0
            for move in own.filtered(lambda m: m.move_type == "earn"):
                total += move.points
                earned.append((move.date, total))
            if not earned:
                continue
            spent = 0
            for i, move in enumerate(own.filtered(lambda m: m.move_type == "redeem" and m.date == today)):
                spent -= move.points
                when = next((day for day, cumulative in earned if cumulative >= spent), None)
                if when:
                    dated[move] = (min(when + timedelta(days=10 + 7 * i), today), move.name)
            for move in own.filtered(lambda m: m.move_type == "bonus" and m.date == today):
                last = guest.hotel_last_stay_date
                dated[move] = (min(last + timedelta(days=1), today) if last else today, move.name)
            if months > 0:
                cutoff = fields.Date.subtract(today, months=months)
                lapsed = [day for day, _cumulative in earned if day <= cutoff]
                for move in own.filtered(lambda m: m.move_type == "expire" and m.date == today):
                    if lapsed:
                        when = min(fields.Date.add(lapsed[-1], months=months), today)
                        name = self.env._(
                            "Points earned up to %(date)s expired", date=fields.Date.subtract(when, months=months)
                        )
                        dated[move] = (when, name)
        for move, (when, name) in dated.items():
            self.env.cr.execute(
                SQL("UPDATE hotel_crm_points_move SET date = %s, name = %s WHERE id = %s", when, name, move.id)
            )
        self.invalidate_model(["date", "name"])
        return len(dated)

    @api.model
    def _hotel_demo_populate_loyalty(self):
        env = self.env
        Partner = env["res.partner"]
        guests = Partner.search([("hotel_guest", "=", True), ("hotel_points_balance", ">", 0)])
        if not guests:
            return False
        guests = guests.sorted(lambda p: (-p.hotel_points_balance, p.id))
        rewards = env["hotel.crm.reward"].search([], order="points_cost")
        west_lake = env.ref("hotel_crm.demo_company_west_lake", raise_if_not_found=False) or env.company
        # the regulars spend on what they value: breakfast, late check-out, an upgrade
        for guest in guests[:8]:
            for reward in rewards[:3]:
                if guest.hotel_points_balance >= reward.points_cost * 2:
                    guest.with_company(west_lake)._hotel_points_redeem(reward, note="demo")
        # a goodwill gesture after a noisy night
        if len(guests) > 10:
            guests[10]._hotel_points_grant(
                300, "bonus", reason="Goodwill: noisy room on the last stay", company_id=west_lake.id
            )
        # points older than the expiry period lapse
        self._cron_hotel_points_expire()
        # what just happened in one go happened over the years
        self._hotel_demo_date_moves(guests)
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
