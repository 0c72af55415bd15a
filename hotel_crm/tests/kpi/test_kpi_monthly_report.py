import re
from datetime import date

from freezegun import freeze_time

from odoo.exceptions import AccessError
from odoo.tests import HttpCase, tagged

from .common import JUNE, KpiCommon

REPORT = "hotel_crm.action_report_kpi_monthly"


@tagged("post_install", "-at_install", "hotel_crm_kpi")
class TestKpiMonthlyReport(KpiCommon):
    """The monthly CRM performance report: its figures in the HTML, a real PDF, and the e-mail to
    the property's managers when the month-end job freezes the month."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.user_manager.email = "manager@lakeside.example.com"
        category = cls.env["hotel.crm.complaint.category"].create({"name": "Noise at night", "code": "noise_night"})
        cls.env["hotel.crm.complaint"].create(
            [
                {
                    "name": f"Noisy room {i}",
                    "partner_id": cls.ann.id,
                    "company_id": cls.property_a.id,
                    "category_id": category.id,
                    "date_received": "2025-06-10 04:00:00",
                }
                for i in range(2)
            ]
        )
        cls.env["hotel.crm.kpi.target"].create(
            {"company_id": cls.property_a.id, "year": 2025, "kpi": "active_guests", "target": 4}
        )

    def _html(self, snapshot, user=None):
        Report = self.env["ir.actions.report"].with_user(user or self.user_manager)
        html, _kind = Report._render_qweb_html(REPORT, snapshot.ids)
        return html.decode()

    def _row(self, html, kpi):
        match = re.search(rf'<tr data-kpi="{kpi}">(.*?)</tr>', html, re.S)
        self.assertTrue(match, f"no row for {kpi}")
        return [
            re.sub(r"<[^>]+>|\s+", " ", cell).strip() for cell in re.findall(r"<td[^>]*>(.*?)</td>", match[1], re.S)
        ]

    def test_report_figures(self):
        may = self._compute(period=(date(2025, 5, 1), date(2025, 5, 31)))
        june = self._compute()
        html = self._html(june)
        self.assertIn("Test Lakeside Hotel", html)
        active = self._row(html, "active_guests")
        self.assertEqual(active[1], "3", "Ann, Bob and Cat left in June")
        self.assertEqual(active[2], f"{may.active_guests:.1f}", "last month beside it")
        self.assertEqual(active[3], f"{3 - may.active_guests:+.1f}")
        self.assertEqual(active[5], "4.0", "the year's target")
        self.assertEqual(active[6], "Off Track", "3 against 4, beyond the 5 % tolerance")
        self.assertEqual(self._row(html, "campaign_responses")[1], "0", "campaigns measured: none this month")
        causes = re.search(r'o_hotel_crm_causes">(.*?)</table>', html, re.S)[1]
        self.assertRegex(re.sub(r"\s+", " ", causes), r"Noise at night\s*</td>\s*<td[^>]*>\s*2\s*<")
        pyramid = re.sub(r"<[^>]+>|\s+", " ", re.search(r'o_hotel_crm_pyramid">(.*?)</table>', html, re.S)[1])
        counts = [int(n) for n in re.findall(r"\s(\d+)\s+\d+\.\d %", pyramid)]
        self.assertEqual(sum(counts), 3, "the pyramid splits the month's 3 active guests")

    def test_other_property_refused(self):
        snapshot = self._compute(company=self.property_b)
        with self.assertRaises(AccessError):
            self._html(snapshot, user=self.user_front)

    def test_month_end_job_mails_the_managers(self):
        self.user_front.email = "desk@lakeside.example.com"
        with freeze_time("2025-07-02 04:00:00"):
            created = self.Snapshot._cron_freeze_closed_months()
        june = created.filtered(lambda s: s.company_id == self.property_a)
        self.assertEqual((june.date_from, june.date_to, june.frozen), (*JUNE, True))
        mails = self.env["mail.mail"].search([("model", "=", june._name), ("res_id", "=", june.id)])
        self.assertEqual(len(mails), 1)
        self.assertIn(self.user_manager.partner_id, mails.recipient_ids)
        self.assertNotIn(self.user_front.partner_id, mails.recipient_ids, "managers only")
        self.assertEqual(len(mails.attachment_ids), 1, "the report is attached")
        self.assertIn("2025-06", mails.subject)
        with freeze_time("2025-07-03 04:00:00"):
            self.Snapshot._cron_freeze_closed_months()
        again = self.env["mail.mail"].search([("model", "=", june._name), ("res_id", "=", june.id)])
        self.assertEqual(again, mails, "a frozen month is reported once")


@tagged("post_install", "-at_install", "hotel_crm_kpi")
class TestKpiMonthlyReportPdf(HttpCase, KpiCommon):
    """A real PDF: wkhtmltopdf fetches the report's styles from the test server (an HttpCase, so
    that its requests share the test transaction)."""

    def test_pdf_is_rendered(self):
        snapshot = self._compute()
        pdf, kind = (
            self.env["ir.actions.report"]
            .with_context(force_report_rendering=True)
            ._render_qweb_pdf(REPORT, snapshot.ids)
        )
        self.assertEqual(kind, "pdf")
        self.assertTrue(pdf.startswith(b"%PDF"), "wkhtmltopdf rendered a PDF")
        self.assertGreater(len(pdf), 2000)
