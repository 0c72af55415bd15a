from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import TrainingCommon


@tagged("post_install", "-at_install", "hotel_crm_training")
class TestTrainingAccess(TrainingCommon):
    """Employees see their own training and the courses; Hotel CRM managers and HR officers see all,
    at their own properties only."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.session_a = cls._session(cls.course, "2026-03-02 12:00:00", cls.emp_front | cls.emp_employee)
        cls.session_b = cls._session(cls.course, "2026-03-02 12:00:00", cls.emp_b, company=cls.property_b)
        cls.own = cls._attendance(cls.session_a, cls.emp_employee)
        cls.colleague = cls._attendance(cls.session_a, cls.emp_front)
        cls.other_property = cls.session_b.attendance_ids

    def test_employee_sees_own_attendance_only(self):
        Attendance = self.Attendance.with_user(self.user_employee)
        self.assertEqual(Attendance.search([]), self.own)
        self.assertEqual(self.own.with_user(self.user_employee).score, 0.0)
        with self.assertRaises(AccessError):
            self.colleague.with_user(self.user_employee).read(["score"])
        self.assertEqual(self.Session.with_user(self.user_employee).search([]), self.session_a, "the session attended")
        self.assertIn(self.course, self.Course.with_user(self.user_employee).search([]), "the courses are public")
        with self.assertRaises(AccessError):
            self.Attendance.with_user(self.user_employee).create(
                {"session_id": self.session_a.id, "employee_id": self.emp_employee.id}
            )
        with self.assertRaises(AccessError):
            self.session_a.with_user(self.user_employee).write({"state": "cancelled"})
        with self.assertRaises(AccessError):
            self.env["hotel.crm.training.report"].with_user(self.user_employee).search([])

    def test_hotel_crm_user_is_an_employee_here(self):
        """Front-desk staff (Hotel CRM users) see their own training, not their colleagues'."""
        self.assertEqual(self.Attendance.with_user(self.user_front).search([]), self.colleague)

    def test_managers_and_hr_officers_see_all_of_their_properties(self):
        everything = self.own | self.colleague | self.other_property
        self.assertEqual(self.Attendance.with_user(self.user_manager).search([]) & everything, everything)
        self.assertEqual(
            self.Attendance.with_user(self.user_hr).search([]) & everything,
            self.own | self.colleague,
            "the HR officer works at property A only",
        )
        self.colleague.with_user(self.user_hr).write({"score": 88})
        self.assertTrue(self.colleague.passed)
        report = self.env["hotel.crm.training.report"].with_user(self.user_hr).search([])
        self.assertEqual(report.attendance_id & everything, self.own | self.colleague)

    def test_other_property_is_refused(self):
        self.assertFalse(self.Attendance.with_user(self.user_b).search([("id", "in", (self.own | self.colleague).ids)]))
        with self.assertRaises(AccessError):
            self.colleague.with_user(self.user_b).read(["score"])
        with self.assertRaises(AccessError):
            self.session_a.with_user(self.user_b).write({"location": "Harbour"})
        with self.assertRaises(AccessError):
            self.own.with_user(self.user_b).write({"score": 100})
