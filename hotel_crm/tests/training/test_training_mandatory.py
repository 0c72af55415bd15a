from datetime import timedelta

from odoo import fields
from odoo.tests import tagged

from .common import TrainingCommon


@tagged("post_install", "-at_install", "hotel_crm_training")
class TestTrainingMandatory(TrainingCommon):
    """Mandatory courses per job position and department, and the list of who still lacks one."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Employee = cls.env["hr.employee"]
        cls.job_agent = cls.env["hr.job"].create({"name": "Front Desk Agent", "company_id": cls.property_a.id})
        cls.job_chef = cls.env["hr.job"].create({"name": "Chef", "company_id": cls.property_a.id})
        cls.department = cls.env["hr.department"].create({"name": "Front Office", "company_id": cls.property_a.id})
        a = cls.property_a.id
        cls.agent_valid, cls.agent_expired, cls.agent_never = Employee.create(
            [{"name": name, "job_id": cls.job_agent.id, "company_id": a} for name in ("Valid", "Expired", "Never")]
        )
        cls.chef = Employee.create({"name": "Chef", "job_id": cls.job_chef.id, "company_id": a})
        cls.course.mandatory_job_ids = cls.job_agent
        cls.GapReport = cls.env["hotel.crm.training.gap.report"]

    def _gaps(self, **domain):
        rows = self.GapReport.search(
            [("employee_id", "in", (self.agent_valid | self.agent_expired | self.agent_never | self.chef).ids)]
            + [(key, "=", value) for key, value in domain.items()]
        )
        return {(row.employee_id, row.course_id): (row.status, row.reason) for row in rows}

    def test_gaps_per_job_position(self):
        # the view compares with the database's CURRENT_DATE: dates relative to now
        now = fields.Datetime.now()
        self._session(self.course, now - timedelta(days=30), self.agent_valid, scores={self.agent_valid: 90})
        old = self._session(self.course, now - timedelta(days=400), self.agent_expired, scores={self.agent_expired: 90})
        # a failed attempt is no pass either
        self._session(self.course, now - timedelta(days=30), self.agent_never, scores={self.agent_never: 30})
        self.assertLess(old.attendance_ids.expiry_date, fields.Date.today())
        self.GapReport.invalidate_model()
        self.assertEqual(
            self._gaps(),
            {
                (self.agent_expired, self.course): ("expired", "job"),
                (self.agent_never, self.course): ("missing", "job"),
            },
            "the valid pass covers its holder; the pass of 400 days ago expired after 12 months; the chef's "
            "job does not require the course",
        )
        self.assertEqual(self.agent_never.with_user(self.user_hr).hotel_training_missing_course_ids, self.course)
        self.assertFalse(self.agent_valid.with_user(self.user_hr).hotel_training_missing_course_ids)

    def test_gaps_per_department_and_property(self):
        crm = self.Course.create(
            {
                "name": "Why Guests Come Back",
                "topic_id": self.topic_crm.id,
                "method_id": self.method_lecture.id,
                "mandatory_department_ids": [(6, 0, self.department.ids)],
                "mandatory_job_ids": [(6, 0, self.job_agent.ids)],
            }
        )
        self.Course.create(
            {
                "name": "Harbour induction",
                "topic_id": self.topic_crm.id,
                "method_id": self.method_lecture.id,
                "company_id": self.property_b.id,
                "mandatory_department_ids": [(6, 0, self.department.ids)],
            }
        )
        self.chef.department_id = self.department
        self.agent_valid.department_id = self.department
        gaps = self._gaps(course_id=crm.id)
        self.assertEqual(gaps[(self.chef, crm)], ("missing", "department"))
        self.assertEqual(gaps[(self.agent_valid, crm)], ("missing", "both"), "required by job and by department")
        self.assertEqual(len(gaps), 4, "three agents by their job, the chef by his department")
        self.assertFalse(
            [key for key in self._gaps() if key[1].company_id == self.property_b],
            "a course of another property is not required here",
        )

    def test_plan_session_from_the_gaps(self):
        rows = self.GapReport.with_user(self.user_manager).search(
            [("employee_id", "in", (self.agent_expired | self.agent_never).ids)]
        )
        action = rows.action_plan_session()
        session = self.Session.browse(action["res_id"])
        self.assertEqual(session.course_id, self.course)
        self.assertEqual(session.state, "planned")
        self.assertEqual(session.attendance_ids.employee_id, self.agent_expired | self.agent_never)
