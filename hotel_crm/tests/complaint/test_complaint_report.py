from datetime import datetime, timedelta

from freezegun import freeze_time

from odoo.tests import tagged

from ..common import ComplaintCommon


@tagged("post_install", "-at_install", "hotel_crm_complaint")
class TestComplaintReport(ComplaintCommon):
    def test_report_rates_and_median(self):
        Report = self.env["hotel.crm.complaint.report"]
        other_guest = self.env["res.partner"].create({"name": "Tan Wei", "hotel_guest": True})
        start = datetime(2025, 3, 10, 8, 0)
        complaints = self.Complaint
        for hours, severity in ((4, "medium"), (10, "medium"), (30, "high")):
            with freeze_time(start):
                complaint = self._complaint(severity=severity, date_received=start, cause="service_quality")
            with freeze_time(start + timedelta(hours=1)):
                complaint.stage_id = self.stages["confirmed"]
            with freeze_time(start + timedelta(hours=hours)):
                complaint.stage_id = self.stages["followup"]
                self.Complaint._cron_check_sla()
            complaints |= complaint
        open_one = self._complaint(partner_id=other_guest.id, cause="price")
        self.env["hotel.crm.stay"].create(
            {
                "partner_id": self.guest.id,
                "company_id": self.company.id,
                "arrival_date": "2025-04-01",
                "departure_date": "2025-04-02",
                "state": "checked_out",
            }
        )
        self.assertTrue(complaints[2].sla_resolution_breached, "30 h > 24 h for high")
        self.env.flush_all()
        domain = [("company_id", "=", self.company.id)]
        kpis = Report.hotel_complaint_kpis(domain)
        self.assertEqual(kpis["count"], 4)
        self.assertEqual(kpis["resolved"], 3)
        self.assertAlmostEqual(kpis["median_resolution_hours"], 10.0)
        self.assertAlmostEqual(kpis["sla_compliance"], 200 / 3, places=4)
        self.assertAlmostEqual(kpis["recovery_rate"], 100.0, msg="the guest came back after all three")
        rows = Report._read_group(domain, ["cause"], ["nbr:sum", "resolution_hours:avg"])
        by_cause = {cause: (n, avg) for cause, n, avg in rows}
        medians = dict(Report._read_group(domain, ["cause"], ["median_resolution_hours:avg"]))
        self.assertAlmostEqual(medians["service_quality"], 10.0, msg="the pivot measure is the median, not the mean")
        self.assertEqual(by_cause["service_quality"][0], 3)
        self.assertAlmostEqual(by_cause["service_quality"][1], (4 + 10 + 30) / 3)
        self.assertEqual(by_cause["price"][0], 1)
        self.assertFalse(open_one.resolved_date)
