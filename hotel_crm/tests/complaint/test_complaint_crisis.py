from datetime import date

from freezegun import freeze_time

from odoo import Command
from odoo.tests import new_test_user, tagged

from ..common import ComplaintCommon


@tagged("post_install", "-at_install", "hotel_crm_complaint")
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
        # the general plan: a complaint without crisis type gets no type's steps
        steps = self.env["hotel.crm.crisis.step"].search([("crisis_type_id", "=", False)])
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
