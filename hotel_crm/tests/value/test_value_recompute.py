import math
from datetime import timedelta

from freezegun import freeze_time

from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged

from ..common import TODAY, TestValueCommon


@tagged("post_install", "-at_install", "hotel_crm_value")
class TestValueRecompute(TestValueCommon):
    @freeze_time(TODAY)
    def test_cron_computes_all_guests(self):
        guest = self._guest("Nightly", [(TODAY - timedelta(days=3), 1, 250.0)])
        prospect = self._guest("Nightly Prospect")
        self.env["res.partner"]._cron_hotel_recompute_value()
        self.assertTrue(guest.hotel_value_segment in ("vip", "major", "ordinary", "small"))
        self.assertEqual(guest.hotel_value_revenue, 250.0)
        self.assertEqual(guest.hotel_lifecycle_stage, "first_stay")
        self.assertEqual(prospect.hotel_value_segment, "none")
        self.assertEqual(prospect.hotel_lifecycle_stage, "prospect")
        param = self.env["ir.config_parameter"].get_param("hotel_crm.value_last_run")
        self.assertTrue(param)

    @freeze_time(TODAY)
    def test_stay_aggregates_repaired(self):
        guest = self._guest("Drifted", [(TODAY - timedelta(days=3), 2, 250.0), (TODAY - timedelta(days=9), 1, 50.0)])
        self.env.flush_all()
        self.env.cr.execute(
            "UPDATE res_partner SET hotel_stay_count = 7, hotel_revenue_total = 1 WHERE id = %s", [guest.id]
        )
        self.env.invalidate_all()
        self.assertEqual(guest.hotel_stay_count, 7)
        self._recompute(guest, full=True)
        self.assertEqual(guest.hotel_stay_count, 2)
        self.assertEqual(guest.hotel_nights_total, 3)
        self.assertEqual(guest.hotel_revenue_total, 300.0)

    @freeze_time(TODAY)
    def test_unchanged_guests_not_rewritten(self):
        guest = self._guest("Stable", [(TODAY - timedelta(days=3), 1, 250.0)])
        self._recompute(guest)
        self.env.cr.execute("SELECT xmin::text FROM res_partner WHERE id = %s", [guest.id])
        before = self.env.cr.fetchone()[0]
        self.env.cr.execute("SAVEPOINT value_xmin")  # a new (sub)transaction id for any new row version
        self._recompute(guest, full=True)
        self.env.cr.execute("SELECT xmin::text FROM res_partner WHERE id = %s", [guest.id])
        self.assertEqual(self.env.cr.fetchone()[0], before, "a guest whose value did not change is not written")

    def test_manager_only(self):
        user = new_test_user(self.env, login="value_front", groups="hotel_crm.hotel_crm_group_user")
        with self.assertRaises(AccessError):
            self.env["res.partner"].with_user(user).action_hotel_recompute_value()
        manager = new_test_user(self.env, login="value_manager", groups="hotel_crm.hotel_crm_group_manager")
        action = self.env["res.partner"].with_user(manager).action_hotel_recompute_value()
        self.assertEqual(action["tag"], "display_notification")

    @freeze_time(TODAY)
    def test_pyramid_report_matches_guests(self):
        guests = self.Partner
        for i in range(10):
            guests |= self._guest(f"Report {i}", [(TODAY - timedelta(days=3 + i), 1, 100.0 * (10 - i))])
        self.env["res.partner"].with_company(self.company).hotel_recompute_value()
        report = self.env["hotel.crm.value.pyramid.report"].search([])
        by_segment = {r.segment: r for r in report}
        self.env.cr.execute(
            """SELECT hotel_value_segment, count(*), sum(hotel_value_revenue) FROM res_partner
                WHERE hotel_guest AND hotel_value_segment IS NOT NULL GROUP BY 1"""
        )
        expected = {seg: (count, float(revenue)) for seg, count, revenue in self.env.cr.fetchall()}
        self.assertEqual({s: (r.guest_count, r.revenue) for s, r in by_segment.items()}, expected)
        with_revenue = report.filtered(lambda r: r.segment != "none")
        self.assertAlmostEqual(sum(with_revenue.mapped("guest_share")), 100.0, places=6)
        self.assertAlmostEqual(with_revenue.sorted("sequence")[-1].cumulative_revenue_share, 100.0, places=6)
        # the top 20 % (rounded up) of the guests with revenue are VIP or major
        n = sum(with_revenue.mapped("guest_count"))
        self.assertAlmostEqual(by_segment["major"].cumulative_guest_share, 100.0 * math.ceil(n * 0.2) / n, places=6)
        top = self.Partner.search([("hotel_guest", "=", True), ("hotel_value_segment", "in", ("vip", "major"))])
        share = 100 * sum(top.mapped("hotel_value_revenue")) / sum(with_revenue.mapped("revenue"))
        self.assertAlmostEqual(by_segment["major"].cumulative_revenue_share, share, places=6)
        self.assertEqual(guests[0].hotel_value_revenue, 1000.0)
