from odoo.exceptions import AccessError, ValidationError
from odoo.tests import Form, tagged

from .common import KpiCommon


@tagged("post_install", "-at_install", "hotel_crm_kpi")
class TestKpiTarget(KpiCommon):
    env_context = {}  # tracking on: the history of a target is its chatter

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Target = cls.env["hotel.crm.kpi.target"]

    def _flush_tracking(self):
        """Tracking values are written when the transaction commits (mail's precommit hooks)."""
        self.env.flush_all()
        self.env.cr.precommit.run()

    def _target(self, kpi, value, **vals):
        form = Form(self.Target.with_user(self.user_manager))
        form.kpi = kpi
        form.company_id = self.property_a
        form.year = 2025
        form.target = value
        for name, val in vals.items():
            setattr(form, name, val)
        return form.save()

    def test_status_higher_is_better(self):
        self._compute()  # repeat rate 66.67 %
        target = self._target("repeat_rate", 60)
        self.assertEqual(target.status, "on_track")
        self.assertAlmostEqual(target.gap, 200 / 3 - 60, places=6)
        target.with_user(self.user_manager).target = 70  # tolerance 5 % of 70 = 3.5; 3.33 short
        self.assertEqual(target.status, "at_risk")
        self.assertAlmostEqual(target.gap, 200 / 3 - 70, places=6)
        target.with_user(self.user_manager).target = 75
        self.assertEqual(target.status, "off_track")
        self.assertTrue(target.higher_is_better)

    def test_status_lower_is_better(self):
        self._complaints_in_june(3)  # 100 per 100 stays
        self._compute()
        target = self._target("complaints_per_100_stays", 96)  # within 4.8 of it: at risk
        self.assertFalse(target.higher_is_better)
        self.assertEqual(target.status, "at_risk")
        target.with_user(self.user_manager).target = 90
        self.assertEqual(target.status, "off_track")
        target.with_user(self.user_manager).target = 120
        self.assertEqual(target.status, "on_track")
        self.assertAlmostEqual(target.gap, -20.0, places=6)

    def _complaints_in_june(self, count):
        Complaint = self.env["hotel.crm.complaint"].sudo()
        for _i in range(count):
            complaint = Complaint.create({"name": "Slow check-in", "company_id": self.property_a.id})
            self._sql("UPDATE hotel_crm_complaint SET date_received = '2025-06-10 04:00' WHERE id = %s", complaint.id)

    def test_latest_month_and_no_data(self):
        target = self._target("active_guests", 3)
        self.assertEqual(target.status, "no_data", "no snapshot of 2025 yet")
        self.assertIs(target.gap, False)
        may = self._compute(period=("2025-05-01", "2025-05-31"))
        target.invalidate_recordset()
        self.assertEqual(target.snapshot_id, may)
        june = self._compute()
        target.invalidate_recordset()
        self.assertEqual(target.snapshot_id, june, "the latest month of the year")
        self.assertEqual(target.status, "on_track")
        campaign = self._target("campaign_responses", 10)
        if not campaign.snapshot_id.hotel_kpi_values()["campaign_responses"]["available"]:
            self.assertEqual(campaign.status, "no_data", "a KPI without source is no data, not off track")

    def test_history_kept(self):
        target = self._target("repeat_rate", 60)
        self._flush_tracking()
        target.with_user(self.user_manager).write({"target": 65, "note": "Raised after the spring campaign"})
        self._flush_tracking()
        tracked = target.sudo().message_ids.tracking_value_ids.filtered(
            lambda t: t.field_id.name == "target" and t.old_value_float == 60
        )
        self.assertEqual(len(tracked), 1, "the change from 60 to 65 is in the chatter")
        self.assertEqual(tracked.mail_message_id.author_id, self.user_manager.partner_id, "who changed it")
        self.assertEqual((tracked.old_value_float, tracked.new_value_float), (60.0, 65.0))

    def test_managers_only_and_one_per_year(self):
        target = self._target("nps", 30)
        with self.assertRaises(AccessError):
            target.with_user(self.user_front).write({"target": 10})
        with self.assertRaises(AccessError):
            self.Target.with_user(self.user_front).create({"kpi": "nps", "year": 2026, "target": 10})
        self.assertEqual(target.with_user(self.user_front).status, "no_data", "users read the targets")
        with self.assertRaises(ValidationError):
            self._target("nps", 40)

    def test_overview_for_dashboard_and_report(self):
        """This month beside last month, the same month last year and the target."""
        self._compute(period=("2025-05-01", "2025-05-31"))
        self._compute()
        self._target("active_guests", 4)
        overview = self.Snapshot.with_user(self.user_manager).hotel_kpi_overview("2025-06-15", self.property_a)
        self.assertEqual(overview["snapshot"].date_from.isoformat(), "2025-06-01")
        rows = {row["kpi"]: row for row in overview["kpis"]}
        active = rows["active_guests"]
        self.assertEqual((active["value"], active["previous"], active["last_year"]), (3, 3, None))
        self.assertEqual((active["target"], active["status"], active["gap"]), (4, "off_track", -1))
        campaign = rows["campaign_responses"]
        if not campaign["available"]:
            self.assertIsNone(campaign["value"])
            self.assertEqual(campaign["display"], "Not available")
