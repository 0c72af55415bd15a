from odoo.exceptions import ValidationError
from odoo.tests import tagged

from ...models.survey import metrics
from .common import SurveyCommon

ALL = {
    "csat": 4,
    "nps": 9,
    "ces": 6,
    "reliability": 5,
    "responsiveness": 4,
    "assurance": 3,
    "empathy": 5,
    "tangibles": 4,
    "personalisation": 2,
    "value": 3,
}


@tagged("post_install", "-at_install", "hotel_crm_survey")
class TestSurveyMetrics(SurveyCommon):
    def test_shipped_survey_is_tagged(self):
        self.assertEqual(
            set(self.questions),
            set(metrics.METRICS) | {"comment"},
            "every metric of the post-stay survey has its tagged question",
        )
        nps = self.questions["nps"]
        self.assertEqual((nps.question_type, nps.scale_min, nps.scale_max), ("scale", 0, 10))
        self.assertEqual((self.questions["ces"].scale_min, self.questions["ces"].scale_max), (1, 7))

    def test_complete_answer(self):
        answer = self._answer(dict(ALL, comment="Lovely staff"))
        for metric, score in ALL.items():
            self.assertEqual(answer[f"hotel_{metric}"], score, f"{metric} read from its tagged question")
        self.assertEqual(answer.hotel_comment, "Lovely staff")
        self.assertEqual(answer.hotel_nps_band, "promoter")
        self.assertEqual(answer.hotel_stay_id, self.stay)
        self.assertEqual(answer.hotel_company_id, self.property_a, "the property comes from the stay")

    def test_partial_answer_leaves_skipped_metrics_empty(self):
        answer = self._answer({"csat": 5, "nps": 0})
        self.assertEqual(answer.hotel_nps, 0, "NPS 0 is an answer, not a skipped question")
        self.assertEqual(answer.hotel_nps_band, "detractor")
        self.assertFalse(answer.hotel_ces)
        answer.flush_recordset()
        self.env.cr.execute(
            "SELECT hotel_nps, hotel_ces, hotel_empathy FROM survey_user_input WHERE id = %s", [answer.id]
        )
        self.assertEqual(self.env.cr.fetchone(), (0, None, None), "skipped questions are NULL, not 0")

    def test_custom_tagged_survey(self):
        """A hotel's own survey, in its own words and language, feeds the same metrics."""
        survey = self.env["survey.survey"].create({"title": "离店问卷", "access_mode": "token"})
        Question = self.env["survey.question"]
        own = {
            "nps": Question.create(
                {
                    "survey_id": survey.id,
                    "title": "您会推荐我们吗？",
                    "question_type": "numerical_box",
                    "hotel_metric": "nps",
                }
            ),
            "csat": Question.create(
                {
                    "survey_id": survey.id,
                    "title": "满意度",
                    "question_type": "scale",
                    "scale_min": 1,
                    "scale_max": 5,
                    "hotel_metric": "csat",
                }
            ),
            "untagged": Question.create({"survey_id": survey.id, "title": "房号", "question_type": "char_box"}),
        }
        answer = self._answer({"nps": 7, "csat": 3, "untagged": "1208"}, survey=survey, questions=own)
        self.assertEqual((answer.hotel_nps, answer.hotel_csat, answer.hotel_nps_band), (7, 3, "passive"))
        self.assertFalse(answer.hotel_ces, "a survey without a CES question leaves CES empty")
        # out of range on a free numerical box: not a score
        other = self._answer({"nps": 12, "csat": 3}, survey=survey, questions=own)
        self.assertFalse(other.hotel_nps)

    def test_tag_needs_the_metric_scale(self):
        Question = self.env["survey.question"]
        survey = self.env["survey.survey"].create({"title": "Bad", "access_mode": "token"})
        with self.assertRaises(ValidationError):
            Question.create(
                {
                    "survey_id": survey.id,
                    "title": "Recommend?",
                    "question_type": "scale",
                    "scale_min": 1,
                    "scale_max": 5,
                    "hotel_metric": "nps",
                }
            )
        with self.assertRaises(ValidationError):
            Question.create(
                {"survey_id": survey.id, "title": "CSAT", "question_type": "char_box", "hotel_metric": "csat"}
            )

    def test_nps_arithmetic(self):
        """3 promoters, 1 passive, 2 detractors: (3 - 2) / 6 = +16.7."""
        scores = [9, 10, 9, 8, 3, 6]
        self.assertAlmostEqual(metrics.nps(scores), 100 / 6)
        self.assertEqual(round(metrics.nps(scores), 1), 16.7)
        self.assertAlmostEqual(metrics.nps([*scores, None, False]), 100 / 6, msg="skipped answers do not count")
        self.assertIsNone(metrics.nps([None]))
        self.assertEqual(metrics.nps([0, 6]), -100)
        self.assertEqual([metrics.nps_band(s) for s in (6, 7, 8, 9)], ["detractor", "passive", "passive", "promoter"])

    def test_csat_and_ces_definitions(self):
        mean, top2 = metrics.csat([5, 4, 3, 2, None])
        self.assertEqual((mean, top2), (3.5, 50.0))
        mean, low_effort = metrics.ces([7, 5, 4, 1])
        self.assertEqual((mean, low_effort), (4.25, 50.0))
        self.assertEqual(metrics.csat([]), (None, None))
