from datetime import date, timedelta

from freezegun import freeze_time

from odoo import fields
from odoo.exceptions import UserError
from odoo.tests import new_test_user, tagged

from ..common import LoyaltyCase


@tagged("post_install", "-at_install", "hotel_crm_loyalty")
class TestLoyaltyTier(LoyaltyCase):
    def _messages(self, partner, text):
        return partner.message_ids.filtered(lambda m: text in (m.body or ""))

    def test_upgrade_as_soon_as_qualified(self):
        guest = self._guest("Climber")
        self._stay(guest, room=600)
        self.assertEqual(guest.hotel_tier_id, self.member)
        self.assertEqual(len(self._messages(guest, "Welcome to the loyalty programme")), 1)
        self.assertEqual(guest.hotel_next_tier_id, self.silver)
        self.assertEqual((guest.hotel_next_tier_points, guest.hotel_next_tier_nights), (400, 8))
        self.assertEqual(guest.hotel_next_tier_progress, 60.0, "600 of 1000 points beats 2 of 10 nights")
        self._stay(guest, room=500)
        self.assertEqual(guest.hotel_tier_id, self.silver, "1100 points: Silver at once")
        # the tier date is the hotel's (user's time zone) day, not the server's UTC day
        self.assertEqual(guest.hotel_tier_date, fields.Date.context_today(guest))
        self.assertEqual(len(self._messages(guest, "Tier upgraded from Member to Silver")), 1)
        # Silver earns 1.25 per unit
        self._stay(guest, room=1600)
        self.assertEqual(self._moves(guest, "earn")[0].points, 2000)
        guest.invalidate_recordset()  # qualification is computed on read, over a moving window
        self.assertEqual(guest.hotel_tier_points, 3100)
        self.assertEqual(guest.hotel_tier_id, self.gold)

    def test_upgrade_on_nights(self):
        guest = self._guest("Long Stayer")
        self._stay(guest, room=0, nights=21, arrival=date.today() - timedelta(days=30))
        self.assertFalse(self._moves(guest), "no revenue, no points")
        self.assertEqual(guest.hotel_tier_nights, 21)
        self.assertEqual(guest.hotel_tier_id, self.gold, "21 nights reach Gold (20 nights)")

    def test_both_thresholds_rule(self):
        (self.silver | self.gold | self.platinum).write({"qualification_rule": "both"})
        guest = self._guest("Needs Both")
        self._stay(guest, room=8000, nights=2, arrival=date.today() - timedelta(days=40))
        self.assertEqual(guest.hotel_tier_id, self.member, "8000 points but 2 nights: no tier needs only points")
        self._stay(guest, room=0, nights=20, arrival=date.today() - timedelta(days=30))
        self.assertEqual(guest.hotel_tier_id, self.gold, "8000 points and 22 nights: Gold, not Platinum (40 nights)")

    def test_soft_downgrade_at_end_of_period(self):
        with freeze_time("2024-03-01"):
            guest = self._guest("Fading Platinum")
            steady = self._guest("Steady Gold")
            self._stay(guest, room=7000, arrival=date(2024, 2, 20))
            self._stay(steady, room=3500, arrival=date(2024, 2, 20))
            self.assertEqual(guest.hotel_tier_id, self.platinum)
            self.assertEqual(steady.hotel_tier_id, self.gold)
            self.assertEqual(guest.hotel_tier_review_date, date(2025, 3, 1))
        with freeze_time("2025-02-28"):
            self.env["res.partner"]._cron_hotel_tier_review()
            self.assertEqual(guest.hotel_tier_id, self.platinum, "never lowered before the end of the period")
        with freeze_time("2025-03-01"):
            # steady stays again within the window; the fading guest does not
            self._stay(steady, room=2500, arrival=date(2025, 1, 10))
            self.env["res.partner"]._cron_hotel_tier_review()
            self.assertEqual(guest.hotel_tier_id, self.gold, "one tier down only, although nothing qualifies now")
            self.assertEqual(guest.hotel_tier_review_date, date(2026, 3, 1))
            self.assertEqual(len(self._messages(guest, "Tier lowered from Platinum to Gold")), 1)
            self.assertEqual(steady.hotel_tier_id, self.gold, "still qualifies: keeps the tier")
            self.assertEqual(steady.hotel_tier_review_date, date(2026, 3, 1), "for a new period")
            self.assertFalse(self._messages(steady, "Tier lowered"))
        with freeze_time("2026-03-01"):
            self.env["res.partner"]._cron_hotel_tier_review()
            self.assertEqual(guest.hotel_tier_id, self.silver)
            self.assertEqual(steady.hotel_tier_id, self.silver, "no stay in the last 12 months")
        with freeze_time("2027-03-01"):
            self.env["res.partner"]._cron_hotel_tier_review()
            self.env["res.partner"]._cron_hotel_tier_review()
            self.assertEqual(guest.hotel_tier_id, self.member, "a second run the same day changes nothing more")
            self.assertEqual(len(self._messages(guest, "Tier lowered")), 3)

    def test_archived_tier_is_out_of_the_programme(self):
        """An archived tier is never given, never blocks the ordering check, and its rewards refuse cleanly."""
        self.platinum.active = False
        guest = self._guest("Would Be Platinum")
        self._stay(guest, room=7000)
        self.assertEqual(guest.hotel_tier_id, self.gold, "7000 points, but Platinum is archived")
        # the review cron searches guests with active_test=False: it must not leak to the tiers
        guest.sudo().write({"hotel_tier_review_date": date.today() - timedelta(days=1)})
        self.env["res.partner"]._cron_hotel_tier_review()
        self.assertEqual(guest.hotel_tier_id, self.gold, "still Gold after the review: Platinum is archived")
        self.assertGreater(guest.hotel_tier_review_date, date.today(), "renewed for a new period")
        # the tier list shows archived tiers (active_test=False): they do not take part in the ordering
        self.env["hotel.crm.tier"].create(
            {"name": "Legacy Diamond", "sequence": 25, "min_points": 50000, "min_nights": 500, "active": False}
        )
        self.silver.with_context(active_test=False).write({"min_points": 1100})
        self.assertEqual(self.silver.min_points, 1100)
        # a reward still pointing at the archived tier cannot be redeemed, with a clear message
        reward = self.env["hotel.crm.reward"].create(
            {"name": "Test penthouse", "category": "free_night", "points_cost": 100, "min_tier_id": self.platinum.id}
        )
        with self.assertRaisesRegex(UserError, "no longer part of the programme"):
            guest._hotel_points_redeem(reward)

    def test_lowered_threshold_upgrades_at_once(self):
        """A manager makes Gold easier: the guests who now qualify are Gold at once, not at their review."""
        manager = new_test_user(self.env, login="loyalty_tier_manager", groups="hotel_crm.hotel_crm_group_manager")
        close = self._guest("Almost Gold")
        far = self._guest("Far From Gold")
        nights = self._guest("Many Nights")
        self._stay(close, room=2500)
        self._stay(far, room=600)
        self._stay(nights, room=0, nights=15, arrival=date.today() - timedelta(days=30))
        self.assertEqual((close | far | nights).mapped("hotel_tier_id"), self.silver | self.member)
        self.assertEqual(nights.hotel_tier_id, self.silver, "15 nights: Silver")
        self.gold.with_user(manager).write({"min_points": 2000, "min_nights": 15})
        self.assertEqual(close.hotel_tier_id, self.gold, "2500 points now reach Gold (2000)")
        self.assertEqual(nights.hotel_tier_id, self.gold, "15 nights now reach Gold (15)")
        self.assertEqual(far.hotel_tier_id, self.member, "600 points are still short of Silver")
        self.assertEqual(len(self._messages(close, "Tier upgraded from Silver to Gold")), 1)
        # making a tier harder never lowers anyone before their review
        self.gold.with_user(manager).write({"min_nights": 16})
        self.assertEqual(
            nights.hotel_tier_id, self.gold, "15 nights are short of 16 now, but Gold stays till the review"
        )
        # from "points and nights" to "points or nights": easier too
        self.platinum.with_user(manager).write({"qualification_rule": "both", "min_points": 2400, "min_nights": 40})
        self.assertEqual(close.hotel_tier_id, self.gold, "2500 points but 2 nights: not both")
        self.platinum.with_user(manager).write({"qualification_rule": "either"})
        self.assertEqual(close.hotel_tier_id, self.platinum)

    def test_tier_review_cron_one_batch_per_call(self):
        """Under ir.cron the review handles one batch per call and reports its progress."""
        guests = self._guest("Review One") | self._guest("Review Two")
        for guest in guests:
            self._stay(guest, room=100)
        guests.sudo().write({"hotel_tier_review_date": date.today() - timedelta(days=1)})
        Partner = self.env["res.partner"].with_context(active_test=False)
        due = Partner.search_count(
            [("hotel_guest", "=", True), ("hotel_tier_review_date", "<=", date.today()), ("hotel_tier_id", "!=", False)]
        )
        cron = self.env.ref("hotel_crm.ir_cron_hotel_tier_review")
        cron, progress = cron._add_progress()
        Partner.with_context(ir_cron_progress_id=progress.id)._cron_hotel_tier_review(batch_size=1)
        self.assertEqual((progress.done, progress.remaining), (1, due - 1))
        Partner._cron_hotel_tier_review()
        self.assertTrue(all(review > date.today() for review in guests.mapped("hotel_tier_review_date")))
