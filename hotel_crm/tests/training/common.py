from datetime import datetime, timedelta

from odoo import Command
from odoo.tests import new_test_user

from ..common import HotelCrmCommon


class TrainingCommon(HotelCrmCommon):
    """Courses, employees with users at two properties, and helpers for sessions and attendances.

    The test properties have no time zone: local dates are UTC dates."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        ref = cls.env.ref
        cls.topic_complaint = ref("hotel_crm.training_topic_complaint_handling")
        cls.topic_crm = ref("hotel_crm.training_topic_crm_concept")
        cls.method_role_play = ref("hotel_crm.training_method_role_play")
        cls.method_lecture = ref("hotel_crm.training_method_lecture")
        a, b = cls.property_a, cls.property_b
        cls.user_employee = new_test_user(
            cls.env, login="hc_train_employee", groups="base.group_user", company_id=a.id, company_ids=[(6, 0, a.ids)]
        )
        cls.user_hr = new_test_user(
            cls.env,
            login="hc_train_hr",
            groups="base.group_user,hr.group_hr_user",
            company_id=a.id,
            company_ids=[(6, 0, a.ids)],
        )
        cls.user_b = new_test_user(
            cls.env,
            login="hc_train_b",
            groups="base.group_user,hotel_crm.hotel_crm_group_manager",
            company_id=b.id,
            company_ids=[(6, 0, b.ids)],
        )
        Employee = cls.env["hr.employee"]
        cls.emp_front = Employee.create({"name": "Front Agent", "user_id": cls.user_front.id, "company_id": a.id})
        cls.emp_employee = Employee.create(
            {"name": "Plain Employee", "user_id": cls.user_employee.id, "company_id": a.id}
        )
        cls.emp_b = Employee.create({"name": "Harbour Agent", "user_id": cls.user_b.id, "company_id": b.id})
        cls.Course = cls.env["hotel.crm.training.course"]
        cls.Session = cls.env["hotel.crm.training.session"]
        cls.Attendance = cls.env["hotel.crm.training.attendance"]
        cls.course = cls.Course.create(
            {
                "name": "Turning Complaints into Loyalty",
                "topic_id": cls.topic_complaint.id,
                "method_id": cls.method_role_play.id,
                "duration_hours": 4,
                "pass_score": 70,
                "validity_months": 12,
            }
        )

    @classmethod
    def _session(cls, course, end, employees, company=None, done=True, scores=None, **vals):
        """A session of ``course`` ending at ``end`` (naive UTC datetime) with ``employees``;
        ``scores`` maps an employee to their score."""
        end = end if isinstance(end, datetime) else datetime.fromisoformat(end)
        scores = scores or {}
        session = cls.Session.create(
            {
                "course_id": course.id,
                "company_id": (company or cls.property_a).id,
                "date_start": end - timedelta(hours=course.duration_hours),
                "date_end": end,
                "attendance_ids": [
                    Command.create({"employee_id": employee.id, "score": scores.get(employee, 0.0)})
                    for employee in employees
                ],
                **vals,
            }
        )
        if done:
            session.action_done()
        return session

    @classmethod
    def _attendance(cls, session, employee):
        return session.attendance_ids.filtered(lambda a: a.employee_id == employee)
