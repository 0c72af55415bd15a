from datetime import date

from ..common import HotelCrmCommon


class SurveyCommon(HotelCrmCommon):
    """The shipped post-stay survey, a guest with a checked-out stay at each property, and helpers
    to answer the survey the way the survey front end stores answers."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.survey = cls.env.ref("hotel_crm.survey_post_stay")
        cls.questions = {q.hotel_metric: q for q in cls.survey.question_ids if q.hotel_metric}
        cls.Input = cls.env["survey.user_input"]
        cls.Invitation = cls.env["hotel.crm.survey.invitation"]
        cls.guest = cls._guest(
            "Lin Wang", email="lin.wang@example.com", hotel_consent_email=True, hotel_consent_survey=True
        )
        cls.stay = cls._stay(cls.guest, date(2026, 3, 1), date(2026, 3, 4), state="checked_out", external_ref="S-1")

    @classmethod
    def _answer(cls, scores, guest=None, stay=None, survey=None, done=True, questions=None):
        """Answer ``survey`` with ``{metric: score}``; a metric missing from ``scores`` is skipped.

        Scores are passed as the browser sends them (strings), so that NPS 0 is an answer.
        """
        survey = survey or cls.survey
        questions = questions or cls.questions
        stay = stay if stay is not None else cls.stay
        answer = survey.sudo()._create_answer(
            partner=guest or stay.partner_id or cls.guest,
            check_attempts=False,
            hotel_stay_id=stay.id,
            hotel_channel="email",
        )
        for metric, question in questions.items():
            value = scores.get(metric)
            answer._save_lines(question, "" if value is None else str(value))
        if done:
            answer._mark_done()
        return answer
