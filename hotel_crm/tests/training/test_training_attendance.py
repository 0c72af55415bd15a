from datetime import datetime

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, tagged

from .common import TrainingCommon


@tagged("post_install", "-at_install", "hotel_crm_training")
class TestTrainingAttendance(TrainingCommon):
    def test_passed_from_score_with_boundary(self):
        session = self._session(
            self.course,
            "2026-03-02 12:00:00",
            self.emp_front | self.emp_employee,
            scores={self.emp_front: 70.0, self.emp_employee: 69.99},
        )
        at_boundary = self._attendance(session, self.emp_front)
        below = self._attendance(session, self.emp_employee)
        self.assertTrue(at_boundary.passed, "a score equal to the pass score (70) passes")
        self.assertFalse(below.passed, "69.99 is below the pass score of 70")
        self.assertEqual(at_boundary.expiry_date.isoformat(), "2027-03-02", "12 months of validity after the session")
        self.assertFalse(below.expiry_date, "nothing expires that was not passed")

        self.course.pass_score = 69.99
        self.assertTrue(below.passed, "lowering the course's pass score passes the attendee scoring exactly it")

        at_boundary.attended = False
        self.assertFalse(at_boundary.passed, "no pass without attending")
        at_boundary.attended = True
        session.action_cancel()
        self.assertFalse(at_boundary.passed, "a cancelled session passes no one")

    def test_scores_out_of_range_are_refused(self):
        session = self._session(self.course, "2026-03-02 12:00:00", self.emp_front)
        attendance = self._attendance(session, self.emp_front)
        for vals in ({"score": 100.5}, {"score": -1}, {"followup_score": 101}, {"satisfaction": 6}):
            with self.subTest(vals=vals), self.assertRaises(ValidationError):
                attendance.write(vals)
        self.assertEqual(attendance.score, 0.0, "the refused score left the attendance unchanged")
        with self.assertRaises(ValidationError):
            self.course.pass_score = 120

    def test_trainee_gives_own_satisfaction_only(self):
        session = self._session(self.course, "2026-03-02 12:00:00", self.emp_front | self.emp_employee)
        own = self._attendance(session, self.emp_employee).with_user(self.user_employee)
        own.write({"satisfaction": 4, "satisfaction_note": "Useful role plays"})
        self.assertEqual(own.satisfaction, 4)
        with self.assertRaises(AccessError):
            own.write({"score": 100})
        with self.assertRaises(AccessError):
            own.write({"followup_score": 90})
        self.assertEqual(own.sudo().score, 0.0, "the trainee could not grade themselves")

    def test_session_form_invitations_and_hours(self):
        form = Form(self.Session.with_user(self.user_manager))
        form.course_id = self.course
        form.date_start = datetime(2026, 4, 1, 8, 0)
        form.date_end = datetime(2026, 4, 1, 12, 0)
        for employee in self.emp_front | self.emp_employee:
            with form.attendance_ids.new() as line:
                line.employee_id = employee
        session = form.save()
        self.assertEqual(session.duration_hours, 4.0, "the course's duration by default")
        self.assertEqual(session.company_id, self.property_a)

        session.action_invite()
        invitations = session.activity_ids.filtered(
            lambda a: a.activity_type_id == self.env.ref("hotel_crm.mail_activity_type_hotel_training_invitation")
        )
        self.assertEqual(invitations.user_id, self.user_front | self.user_employee, "one invitation per attendee")
        self.assertEqual(set(invitations.mapped("date_deadline")), {datetime(2026, 4, 1).date()})
        session.action_invite()
        self.assertEqual(len(session.activity_ids), 2, "inviting again invites nobody twice")

        self.assertEqual(session.attendance_ids.mapped("duration_hours"), [0.0, 0.0], "no hours before it is held")
        session.action_done()
        self.assertFalse(session.activity_ids, "the invitations are closed once the session is held")
        self.assertEqual(session.attendance_ids.mapped("duration_hours"), [4.0, 4.0])
        with self.assertRaises(UserError):
            session.action_invite()

    def test_employee_form_figures(self):
        crm = self.Course.create(
            {"name": "Why Guests Come Back", "topic_id": self.topic_crm.id, "method_id": self.method_lecture.id,
             "duration_hours": 2, "pass_score": 0}
        )  # fmt: skip
        self._session(crm, "2026-01-10 12:00:00", self.emp_front)
        self._session(self.course, "2026-02-10 12:00:00", self.emp_front, scores={self.emp_front: 50})
        passed = self._session(self.course, "2026-03-10 12:00:00", self.emp_front, scores={self.emp_front: 80})
        self._session(self.course, "2026-05-10 12:00:00", self.emp_front, done=False)
        employee = self.emp_front.with_user(self.user_hr)
        self.assertEqual(employee.hotel_training_count, 3, "three sessions held; the planned one does not count")
        self.assertEqual(employee.hotel_training_hours, 10.0, "2 + 4 + 4 hours")
        self.assertAlmostEqual(employee.hotel_training_pass_rate, 200 / 3, places=6, msg="2 passed of 3")
        self.assertEqual(
            employee.hotel_training_certificate_ids.mapped("expiry_date"),
            [self._attendance(passed, self.emp_front).expiry_date, False],
            "the complaint course expires, the lecture does not",
        )
