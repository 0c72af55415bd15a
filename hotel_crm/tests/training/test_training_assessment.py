from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .common import TrainingCommon


@tagged("post_install", "-at_install", "hotel_crm_training")
class TestTrainingAssessment(TrainingCommon):
    """A course's certification survey scores the attendance: a real survey, real answers."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.survey = cls.env["survey.survey"].create(
            {
                "title": "Complaint handling certification",
                "survey_type": "assessment",
                "certification": True,
                "scoring_type": "scoring_with_answers",
                "scoring_success_min": 50,
                "access_mode": "token",
                "is_attempts_limited": False,
            }
        )
        cls.questions = cls.env["survey.question"].create(
            [
                {
                    "survey_id": cls.survey.id,
                    "title": title,
                    "question_type": "simple_choice",
                    "sequence": i,
                    "suggested_answer_ids": [
                        Command.create({"value": right, "is_correct": True, "answer_score": 10}),
                        Command.create({"value": wrong, "is_correct": False, "answer_score": 0}),
                    ],
                }
                for i, (title, right, wrong) in enumerate(
                    [
                        ("A guest shouts at the desk. First?", "Listen without interrupting", "Explain the policy"),
                        ("When is a complaint closed?", "When the guest agrees", "When the shift ends"),
                    ]
                )
            ]
        )
        cls.course.survey_id = cls.survey
        cls.course.pass_score = 50

    def _answer(self, answer, rights):
        """Answer each question, right or wrong as given, and finish."""
        for question, right in zip(self.questions, rights, strict=True):
            choice = question.suggested_answer_ids.filtered(lambda a, right=right: a.is_correct == right)
            answer._save_lines(question, choice.id)
        answer._mark_done()

    def test_certification_score_becomes_attendance_score(self):
        self.assertTrue(self.survey.certification)
        session = self._session(self.course, "2026-03-02 12:00:00", self.emp_employee)
        attendance = self._attendance(session, self.emp_employee)
        self.assertTrue(attendance.with_user(self.user_employee).has_assessment)
        action = attendance.with_user(self.user_employee).action_start_assessment()
        self.assertEqual(action["type"], "ir.actions.act_url")
        answer = attendance.survey_user_input_id
        self.assertEqual(answer.partner_id, self.user_employee.partner_id, "the employee's own answer")
        self.assertEqual(answer.hotel_training_attendance_id, attendance)

        self._answer(answer.sudo(), [True, False])
        self.assertEqual(answer.scoring_percentage, 50.0, "10 of 20 points")
        self.assertEqual(attendance.score, 50.0, "the certification score is the attendance score")
        self.assertTrue(attendance.passed, "50 % equals the course's pass score of 50: passed")

    def test_certification_taken_from_an_invitation_finds_the_attendance(self):
        session = self._session(self.course, "2026-03-02 12:00:00", self.emp_front | self.emp_employee)
        # the survey sent by its own invitation, not started from the attendance
        answer = self.survey._create_answer(user=self.user_front, check_attempts=False)
        self.assertFalse(answer.hotel_training_attendance_id)
        self._answer(answer, [False, False])
        front = self._attendance(session, self.emp_front)
        self.assertEqual(front.score, 0.0)
        self.assertEqual(front.survey_user_input_id, answer, "matched through the employee's user")
        self.assertFalse(front.passed)

        answer = self.survey._create_answer(user=self.user_front, check_attempts=False)
        self._answer(answer, [True, True])
        self.assertEqual(front.survey_user_input_id.scoring_percentage, 0.0, "the scored attendance keeps its answer")
        self.assertEqual(self._attendance(session, self.emp_employee).score, 0.0, "nobody else's score changed")

    def test_someone_else_cannot_take_the_assessment(self):
        session = self._session(self.course, "2026-03-02 12:00:00", self.emp_front)
        attendance = self._attendance(session, self.emp_front)
        with self.assertRaises(AccessError, msg="another employee does not even see the attendance"):
            attendance.with_user(self.user_employee).action_start_assessment()
        with self.assertRaises(UserError, msg="a manager cannot answer in the trainee's name"):
            attendance.with_user(self.user_manager).action_start_assessment()
        self.assertFalse(attendance.survey_user_input_id)
