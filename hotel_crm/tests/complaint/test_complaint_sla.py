from datetime import datetime, timedelta
from unittest.mock import patch

from freezegun import freeze_time

from odoo.tests import tagged
from odoo.tools import format_datetime

from ..common import ComplaintCommon


@tagged("post_install", "-at_install", "hotel_crm_complaint")
class TestComplaintSla(ComplaintCommon):
    def _breach_messages(self, complaint):
        return complaint.message_ids.filtered(lambda m: "SLA breach" in (m.body or ""))

    def test_breach_notified_once_per_breach(self):
        escalation = self.env.ref("hotel_crm.mail_activity_type_hotel_complaint_escalation")
        with freeze_time("2025-06-01 08:00:00"):
            complaint = self._complaint(severity="high", date_received=datetime(2025, 6, 1, 8, 0))
            on_time = self._complaint(severity="low", date_received=datetime(2025, 6, 1, 8, 0))
            self.Complaint._cron_check_sla()
            self.assertFalse(complaint.sla_breached)
        with freeze_time("2025-06-01 10:15:00"):  # 2 h response deadline passed
            self.Complaint._cron_check_sla()
            self.assertTrue(complaint.sla_response_breached)
            self.assertTrue(complaint.sla_breached)
            self.assertFalse(complaint.sla_resolution_breached)
            self.assertFalse(on_time.sla_breached)
            messages = self._breach_messages(complaint)
            self.assertEqual(len(messages), 1)
            self.assertEqual(
                set(messages.partner_ids.ids),
                {self.agent.partner_id.id, self.manager_user.partner_id.id},
                "the department responsible and the department manager are notified",
            )
            self.assertEqual(complaint.escalation_level, 1)
            activities = complaint.activity_ids.filtered(lambda a: a.activity_type_id == escalation)
            self.assertEqual(activities.user_id, self.manager_user, "escalated to the department manager")
        with freeze_time("2025-06-01 10:30:00"):
            self.Complaint._cron_check_sla()
        with freeze_time("2025-06-01 10:45:00"):
            self.Complaint._cron_check_sla()
            self.assertEqual(len(self._breach_messages(complaint)), 1, "repeated runs notify nothing more")
            self.assertEqual(complaint.escalation_level, 1)
            complaint.stage_id = self.stages["confirmed"]  # late answer keeps the breach
            self.assertTrue(complaint.sla_response_breached)
        with freeze_time("2025-06-02 08:15:00"):  # 24 h resolution deadline passed: a second breach
            self.Complaint._cron_check_sla()
            self.Complaint._cron_check_sla()
            self.assertTrue(complaint.sla_resolution_breached)
            self.assertEqual(len(self._breach_messages(complaint)), 2)
            self.assertEqual(complaint.escalation_level, 2)
            self.assertEqual(len(self._breach_messages(on_time)), 1, "the low one missed its 24 h response at 08:00")
        with freeze_time("2025-06-02 09:00:00"):
            complaint.write(
                {"stage_id": self.stages["closed"].id, "judgement": "justified", "cause": "service_quality"}
            )
            self.Complaint._cron_check_sla()
            self.assertEqual(len(self._breach_messages(complaint)), 2)

    def test_severity_downgrade_clears_pending_breach(self):
        with freeze_time("2025-06-01 08:00:00"):
            complaint = self._complaint(severity="critical", date_received=datetime(2025, 6, 1, 8, 0))
        with freeze_time("2025-06-01 09:00:00"):
            self.Complaint._cron_check_sla()
            self.assertTrue(complaint.sla_response_breached)
            complaint.severity = "medium"  # 8 h response: not breached any more
            self.assertFalse(complaint.sla_breached)
            self.assertFalse(complaint.sla_response_notified)
        with freeze_time("2025-06-01 16:30:00"):
            self.Complaint._cron_check_sla()
            self.assertTrue(complaint.sla_response_breached, "the new deadline is watched and notified")
            self.assertEqual(len(self._breach_messages(complaint)), 2)

    def test_kanban_time_left(self):
        with freeze_time("2025-06-01 08:00:00"):
            complaint = self._complaint(severity="high", date_received=datetime(2025, 6, 1, 8, 0))
        with freeze_time("2025-06-01 08:30:00"):
            complaint.invalidate_recordset(["sla_status", "sla_status_label"])
            self.assertEqual(complaint.sla_status, "on_track")
            self.assertEqual(complaint.sla_status_label, "1 h 30 min left")
        with freeze_time("2025-06-01 09:45:00"):
            complaint.invalidate_recordset(["sla_status", "sla_status_label"])
            self.assertEqual(complaint.sla_status, "at_risk")
        with freeze_time("2025-06-01 11:00:00"):
            complaint.invalidate_recordset(["sla_status", "sla_status_label"])
            self.assertEqual(complaint.sla_status, "overdue")
            self.assertEqual(complaint.sla_status_label, "Overdue by 1 h 0 min")

    def test_late_resolution_and_history_not_escalated(self):
        """Resolved complaints record their breach for the reporting but escalate nobody."""
        escalation = self.env.ref("hotel_crm.mail_activity_type_hotel_complaint_escalation")
        with freeze_time("2025-06-01 08:00:00"):
            complaint = self._complaint(severity="high", date_received=datetime(2025, 6, 1, 8, 0))
        with freeze_time("2025-06-01 09:00:00"):
            complaint.stage_id = self.stages["confirmed"]
        with freeze_time("2025-06-02 12:00:00"):  # resolved after 28 h, before the cron saw the 24 h breach
            complaint.stage_id = self.stages["followup"]
            self.Complaint._cron_check_sla()
        self.assertTrue(complaint.sla_resolution_breached)
        self.assertTrue(complaint.sla_breached, "counted as breached in the reporting")
        self.assertFalse(complaint.activity_ids.filtered(lambda a: a.activity_type_id == escalation))
        self.assertFalse(self._breach_messages(complaint))
        self.assertEqual(complaint.escalation_level, 0)
        with freeze_time("2025-06-10 12:00:00"):
            received = datetime(2025, 5, 1, 8, 0)
            imported = self._complaint(
                severity="high",
                date_received=received,
                stage_id=self.stages["closed"].id,
                judgement="justified",
                cause="service_quality",
                first_response_date=received + timedelta(hours=5),
                resolved_date=received + timedelta(hours=30),
            )
            self.Complaint._cron_check_sla()
        self.assertTrue(imported.sla_response_breached and imported.sla_resolution_breached)
        self.assertFalse(imported.activity_ids, "closed history schedules nothing")
        self.assertFalse(self._breach_messages(imported))

    def test_breach_message_in_property_timezone(self):
        self.company.partner_id.tz = "Asia/Shanghai"
        with freeze_time("2025-06-01 08:00:00"):
            complaint = self._complaint(severity="high", date_received=datetime(2025, 6, 1, 8, 0))
        with freeze_time("2025-06-01 10:15:00"):
            self.Complaint._cron_check_sla()
        body = str(self._breach_messages(complaint).body).replace("\u202f", " ").replace("\xa0", " ")
        local = format_datetime(self.env, datetime(2025, 6, 1, 10, 0), tz="Asia/Shanghai", dt_format="short")
        self.assertIn(local.replace("\u202f", " ").replace("\xa0", " "), body, "18:00 in Shanghai, not 10:00 UTC")
        self.assertIn("(Asia/Shanghai)", body)
        self.assertNotIn("2025-06-01 10:00:00", body)
        activity = complaint.activity_ids.filtered(
            lambda a: a.activity_type_id == self.env.ref("hotel_crm.mail_activity_type_hotel_complaint_escalation")
        )
        self.assertIn("Asia/Shanghai", str(activity.note))

    def test_cron_groups_flag_writes(self):
        """Many breaches, few writes: the flags are written once per combination of values."""
        with freeze_time("2025-06-01 08:00:00"):
            complaints = self.Complaint
            for _i in range(5):
                complaints |= self._complaint(severity="high", date_received=datetime(2025, 6, 1, 8, 0))
        writes = []
        origin = type(self.Complaint).write

        def spy(records, vals):
            if set(vals) & {"sla_response_breached", "sla_response_notified"}:
                writes.append(len(records))
            return origin(records, vals)

        with freeze_time("2025-06-01 10:15:00"), patch.object(type(self.Complaint), "write", spy):
            self.Complaint._cron_check_sla()
        self.assertTrue(all(complaints.mapped("sla_response_breached")))
        self.assertTrue(any(n >= 5 for n in writes), f"the five complaints' flags in one write, got {writes}")
        self.assertLess(len(writes), 5, "not one write per complaint")

    def test_cron_registered(self):
        cron = self.env.ref("hotel_crm.ir_cron_hotel_complaint_sla")
        self.assertEqual((cron.interval_number, cron.interval_type), (15, "minutes"))
