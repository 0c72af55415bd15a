from datetime import date, timedelta

from freezegun import freeze_time

from odoo import fields
from odoo.tests import tagged

from .common_loyalty import LoyaltyCase


@tagged("post_install", "-at_install")
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
