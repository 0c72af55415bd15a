"""What a trainee, a manager of another property or a crafted call must not get out of training."""

from datetime import datetime

from psycopg2 import IntegrityError

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged
from odoo.tools import mute_logger

from .common import TrainingCommon


@tagged("post_install", "-at_install", "hotel_crm_training")
class TestTrainingBreaker(TrainingCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.session = cls._session(
            cls.course, "2026-03-02 12:00:00", cls.emp_employee | cls.emp_front, scores={cls.emp_front: 90}
        )
        cls.own = cls._attendance(cls.session, cls.emp_employee)
        cls.colleague = cls._attendance(cls.session, cls.emp_front)

    def test_trainee_cannot_score_or_pass_themselves(self):
        mine = self.own.with_user(self.user_employee)
        for vals in (
            {"score": 100},
            {"passed": True},
            {"attended": False},
            {"followup_score": 100},
            {"duration_hours": 40},
            {"satisfaction": 5, "score": 100},
            {"employee_id": self.emp_front.id},
        ):
            with self.subTest(vals=vals), self.assertRaises(AccessError):
                mine.write(vals)
        with self.assertRaises(AccessError):
            self.colleague.with_user(self.user_employee).write({"satisfaction": 1})
        mine.write({"satisfaction": 4, "satisfaction_note": "Role play helped"})
        with self.assertRaises(ValidationError):
            mine.write({"satisfaction": 9})
        self.assertEqual((self.own.score, self.own.passed, self.own.satisfaction), (0.0, False, 4))
        self.assertEqual(self.colleague.satisfaction, 0)

    def test_manager_cannot_write_what_the_session_and_score_decide(self):
        """``passed`` and the hours come from the score and the session, for managers too."""
        for vals in ({"passed": True}, {"duration_hours": 40.0}, {"expiry_date": "2099-01-01"}):
            with self.subTest(vals=vals), self.assertRaises(AccessError):
                self.own.with_user(self.user_manager).write(vals)
        self.assertFalse(self.own.passed)
        self.assertEqual(self.own.duration_hours, 4.0)
        # the values it already has, as the web client sends them back, are accepted
        self.own.with_user(self.user_manager).write({"passed": False, "duration_hours": 4.0, "score": 75})
        self.assertTrue(self.own.passed, "a score at or above the pass score passes")
        with self.assertRaises(AccessError):
            self.Attendance.with_user(self.user_manager).create(
                {"session_id": self.session.id, "employee_id": self.emp_b.id, "passed": True}
            )

    def test_bad_scores_and_dates_are_refused(self):
        attendance = self.colleague.with_user(self.user_manager)
        for vals in ({"score": 150}, {"score": -5}, {"score": float("nan")}, {"followup_score": 101}):
            with self.subTest(vals=vals), self.assertRaises(ValidationError):
                attendance.write(vals)
        self.assertEqual(self.colleague.score, 90.0)
        # refused by the database's check first (over RPC: its message, "A session cannot end before it starts.")
        with self.assertRaises(IntegrityError), mute_logger("odoo.sql_db"):
            self.Session.with_user(self.user_manager).create(
                {
                    "course_id": self.course.id,
                    "company_id": self.property_a.id,
                    "date_start": datetime(2026, 4, 2, 12),
                    "date_end": datetime(2026, 4, 2, 8),
                }
            )

    def test_other_property_and_front_desk_cannot_create(self):
        with self.assertRaises(AccessError):
            self.Course.with_user(self.user_front).create({"name": "Front desk course", "topic_id": self.topic_crm.id})
        with self.assertRaises(AccessError):
            self.Session.with_user(self.user_b).create(
                {
                    "course_id": self.course.id,
                    "company_id": self.property_a.id,
                    "date_start": datetime(2026, 4, 2, 8),
                    "date_end": datetime(2026, 4, 2, 12),
                }
            )
        with self.assertRaises(AccessError):
            self.session.with_user(self.user_b).write(
                {"attendance_ids": [Command.create({"employee_id": self.emp_b.id})]}
            )

    def test_certification_attempts_limit_holds_for_the_trainee(self):
        """A trainee who failed cannot start the assessment again past the certification's attempts."""
        survey = self.env["survey.survey"].create(
            {
                "title": "One-shot certification",
                "survey_type": "assessment",
                "certification": True,
                "scoring_type": "scoring_with_answers",
                "scoring_success_min": 50,
                "access_mode": "token",
                "is_attempts_limited": True,
                "attempts_limit": 1,
            }
        )
        question = self.env["survey.question"].create(
            {
                "survey_id": survey.id,
                "title": "A guest shouts at the desk. First?",
                "question_type": "simple_choice",
                "suggested_answer_ids": [
                    Command.create({"value": "Listen", "is_correct": True, "answer_score": 10}),
                    Command.create({"value": "Argue", "is_correct": False, "answer_score": 0}),
                ],
            }
        )
        self.course.survey_id = survey
        mine = self.own.with_user(self.user_employee)
        mine.action_start_assessment()
        first = self.own.survey_user_input_id.sudo()
        first._save_lines(question, question.suggested_answer_ids.filtered(lambda a: not a.is_correct).id)
        first._mark_done()
        self.assertEqual(self.own.score, 0.0)
        # each call over RPC starts from an empty cache: the trainee reads no answer of their own
        self.env.invalidate_all()
        with self.assertRaises(UserError) as refused:
            mine.action_start_assessment()
        self.assertNotIsInstance(refused.exception, AccessError, "refused for the attempts, not a crash")
        self.assertEqual(self.own.survey_user_input_id, first)
        # a second attempt allowed by the survey is started as usual
        survey.attempts_limit = 2
        self.env.invalidate_all()
        mine.action_start_assessment()
        second = self.own.survey_user_input_id
        self.assertNotEqual(second, first)
        self.assertEqual(second.sudo().invite_token, first.invite_token, "the attempts of one attendance")
        second.sudo()._save_lines(question, question.suggested_answer_ids.filtered("is_correct").id)
        second.sudo()._mark_done()
        self.assertEqual(self.own.score, 100.0)
        self.assertTrue(self.own.passed)
