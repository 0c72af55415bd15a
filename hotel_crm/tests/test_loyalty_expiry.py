from datetime import date

from freezegun import freeze_time

from odoo.tests import tagged

from .common_loyalty import LoyaltyCase


@tagged("post_install", "-at_install")
class TestLoyaltyExpiry(LoyaltyCase):
    def test_expiry_first_in_first_out(self):
        Move = self.env["hotel.crm.points.move"]
        with freeze_time("2023-01-12"):
            guest = self._guest("Old Points")
            fresh = self._guest("Fresh Points")
            self._stay(guest, room=1000, arrival=date(2023, 1, 8))  # earned 2023-01-10
        with freeze_time("2023-06-01"):
            guest._hotel_points_grant(-300, "adjust", reason="Correction")
        with freeze_time("2024-03-05"):
            self._stay(guest, room=400, arrival=date(2024, 3, 1))  # 500 at Silver rate, earned 2024-03-03
            self._stay(fresh, room=400, arrival=date(2024, 3, 1))
        self.assertEqual(guest.hotel_points_balance, 1200)
        with freeze_time("2025-01-09"):
            Move._cron_hotel_points_expire()
            self.assertFalse(self._moves(guest, "expire"), "23 months old: not yet")
        with freeze_time("2025-01-10"):
            Move._cron_hotel_points_expire()
            expired = self._moves(guest, "expire")
            self.assertEqual(expired.points, -700, "1000 earned, 300 already used: 700 left to expire")
            self.assertEqual(expired.date, date(2025, 1, 10))
            self.assertEqual(guest.hotel_points_balance, 500)
            Move._cron_hotel_points_expire()
            self.assertEqual(len(self._moves(guest, "expire")), 1, "a second run expires nothing twice")
        with freeze_time("2026-03-03"):
            Move._cron_hotel_points_expire()
            self.assertEqual(sorted(self._moves(guest, "expire").mapped("points")), [-700, -500])
            self.assertEqual(guest.hotel_points_balance, 0)
            self.assertEqual(fresh.hotel_points_balance, 0)

    def test_expiry_off_and_spent_points(self):
        Move = self.env["hotel.crm.points.move"]
        with freeze_time("2022-05-01"):
            guest = self._guest("Spender")
            self._stay(guest, room=600, arrival=date(2022, 4, 20))
        with freeze_time("2023-01-01"):
            guest._hotel_points_redeem(self.reward_breakfast)
        self.env["ir.config_parameter"].sudo().set_param("hotel_crm.points_expiry_months", 0)
        with freeze_time("2025-01-01"):
            Move._cron_hotel_points_expire()
            self.assertFalse(self._moves(guest, "expire"), "expiry switched off")
        self.env["ir.config_parameter"].sudo().set_param("hotel_crm.points_expiry_months", 24)
        with freeze_time("2025-01-01"):
            Move._cron_hotel_points_expire()
            self.assertEqual(self._moves(guest, "expire").points, -100)
            self.assertEqual(guest.hotel_points_balance, 0)
