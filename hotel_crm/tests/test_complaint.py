from datetime import date, datetime, timedelta
from unittest.mock import patch

from freezegun import freeze_time
from psycopg2 import IntegrityError

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, TransactionCase, new_test_user, tagged
from odoo.tools import format_datetime, mute_logger


class ComplaintCommon(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True, mail_notrack=True))
        cls.company = cls.env["res.company"].create({"name": "Complaint Test Hotel"})
        cls.other_company = cls.env["res.company"].create({"name": "Complaint Other Hotel"})
        cls.env.user.company_ids |= cls.company | cls.other_company
        cls.env = cls.env(context=dict(cls.env.context, allowed_company_ids=[cls.company.id, cls.other_company.id]))
        cls.Complaint = cls.env["hotel.crm.complaint"]
        cls.stages = {
            key: cls.env.ref(f"hotel_crm.complaint_stage_{key}")
            for key in ("received", "confirmed", "analysed", "proposed", "executing", "followup", "closed")
        }
        cls.agent = new_test_user(
            cls.env,
            login="cmp_agent",
            groups="hotel_crm.hotel_crm_group_user",
            company_id=cls.company.id,
            company_ids=[Command.set(cls.company.ids)],
        )
        cls.manager_user = new_test_user(
            cls.env,
            login="cmp_manager",
            groups="hotel_crm.hotel_crm_group_manager",
            company_id=cls.company.id,
            company_ids=[Command.set(cls.company.ids)],
        )
        cls.manager_employee = cls.env["hr.employee"].create(
            {"name": "Head of Housekeeping", "user_id": cls.manager_user.id, "company_id": cls.company.id}
        )
        cls.department = cls.env["hr.department"].create(
            {
                "name": "Housekeeping (test)",
                "company_id": cls.company.id,
                "manager_id": cls.manager_employee.id,
                "hotel_complaint_user_id": cls.agent.id,
            }
        )
        cls.category = cls.env["hotel.crm.complaint.category"].create(
            {"name": "Test cleanliness", "code": "test_clean", "department_id": cls.department.id}
        )
        cls.guest = cls.env["res.partner"].create(
            {"name": "Lin Hua", "hotel_guest": True, "email": "lin.hua@example.com"}
        )
        cls.stay = cls.env["hotel.crm.stay"].create(
            {
                "partner_id": cls.guest.id,
                "company_id": cls.company.id,
                "arrival_date": "2025-03-01",
                "departure_date": "2025-03-03",
                "state": "checked_out",
                "revenue_room": 900,
            }
        )

    def as_user(self, records, user):
        """``records`` seen by ``user`` working in the test property."""
        return records.with_user(user).with_context(allowed_company_ids=[self.company.id])

    def _complaint(self, **vals):
        values = {
            "name": "Dusty room",
            "partner_id": self.guest.id,
            "company_id": self.company.id,
            "category_id": self.category.id,
            "severity": "medium",
        }
        values.update(vals)
        return self.Complaint.create(values)


@tagged("post_install", "-at_install")
class TestComplaintFlow(ComplaintCommon):
    def test_form_routing_and_defaults(self):
        with Form(self.Complaint.with_company(self.company)) as form:
            form.name = "Hair in the sink"
            form.partner_id = self.guest
            form.stay_id = self.stay
            form.category_id = self.category
        complaint = form.save()
        self.assertRegex(complaint.reference, r"^CMP/\d{4}/\d{5}$")
        self.assertEqual(complaint.stage_id, self.stages["received"], "a new complaint is received")
        self.assertEqual(complaint.department_id, self.department, "routed by category")
        self.assertEqual(complaint.user_id, self.agent, "the department's complaint responsible takes it")
        self.assertIn(self.guest, complaint.message_partner_ids, "the guest follows the complaint")
        self.assertEqual(len(complaint.checklist_ids), 14, "the 14 handling steps of seed 003")
        complaint.checklist_ids[:7].write({"done": True})
        self.assertAlmostEqual(complaint.checklist_progress, 50.0)
        self.assertEqual(complaint.checklist_ids[0].done_user_id, self.env.user)

    @freeze_time("2025-05-01 10:00:00")
    def test_deadlines_per_severity(self):
        expected = {"critical": (0.5, 8), "high": (2, 24), "medium": (8, 48), "low": (24, 72)}
        start = datetime(2025, 5, 1, 10, 0)
        for severity, (response, resolution) in expected.items():
            complaint = self._complaint(severity=severity, date_received=start)
            self.assertEqual(complaint.response_deadline, start + timedelta(hours=response), severity)
            self.assertEqual(complaint.resolution_deadline, start + timedelta(hours=resolution), severity)

    @freeze_time("2025-05-01 10:00:00")
    def test_deadlines_on_severity_change_and_property_policy(self):
        start = datetime(2025, 5, 1, 10, 0)
        complaint = self._complaint(severity="low", date_received=start)
        self.assertEqual(complaint.response_deadline, datetime(2025, 5, 2, 10, 0))
        complaint.severity = "high"
        self.assertEqual(complaint.response_deadline, datetime(2025, 5, 1, 12, 0))
        self.assertEqual(complaint.resolution_deadline, datetime(2025, 5, 2, 10, 0))
        # a property's own policy wins over the shared one
        self.env["hotel.crm.sla.policy"].create(
            {
                "name": "Test Hotel high",
                "company_id": self.company.id,
                "severity": "high",
                "response_hours": 1,
                "resolution_hours": 12,
            }
        )
        other = self._complaint(severity="high", date_received=start)
        self.assertEqual(other.response_deadline, datetime(2025, 5, 1, 11, 0))
        self.assertEqual(other.resolution_deadline, datetime(2025, 5, 1, 22, 0))
        elsewhere = self._complaint(
            severity="high", date_received=start, company_id=self.other_company.id, category_id=False
        )
        self.assertEqual(elsewhere.response_deadline, datetime(2025, 5, 1, 12, 0), "other property keeps the default")

    def test_sla_policy_validation(self):
        with self.assertRaises(ValidationError):
            self.env["hotel.crm.sla.policy"].create(
                {"name": "dup", "severity": "low", "response_hours": 1, "resolution_hours": 2}
            )
        with self.assertRaisesRegex(ValidationError, "SLA policy bad"):
            self.env["hotel.crm.sla.policy"].create(
                {
                    "name": "bad",
                    "company_id": self.company.id,
                    "severity": "low",
                    "response_hours": 5,
                    "resolution_hours": 2,
                }
            )

    def test_stage_stamps(self):
        with freeze_time("2025-05-01 10:00:00"):
            complaint = self._complaint(date_received=datetime(2025, 5, 1, 10, 0))
            self.assertFalse(complaint.first_response_date)
        with freeze_time("2025-05-01 11:30:00"):
            complaint.stage_id = self.stages["confirmed"]
            self.assertEqual(complaint.first_response_date, datetime(2025, 5, 1, 11, 30))
            self.assertAlmostEqual(complaint.response_hours, 1.5)
        with freeze_time("2025-05-01 13:00:00"):
            complaint.stage_id = self.stages["analysed"]
            self.assertEqual(complaint.first_response_date, datetime(2025, 5, 1, 11, 30), "stamped once")
            self.assertFalse(complaint.resolved_date)
        with freeze_time("2025-05-02 10:00:00"):
            complaint.stage_id = self.stages["followup"]
            self.assertEqual(complaint.resolved_date, datetime(2025, 5, 2, 10, 0))
            self.assertAlmostEqual(complaint.resolution_hours, 24.0)
            followup = self.env.ref("hotel_crm.mail_activity_type_hotel_complaint_followup")
            activities = complaint.activity_ids.filtered(lambda a: a.activity_type_id == followup)
            self.assertEqual(len(activities), 1, "the responsible is asked to check the guest's satisfaction")
            self.assertEqual(activities.user_id, self.agent)
        with freeze_time("2025-05-02 12:00:00"):
            complaint.stage_id = self.stages["executing"]
            self.assertFalse(complaint.resolved_date, "back to an unresolved step clears the resolution")
        with freeze_time("2025-05-03 09:00:00"):
            complaint.stage_id = self.stages["closed"]
            self.assertEqual(complaint.resolved_date, datetime(2025, 5, 3, 9, 0))
            self.assertEqual(complaint.closed_date, datetime(2025, 5, 3, 9, 0))
            self.assertTrue(complaint.is_closed)
            self.assertFalse(complaint.sla_breached, "resolved within 48 h")
            self.assertEqual(
                len(complaint.activity_ids.filtered(lambda a: a.activity_type_id == followup)), 1, "never doubled"
            )

    @freeze_time("2025-05-10 12:00:00")
    def test_history_keeps_explicit_dates(self):
        """Complaints imported from another system keep their real handling dates and SLA outcome."""
        received = datetime(2025, 5, 1, 9, 0)
        complaint = self._complaint(
            severity="high",
            date_received=received,
            stage_id=self.stages["closed"].id,
            first_response_date=received + timedelta(hours=1),
            resolved_date=received + timedelta(hours=30),
        )
        self.assertEqual(complaint.first_response_date, datetime(2025, 5, 1, 10, 0))
        self.assertEqual(complaint.resolved_date, datetime(2025, 5, 2, 15, 0))
        self.assertAlmostEqual(complaint.resolution_hours, 30.0)
        self.assertFalse(complaint.sla_response_breached)
        self.assertTrue(complaint.sla_resolution_breached, "30 h > 24 h for a high complaint")
        self.assertTrue(complaint.is_closed)

    def test_reply_to_guest_is_first_response(self):
        complaint = self._complaint()
        complaint.message_post(body="Internal note", subtype_xmlid="mail.mt_note")
        self.assertFalse(complaint.first_response_date, "an internal note is no answer")
        self.as_user(complaint, self.agent).message_post(
            body="We are sorry, housekeeping is on its way.", message_type="comment", subtype_xmlid="mail.mt_comment"
        )
        self.assertTrue(complaint.first_response_date)

    def test_validation_errors(self):
        other_guest = self.env["res.partner"].create({"name": "Someone Else", "hotel_guest": True})
        with self.assertRaisesRegex(ValidationError, "belongs to Lin Hua"):
            self._complaint(partner_id=other_guest.id, stay_id=self.stay.id)
        with self.assertRaisesRegex(ValidationError, "Set the Guest first|set the Guest first"):
            self._complaint(partner_id=False, compensation_type="points", compensation_points=100)
        with self.assertRaises(IntegrityError), mute_logger("odoo.sql_db"):
            self._complaint(compensation_type="refund", compensation_amount=-5)
        complaint = self._complaint(stay_id=self.stay.id, partner_id=False)
        self.assertEqual(complaint.partner_id, self.guest, "the guest comes from the stay")

    @freeze_time("2025-05-10 12:00:00")
    def test_write_keeps_explicit_dates(self):
        """write() stamps like create(): dates given in the same call win over the stage's stamps."""
        complaint = self._complaint(date_received=datetime(2025, 5, 1, 9, 0))
        complaint.write(
            {
                "stage_id": self.stages["closed"].id,
                "first_response_date": datetime(2025, 5, 1, 10, 0),
                "resolved_date": datetime(2025, 5, 2, 9, 0),
            }
        )
        self.assertEqual(complaint.first_response_date, datetime(2025, 5, 1, 10, 0), "explicit, not now")
        self.assertEqual(complaint.resolved_date, datetime(2025, 5, 2, 9, 0), "explicit, not now")
        self.assertEqual(complaint.closed_date, datetime(2025, 5, 10, 12, 0), "not given: stamped")
        self.assertAlmostEqual(complaint.resolution_hours, 24.0)
        self.assertFalse(complaint.sla_breached, "answered in 1 h and resolved in 24 h: a medium SLA is met")

    def test_ticking_guest_satisfied_stamps_date(self):
        followup = self.env.ref("hotel_crm.mail_activity_type_hotel_complaint_followup")
        complaint = self._complaint()
        with freeze_time("2025-03-05 10:00:00"):
            complaint.stage_id = self.stages["followup"]
        self.assertTrue(complaint.activity_ids.filtered(lambda a: a.activity_type_id == followup))
        with freeze_time("2025-03-06 09:00:00"), Form(complaint) as form:
            form.guest_satisfied = True
        self.assertEqual(complaint.satisfaction_date, datetime(2025, 3, 6, 9, 0), "stamped by ticking the box")
        self.assertFalse(
            complaint.activity_ids.filtered(lambda a: a.activity_type_id == followup), "the follow-up is answered"
        )
        with freeze_time("2025-03-07 09:00:00"):
            complaint.write({"guest_satisfied": False, "satisfaction_date": datetime(2025, 3, 6, 18, 0)})
        self.assertEqual(complaint.satisfaction_date, datetime(2025, 3, 6, 18, 0), "an explicit date wins")
        with freeze_time("2025-03-08 09:00:00"):
            complaint.guest_satisfied = False
        self.assertEqual(complaint.satisfaction_date, datetime(2025, 3, 6, 18, 0), "no change, no new stamp")

    @freeze_time("2025-06-01 12:00:00")
    def test_deadlines_manager_only_and_reevaluated(self):
        complaint = self._complaint(severity="high", date_received=datetime(2025, 6, 1, 8, 0))
        self.assertTrue(complaint.sla_response_breached, "2 h response deadline at 10:00, now 12:00")
        as_agent = self.as_user(complaint, self.agent)
        with self.assertRaisesRegex(AccessError, "only a Hotel CRM manager may change the SLA deadlines"):
            as_agent.write({"response_deadline": datetime(2025, 6, 1, 14, 0)})
        with self.assertRaises(AssertionError, msg="read-only for the front desk in the form"):
            with Form(as_agent) as form:
                form.response_deadline = datetime(2025, 6, 1, 14, 0)
        # a new severity with the form's deadlines: the policy, not the client, sets them
        as_agent.write({"severity": "low", "response_deadline": datetime(2030, 1, 1, 0, 0)})
        self.assertEqual(complaint.response_deadline, datetime(2025, 6, 2, 8, 0), "low: 24 h")
        self.assertFalse(complaint.sla_response_breached)
        complaint.severity = "high"
        self.assertTrue(complaint.sla_response_breached)
        # the manager moves the deadline: the breach is evaluated again, and cleared
        as_manager = self.as_user(complaint, self.manager_user)
        as_manager.write({"response_deadline": datetime(2025, 6, 1, 14, 0)})
        self.assertEqual(complaint.response_deadline, datetime(2025, 6, 1, 14, 0))
        self.assertFalse(complaint.sla_response_breached, "14:00 is still ahead")
        self.assertFalse(complaint.sla_response_notified, "a breach of the new deadline is notified again")
        as_manager.write({"resolution_deadline": datetime(2025, 6, 1, 11, 0)})
        self.assertTrue(complaint.sla_resolution_breached, "moved into the past: breached at once")
        with Form(as_manager) as form:
            form.resolution_deadline = datetime(2025, 6, 3, 8, 0)
        self.assertFalse(complaint.sla_breached)

    @freeze_time("2025-06-01 12:00:00")
    def test_client_defaults_and_date_received_are_checked(self):
        """What the client's context defaults would fill in is checked like explicit values, and the
        date the SLA runs from is the manager's to move."""
        Complaint = self.as_user(self.Complaint, self.agent)
        with self.assertRaisesRegex(UserError, "Only a Hotel CRM manager may grant 5000 loyalty points"):
            Complaint.with_context(default_compensation_type="points", default_compensation_points=5000).create(
                {"name": "Minted by default", "partner_id": self.guest.id, "company_id": self.company.id}
            )
        now = datetime(2025, 6, 1, 12, 0)
        complaint = Complaint.with_context(default_response_deadline=datetime(2030, 1, 1)).create(
            {
                "name": "Told yesterday, logged now",
                "partner_id": self.guest.id,
                "company_id": self.company.id,
                "severity": "high",
                "date_received": datetime(2030, 1, 1, 9, 0),
            }
        )
        self.assertEqual(complaint.date_received, now, "a date received in the future is taken as now")
        self.assertEqual(complaint.response_deadline, datetime(2025, 6, 1, 14, 0), "from the policy: 2 h")
        as_agent = self.as_user(complaint, self.agent)
        with self.assertRaisesRegex(AccessError, "only a Hotel CRM manager may change the date received"):
            as_agent.write({"date_received": datetime(2025, 6, 1, 11, 30)})
        as_agent.write({"date_received": now, "name": "Same date written back"})  # unchanged: allowed
        self.as_user(complaint, self.manager_user).write({"date_received": datetime(2025, 6, 1, 9, 0)})
        self.assertEqual(complaint.response_deadline, datetime(2025, 6, 1, 11, 0))
        self.assertTrue(complaint.sla_response_breached)

    def test_points_compensation_needs_manager(self):
        complaint = self._complaint()
        as_agent = self.as_user(complaint, self.agent)
        with self.assertRaisesRegex(UserError, "Only a Hotel CRM manager may grant 500 loyalty points"):
            as_agent.write({"compensation_type": "points", "compensation_points": 500})
        with self.assertRaisesRegex(UserError, "Only a Hotel CRM manager may grant 100 loyalty points"):
            self.as_user(self.Complaint, self.agent).create(
                {
                    "name": "Minted",
                    "partner_id": self.guest.id,
                    "company_id": self.company.id,
                    "compensation_type": "points",
                    "compensation_points": 100,
                }
            )
        self.assertEqual(complaint.compensation_points, 0)
        # the manager decides the points; whoever resolves the complaint then books them
        self.as_user(complaint, self.manager_user).write({"compensation_type": "points", "compensation_points": 500})
        with self.assertRaisesRegex(UserError, "Only a Hotel CRM manager"):
            as_agent.action_grant_compensation()
        as_agent.write({"compensation_note": "Agreed with the guest", "stage_id": self.stages["followup"].id})
        self.assertTrue(complaint.compensation_points_granted, "the approved points are booked on resolution")
        self.assertEqual(
            self.env["hotel.crm.points.move"]
            .search([("origin_model", "=", complaint._name), ("origin_id", "=", complaint.id)])
            .points,
            500,
        )
        # a cap lets the front desk grant small gestures by themselves
        self.env["ir.config_parameter"].sudo().set_param("hotel_crm.complaint_compensation_points_cap", "100")
        small = self.as_user(self._complaint(), self.agent)
        small.write({"compensation_type": "points", "compensation_points": 100})
        small.action_grant_compensation()
        self.assertTrue(small.compensation_points_granted)
        with self.assertRaisesRegex(UserError, "your limit is 100 points"):
            self.as_user(self._complaint(), self.agent).write(
                {"compensation_type": "points", "compensation_points": 101}
            )

    def test_routing_per_property(self):
        """A category routes to its department at that department's property, elsewhere to the
        property's department of the same name."""
        other_agent = new_test_user(
            self.env,
            login="cmp_other_agent",
            groups="hotel_crm.hotel_crm_group_user",
            company_id=self.other_company.id,
            company_ids=[Command.set(self.other_company.ids)],
        )
        other_department = self.env["hr.department"].create(
            {
                "name": self.department.name,
                "company_id": self.other_company.id,
                "hotel_complaint_user_id": other_agent.id,
            }
        )
        complaint = self._complaint(company_id=self.other_company.id)
        self.assertEqual(complaint.department_id, other_department, "the other property's housekeeping")
        self.assertEqual(complaint.user_id, other_agent)
        complaint.company_id = self.company
        self.assertEqual(complaint.department_id, self.department, "moved back: routed again")
        self.assertEqual(complaint.user_id, self.agent)
        other_department.name = "Rooms Division"
        complaint.company_id = self.other_company
        self.assertFalse(complaint.department_id, "no namesake: no department of another property")


@tagged("post_install", "-at_install")
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
            complaint.stage_id = self.stages["closed"]
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


@tagged("post_install", "-at_install")
class TestComplaintCrisis(ComplaintCommon):
    def test_critical_complaint_fans_out(self):
        crisis_group = self.env.ref("hotel_crm.hotel_crm_group_crisis_team")
        member = new_test_user(
            self.env,
            login="cmp_crisis",
            groups="hotel_crm.hotel_crm_group_user,hotel_crm.hotel_crm_group_crisis_team",
            company_id=self.company.id,
            company_ids=[Command.set(self.company.ids)],
        )
        outsider = new_test_user(
            self.env,
            login="cmp_crisis_other",
            groups="hotel_crm.hotel_crm_group_crisis_team",
            company_id=self.other_company.id,
            company_ids=[Command.set(self.other_company.ids)],
        )
        self.assertIn(member, crisis_group.users)
        step_type = self.env.ref("hotel_crm.mail_activity_type_hotel_crisis_step")
        steps = self.env["hotel.crm.crisis.step"].search([])
        self.assertGreaterEqual(len(steps), 6)
        self.assertIn("Restore reputation", steps.mapped("name"))

        complaint = self._complaint(severity="high", name="Food poisoning suspected")
        self.assertFalse(complaint.activity_ids.filtered(lambda a: a.activity_type_id == step_type))
        complaint.severity = "critical"
        self.assertTrue(complaint.crisis_started)
        crisis_activities = complaint.activity_ids.filtered(lambda a: a.activity_type_id == step_type)
        self.assertEqual(len(crisis_activities), len(steps), "one activity per crisis plan step")
        self.assertEqual(set(crisis_activities.mapped("summary")), set(steps.mapped("name")))
        self.assertIn(member.partner_id, complaint.message_partner_ids, "crisis team follows")
        self.assertNotIn(outsider.partner_id, complaint.message_partner_ids, "only the property's crisis team")
        notification = complaint.message_ids.filtered(lambda m: "Crisis" in (m.body or ""))
        self.assertEqual(len(notification), 1)
        self.assertIn(member.partner_id, notification.partner_ids)
        # raising it again, or writing it again, does not schedule the plan twice
        complaint.severity = "high"
        complaint.severity = "critical"
        self.assertEqual(len(complaint.activity_ids.filtered(lambda a: a.activity_type_id == step_type)), len(steps))

    def test_crisis_step_assignee_and_due_dates(self):
        """A step's own assignee wins, else the complaint's responsible; due after the step's delay."""
        own = self.env["hotel.crm.crisis.step"].create(
            {
                "name": "Brief the general manager",
                "company_id": self.company.id,
                "user_id": self.manager_user.id,
                "delay_hours": 30,
            }
        )
        self.env["hotel.crm.crisis.step"].search([("company_id", "=", False)]).write({"delay_hours": 0})
        with freeze_time("2025-06-01 08:00:00"):
            complaint = self._complaint(severity="critical")
        step_type = self.env.ref("hotel_crm.mail_activity_type_hotel_crisis_step")
        activities = complaint.activity_ids.filtered(lambda a: a.activity_type_id == step_type)
        mine = activities.filtered(lambda a: a.summary == own.name)
        self.assertEqual(mine.user_id, self.manager_user, "the step's assignee")
        self.assertEqual(mine.date_deadline, date(2025, 6, 2), "08:00 + 30 h")
        shared = activities - mine
        self.assertTrue(shared)
        self.assertEqual(shared.user_id, self.agent, "no assignee on the step: the complaint's responsible")
        self.assertEqual(set(shared.mapped("date_deadline")), {date(2025, 6, 1)}, "due at once")

    def test_critical_at_creation_and_property_steps(self):
        own_step = self.env["hotel.crm.crisis.step"].create(
            {"name": "Call the head office", "company_id": self.company.id, "delay_hours": 1}
        )
        self.env["hotel.crm.crisis.step"].create({"name": "Other property only", "company_id": self.other_company.id})
        complaint = self._complaint(severity="critical")
        summaries = complaint.activity_ids.mapped("summary")
        self.assertIn(own_step.name, summaries)
        self.assertNotIn("Other property only", summaries)


@tagged("post_install", "-at_install")
class TestComplaintRecovery(ComplaintCommon):
    def _resolve(self, complaint, when):
        with freeze_time(when):
            complaint.stage_id = self.stages["followup"]

    def test_recovered_when_guest_stays_again(self):
        complaint = self._complaint(stay_id=self.stay.id)
        self._resolve(complaint, "2025-03-05 10:00:00")
        self.assertFalse(complaint.recovered)
        booked = self.env["hotel.crm.stay"].create(
            {
                "partner_id": self.guest.id,
                "company_id": self.company.id,
                "arrival_date": "2025-06-01",
                "departure_date": "2025-06-03",
                "state": "booked",
            }
        )
        self.assertFalse(complaint.recovered, "a booking is not a stay yet")
        booked.state = "in_house"
        booked.state = "checked_out"
        self.assertTrue(complaint.recovered, "the guest stayed again after the resolution")

    def test_recovery_window_and_order(self):
        self.company.hotel_complaint_recovery_days = 30
        complaint = self._complaint()
        self._resolve(complaint, "2025-03-05 10:00:00")
        self.env["hotel.crm.stay"].create(
            {
                "partner_id": self.guest.id,
                "company_id": self.company.id,
                "arrival_date": "2025-05-01",  # 57 days later: outside the window
                "departure_date": "2025-05-02",
                "state": "checked_out",
            }
        )
        self.assertFalse(complaint.recovered)
        self.company.hotel_complaint_recovery_days = 60
        self.assertTrue(complaint.recovered, "a wider window counts the stay")
        self.company.hotel_complaint_recovery_days = 30
        self.assertFalse(complaint.recovered)
        unresolved = self._complaint()
        self.assertFalse(unresolved.recovered, "an unresolved complaint is never recovered")
        self.env["hotel.crm.stay"].create(
            {
                "partner_id": self.guest.id,
                "company_id": self.company.id,
                "arrival_date": "2025-03-20",
                "departure_date": "2025-03-21",
                "state": "checked_out",
            }
        )
        self.assertTrue(complaint.recovered)
        self.assertFalse(unresolved.recovered)

    def test_satisfaction_and_compensation(self):
        complaint = self._complaint(compensation_type="refund", compensation_amount=200)
        self._resolve(complaint, "2025-03-05 10:00:00")
        followup = self.env.ref("hotel_crm.mail_activity_type_hotel_complaint_followup")
        self.assertTrue(complaint.activity_ids.filtered(lambda a: a.activity_type_id == followup))
        complaint.action_mark_satisfied()
        self.assertFalse(complaint.activity_ids.filtered(lambda a: a.activity_type_id == followup), "follow-up done")
        self.assertTrue(complaint.guest_satisfied)
        self.assertTrue(complaint.satisfaction_date)
        with self.assertRaises(UserError):
            complaint.action_grant_compensation()

    def test_points_compensation_hook(self):
        complaint = self._complaint(compensation_type="points", compensation_points=500)
        self._resolve(complaint, "2025-03-05 10:00:00")
        Move = self.env["hotel.crm.points.move"]
        moves = Move.search([("partner_id", "=", self.guest.id), ("move_type", "=", "bonus")])
        self.assertEqual(len(moves), 1)
        self.assertEqual(moves.points, 500)
        self.assertEqual((moves.origin_model, moves.origin_id), ("hotel.crm.complaint", complaint.id))
        self.assertEqual(moves.company_id, complaint.company_id)
        self.assertTrue(complaint.compensation_points_granted)
        all_moves = Move.search([("partner_id", "=", self.guest.id)])
        self.assertEqual(self.guest.hotel_points_balance, sum(all_moves.mapped("points")), "derived from the ledger")
        complaint._hotel_grant_compensation_points()
        complaint.stage_id = self.stages["closed"]
        self.assertEqual(
            Move.search_count([("partner_id", "=", self.guest.id), ("move_type", "=", "bonus")]), 1, "booked once"
        )


@tagged("post_install", "-at_install")
class TestComplaintImprovement(ComplaintCommon):
    def test_create_improvement_from_complaints(self):
        complaints = self._complaint(cause="service_quality") | self._complaint(cause="service_quality")
        complaints |= self._complaint(cause="attitude")
        action = complaints.action_create_improvement()
        improvement = self.env["hotel.crm.improvement"].browse(action["res_id"])
        self.assertEqual(improvement.complaint_ids, complaints)
        self.assertEqual(improvement.cause, "service_quality", "the most frequent cause")
        self.assertEqual(improvement.company_id, self.company)
        self.assertEqual(improvement.stage, "plan")
        self.assertEqual(complaints[0].improvement_ids, improvement)
        improvement.write({"baseline": 10, "target": 4, "result": 3, "stage": "check"})
        self.assertAlmostEqual(improvement.improvement_pct, 70.0)
        self.assertTrue(improvement.target_reached)
        improvement.stage = "act"
        self.assertTrue(improvement.date_done)
        mixed = self._complaint() | self._complaint(company_id=self.other_company.id, category_id=False)
        with self.assertRaisesRegex(UserError, "several properties"):
            mixed.action_create_improvement()

    def test_improvement_pct_higher_is_better(self):
        """A target above the baseline (satisfaction %) counts a rise as an improvement."""
        improvement = self.env["hotel.crm.improvement"].create(
            {
                "name": "Raise satisfaction after complaints",
                "company_id": self.company.id,
                "baseline": 60,
                "target": 80,
                "result": 75,
                "stage": "check",
            }
        )
        self.assertAlmostEqual(improvement.improvement_pct, 25.0, msg="60 -> 75 is 25 % better")
        self.assertFalse(improvement.target_reached)
        improvement.result = 50
        self.assertAlmostEqual(improvement.improvement_pct, -100 / 6, msg="60 -> 50 is worse: negative")
        improvement.result = 84
        self.assertAlmostEqual(improvement.improvement_pct, 40.0)
        self.assertTrue(improvement.target_reached)

    def test_pdca_kanban_columns(self):
        groups = self.env["hotel.crm.improvement"].read_group([("id", "=", 0)], ["stage"], ["stage"])
        self.assertEqual([g["stage"] for g in groups], ["plan", "do", "check", "act"], "all PDCA columns shown")
        stages = self.Complaint.read_group([("id", "=", 0)], ["stage_id"], ["stage_id"])
        self.assertEqual(len(stages), 7, "all seven steps shown as kanban columns")


@tagged("post_install", "-at_install")
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


@tagged("post_install", "-at_install")
class TestComplaintAccess(ComplaintCommon):
    def test_user_and_manager_rights(self):
        complaint = self._complaint()
        as_agent = self.as_user(complaint, self.agent)
        as_agent.write({"cause": "service_quality"})
        self.assertEqual(complaint.cause, "service_quality")
        with self.assertRaises(AccessError):
            as_agent.unlink()
        with self.assertRaises(AccessError):
            self.as_user(self.env["hotel.crm.sla.policy"], self.agent).create(
                {
                    "name": "x",
                    "severity": "low",
                    "company_id": self.company.id,
                    "response_hours": 1,
                    "resolution_hours": 2,
                }
            )
        with self.assertRaises(AccessError):
            self.as_user(self.env.ref("hotel_crm.complaint_stage_closed"), self.agent).write({"name": "Done"})
        report = self.as_user(self.env["hotel.crm.complaint.report"], self.agent).search(
            [("complaint_id", "=", complaint.id)]
        )
        self.assertEqual(report.complaint_id, complaint, "users read the analysis")
        self.as_user(complaint, self.manager_user).unlink()
        self.assertFalse(complaint.exists())

    def test_plain_employee_has_no_access(self):
        employee = new_test_user(self.env, login="cmp_employee", groups="base.group_user", company_id=self.company.id)
        with self.assertRaises(AccessError):
            self.as_user(self.Complaint, employee).search([])

    def test_per_property_rules(self):
        mine = self._complaint()
        theirs = self._complaint(company_id=self.other_company.id, category_id=False)
        visible = self.as_user(self.Complaint, self.agent).search([("id", "in", (mine | theirs).ids)])
        self.assertEqual(visible, mine, "an agent sees only their property's complaints")
        with self.assertRaises(AccessError):
            self.as_user(theirs, self.agent).read(["name"])
        report = self.as_user(self.env["hotel.crm.complaint.report"], self.agent).search(
            [("complaint_id", "in", (mine | theirs).ids)]
        )
        self.assertEqual(report.complaint_id, mine)
        improvement = self.env["hotel.crm.improvement"].create({"name": "Other", "company_id": self.other_company.id})
        self.assertFalse(
            self.as_user(self.env["hotel.crm.improvement"], self.agent).search([("id", "=", improvement.id)])
        )

    def test_configuration_per_property(self):
        """SLA policies and crisis steps: shared ones plus the user's property's; checklists follow their
        complaint's property."""
        Policy = self.env["hotel.crm.sla.policy"]
        own_policy = Policy.create(
            {
                "name": "Own high",
                "company_id": self.company.id,
                "severity": "high",
                "response_hours": 1,
                "resolution_hours": 12,
            }
        )
        their_policy = Policy.create(
            {
                "name": "Their high",
                "company_id": self.other_company.id,
                "severity": "high",
                "response_hours": 3,
                "resolution_hours": 30,
            }
        )
        shared_policy = self.env.ref("hotel_crm.sla_policy_high")
        seen = self.as_user(Policy, self.agent).search([("severity", "=", "high")])
        self.assertEqual(seen, own_policy | shared_policy, "shared and own property, not the other one")
        with self.assertRaises(AccessError):
            self.as_user(their_policy, self.agent).read(["name"])
        Step = self.env["hotel.crm.crisis.step"]
        own_step = Step.create({"name": "Own step", "company_id": self.company.id})
        their_step = Step.create({"name": "Their step", "company_id": self.other_company.id})
        steps = self.as_user(Step, self.agent).search([])
        self.assertIn(own_step, steps)
        self.assertNotIn(their_step, steps)
        self.assertIn(self.env.ref("hotel_crm.crisis_step_1"), steps, "shared steps apply everywhere")
        theirs = self._complaint(company_id=self.other_company.id, category_id=False)
        mine = self._complaint()
        Checklist = self.env["hotel.crm.complaint.checklist"]
        self.assertEqual(len(theirs.checklist_ids), 14)
        self.assertFalse(self.as_user(Checklist, self.agent).search([("complaint_id", "=", theirs.id)]))
        self.assertEqual(len(self.as_user(Checklist, self.agent).search([("complaint_id", "=", mine.id)])), 14)
        self.assertEqual(theirs.checklist_ids.company_id, self.other_company)
