from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged

from ..common import ComplaintCommon


@tagged("post_install", "-at_install", "hotel_crm_complaint")
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
