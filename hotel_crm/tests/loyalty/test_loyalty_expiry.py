from datetime import date

from freezegun import freeze_time

from odoo.tests import tagged

from ..common import LoyaltyCase


@tagged("post_install", "-at_install", "hotel_crm_loyalty")
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

    def _outstanding(self, company, day):
        Report = self.env["hotel.crm.points.report"].with_context(allowed_company_ids=company.ids)
        return Report._hotel_loyalty_summary(day, day)["outstanding"]

    def _grant(self, guest, points, company, day):
        with freeze_time(day):
            return guest._hotel_points_grant(points, "bonus", reason=f"Test {points}", company_id=company.id)

    def test_expiry_booked_to_each_property(self):
        """Points earned in two properties expire in each of them: each property's liability stays its own."""
        Move = self.env["hotel.crm.points.move"]
        lake = self.env["res.company"].create({"name": "Expiry Lake Property"})
        harbour = self.env["res.company"].create({"name": "Expiry Harbour Property"})
        guest = self._guest("Two Property Regular")
        with freeze_time("2023-01-12"):
            self._stay(guest, room=1000, arrival=date(2023, 1, 8), company_id=lake.id)  # 1000 in Lake
        self._grant(guest, 400, harbour, "2023-02-12")  # 400 in Harbour
        with freeze_time("2023-06-01"):
            guest.with_company(lake)._hotel_points_redeem(self.reward_breakfast)  # Lake spends 500 of its own
        self._grant(guest, 300, harbour, "2024-06-01")  # recent: does not expire
        self.assertEqual(guest.hotel_points_balance, 1200)
        with freeze_time("2025-03-01"):  # cut-off 2023-03-01
            Move.with_company(self.company)._cron_hotel_points_expire()
        expired = self._moves(guest, "expire")
        self.assertEqual(
            {move.company_id: move.points for move in expired},
            {lake: -500, harbour: -400},
            "one expiry per property, not one for the cron's company: Lake 1000 - 500 spent, Harbour 400",
        )
        self.assertNotIn(self.company, expired.company_id)
        self.assertEqual(guest.hotel_points_balance, 300)
        day = date(2025, 3, 1)
        self.assertEqual(self._outstanding(lake, day), 0, "nothing left to honour in Lake")
        self.assertEqual(self._outstanding(harbour, day), 300, "Harbour still owes the recent 300 points")

    def test_expiry_of_points_spent_in_another_property(self):
        """A guest spending at Harbour points earned at Lake: first in, first out for the guest, never below zero."""
        Move = self.env["hotel.crm.points.move"]
        lake = self.env["res.company"].create({"name": "Spill Lake Property"})
        harbour = self.env["res.company"].create({"name": "Spill Harbour Property"})
        guest = self._guest("Spends Elsewhere")
        self._grant(guest, 1000, lake, "2023-01-10")
        self._grant(guest, 300, harbour, "2024-05-01")
        spa = self.env["hotel.crm.reward"].create({"name": "Test spa", "category": "spa", "points_cost": 800})
        with freeze_time("2024-06-01"):
            guest.with_company(harbour)._hotel_points_redeem(spa)
        with freeze_time("2025-03-01"):
            Move._cron_hotel_points_expire()
        expired = self._moves(guest, "expire")
        self.assertEqual(
            [(move.company_id, move.points) for move in expired],
            [(lake, -200)],
            "the 800 points spent were the oldest (Lake's): 200 of Lake's points expire, Harbour's recent 300 stay",
        )
        self.assertEqual(guest.hotel_points_balance, 300)

    def test_expiry_cron_one_batch_per_call(self):
        """Under ir.cron, one batch per call with its progress: the cron commits it and comes back for the rest."""
        Move = self.env["hotel.crm.points.move"]
        guests = self._guest("Batch One") | self._guest("Batch Two")
        for guest in guests:
            self._grant(guest, 100, self.company, "2020-01-10")
        cron = self.env.ref("hotel_crm.ir_cron_hotel_points_expire")
        with freeze_time("2025-03-01"):
            cron, progress = cron._add_progress()
            Move.with_context(ir_cron_progress_id=progress.id)._cron_hotel_points_expire(batch_size=1)
            self.assertEqual(progress.done, 1)
            self.assertGreaterEqual(progress.remaining, 1, "the other guest is left for the next call")
            expired_today = Move.search([("move_type", "=", "expire"), ("date", "=", "2025-03-01")])
            self.assertEqual(len(expired_today.partner_id), 1, "one guest per call")
            Move._cron_hotel_points_expire()
            self.assertEqual(guests.mapped("hotel_points_balance"), [0, 0])
            cron, progress = cron._add_progress()
            Move.with_context(ir_cron_progress_id=progress.id)._cron_hotel_points_expire(batch_size=1)
            self.assertEqual((progress.done, progress.remaining), (0, 0), "nothing left: the cron is done")
