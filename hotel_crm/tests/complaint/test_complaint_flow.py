# pylint-odoo exempts test files directly in tests/ from translation-required, not those of a
# sub-package: the messages posted here are test data, not text shown to users.
# pylint: disable=translation-required
from datetime import datetime, timedelta

from freezegun import freeze_time
from psycopg2 import IntegrityError

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, new_test_user, tagged
from odoo.tools import mute_logger

from ..common import ComplaintCommon


@tagged("post_install", "-at_install", "hotel_crm_complaint")
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
            # closing asks for the judgement and the root cause (step 9 of the handling)
            complaint.write(
                {"stage_id": self.stages["closed"].id, "judgement": "justified", "cause": "service_quality"}
            )
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
            judgement="justified",
            cause="service_quality",
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
                "judgement": "justified",
                "cause": "service_quality",
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
