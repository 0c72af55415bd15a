"""Demo story, loyalty chapter: the Jade Garden guests' points, rewards and a portal account.

Runs after the stay demo: check-outs already earned points and gave tiers. Here the regulars
spend some points on rewards, guest relations gives a goodwill bonus, old points expire, and the
most loyal guest gets a portal account (login ``guest``, password ``guest``) to see /my/loyalty.
"""

from odoo import api, models


class HotelCrmPointsMove(models.Model):
    _inherit = "hotel.crm.points.move"  # pylint: disable=consider-merging-classes-inherited

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
