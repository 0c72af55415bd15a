from datetime import timedelta
from unittest.mock import patch

from freezegun import freeze_time

from odoo.tests import tagged
from odoo.tools import SQL

from ..common import TODAY, TestValueCommon


@tagged("post_install", "-at_install", "hotel_crm_value")
class TestValueClv(TestValueCommon):
    @freeze_time(TODAY)
    def test_clv(self):
        guest = self._guest(
            "Valued", [(TODAY - timedelta(days=100), 2, 2000.0), (TODAY - timedelta(days=50), 1, 1650.0)]
        )
        self._recompute(guest)
        # 35 % x 3,650 a year x 3 years
        self.assertEqual(guest.hotel_annual_revenue, 3650.0)
        self.assertAlmostEqual(guest.hotel_clv, 3832.5, places=2)
        self.assertFalse(guest.hotel_retention_exceeds_clv)

        self.company.write({"hotel_value_window_days": 730, "hotel_clv_margin_pct": 50, "hotel_clv_years": 2})
        self._recompute(guest)
        # 3,650 over two years = 1,825 a year; 50 % x 1,825 x 2
        self.assertEqual(guest.hotel_annual_revenue, 1825.0)
        self.assertAlmostEqual(guest.hotel_clv, 1825.0, places=2)

    @freeze_time(TODAY)
    def test_clv_margin_per_category(self):
        """Each revenue category at its property's margin: room 60 %, F&B 20 %, other 50 %."""
        self.company.write({"hotel_margin_room_pct": 60, "hotel_margin_fnb_pct": 20, "hotel_margin_other_pct": 50})
        extra = {"revenue_fnb": 500.0, "revenue_other": 200.0}
        guest = self._guest("Diner", [(TODAY - timedelta(days=100), 2, 1000.0, "checked_out", extra)])
        self._recompute(guest)
        # margin a year 600 + 100 + 100 = 800 (365-day window), x 3 years
        self.assertEqual(guest.hotel_annual_revenue, 1700.0)
        self.assertAlmostEqual(guest.hotel_clv, 2400.0, places=2)
        self.assertEqual(self.company.hotel_clv_margin_pct, 60, "the former single margin reads the room margin")

    def test_single_margin_carried_over_on_upgrade(self):
        """A database of before the category margins: its single margin becomes the three margins."""
        cr = self.env.cr
        self.env.flush_all()
        cr.execute(
            "ALTER TABLE res_company DROP COLUMN hotel_margin_room_pct, DROP COLUMN hotel_margin_fnb_pct, "
            "DROP COLUMN hotel_margin_other_pct, ADD COLUMN hotel_clv_margin_pct numeric"
        )
        cr.execute("UPDATE res_company SET hotel_clv_margin_pct = 42 WHERE id = %s", [self.company.id])
        self.registry.init_models(cr, ["res.company"], {"module": "hotel_crm"})
        self.env.invalidate_all()
        margins = (
            self.company.hotel_margin_room_pct,
            self.company.hotel_margin_fnb_pct,
            self.company.hotel_margin_other_pct,
        )
        self.assertEqual(margins, (42, 42, 42))
        self.assertEqual(self.company.hotel_clv_margin_pct, 42)

    @freeze_time(TODAY)
    def test_retention_spend_exceeds_clv(self):
        cheap = self._guest("Cheap", [(TODAY - timedelta(days=20), 1, 100.0)])
        dear = self._guest("Dear", [(TODAY - timedelta(days=20), 1, 10000.0)])
        spend = [
            SQL("SELECT %s AS partner_id, 80::numeric AS amount", cheap.id),
            SQL("SELECT %s AS partner_id, 20::numeric AS amount", cheap.id),
            SQL("SELECT %s AS partner_id, 500::numeric AS amount", dear.id),
        ]
        with patch.object(type(self.Partner), "_hotel_retention_spend_queries", lambda self: spend):
            self._recompute(cheap | dear)
        # cheap: CLV 35 % x 100 x 3 = 105 < 100 spent? no: 100 < 105, not exceeded
        self.assertEqual(cheap.hotel_retention_spend, 100.0)
        self.assertAlmostEqual(cheap.hotel_clv, 105.0, places=2)
        self.assertFalse(cheap.hotel_retention_exceeds_clv)
        self.company.hotel_clv_years = 2  # CLV 70 < 100 spent
        with patch.object(type(self.Partner), "_hotel_retention_spend_queries", lambda self: spend):
            self._recompute(cheap | dear)
        self.assertTrue(cheap.hotel_retention_exceeds_clv)
        self.assertFalse(dear.hotel_retention_exceeds_clv)
        self.assertEqual(dear.hotel_retention_spend, 500.0)

    @freeze_time(TODAY)
    def test_retention_spend_from_complaints_and_rewards(self):
        """Real sources, no patch: complaint compensations in money and the rewards redeemed, each counted once.

        Points given away are not counted when granted: the part redeemed counts when redeemed,
        the part that expires never does.
        """
        self.env["ir.config_parameter"].sudo().set_param("hotel_crm.point_value", "0.05")
        guest = self._guest("Costly", [(TODAY - timedelta(days=20), 1, 100.0)])  # CLV 35 % x 100 x 3 = 105
        Complaint = self.env["hotel.crm.complaint"]
        Complaint.create(
            {"name": "Noisy room", "partner_id": guest.id, "company_id": self.company.id, "compensation_amount": 40}
        )
        self._recompute(guest)
        self.assertEqual(guest.hotel_retention_spend, 40.0)
        self.assertFalse(guest.hotel_retention_exceeds_clv)

        guest._hotel_points_grant(1200, reason="Welcome back", company_id=self.company.id)
        self._recompute(guest)
        self.assertEqual(guest.hotel_retention_spend, 40.0, "points granted cost nothing until they are redeemed")

        reward = self.env["hotel.crm.reward"].create({"name": "Spa voucher", "points_cost": 1000})
        guest.with_company(self.company)._hotel_points_redeem(reward)
        self.env["hotel.crm.points.move"].sudo().create(
            {
                "partner_id": guest.id,
                "move_type": "expire",
                "points": -200,
                "name": "Bonus expired",
                "company_id": self.company.id,
            }
        )
        self._recompute(guest)
        # 40 + 1,000 redeemed x 0.05: the 1,200 bonus points are not counted besides their
        # redemption, and the 200 that expired unused cost nothing
        self.assertAlmostEqual(guest.hotel_retention_spend, 90.0, places=2)
        self.assertFalse(guest.hotel_retention_exceeds_clv)

        Complaint.create(
            {"name": "No hot water", "partner_id": guest.id, "company_id": self.company.id, "compensation_amount": 30}
        )
        self._recompute(guest)
        self.assertAlmostEqual(guest.hotel_retention_spend, 120.0, places=2)
        self.assertTrue(guest.hotel_retention_exceeds_clv, "120 spent on a guest worth 105")
