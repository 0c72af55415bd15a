from datetime import date

from odoo import Command
from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged

from .common import PartnerCommon

Q4 = (date(2025, 10, 1), date(2025, 12, 31))
Q1 = (date(2026, 1, 1), date(2026, 3, 31))


@tagged("post_install", "-at_install", "hotel_crm_partner")
class TestPartnerScorecard(PartnerCommon):
    """Weights, the total score, the trend against the previous scorecard and the ranking."""

    def test_default_criteria_weigh_100(self):
        self.assertEqual(
            [(c.name, c.weight) for c in self.criteria],
            [
                ("Reliability and Quality", 30),
                ("Responsiveness", 20),
                ("Ease of Cooperation", 15),
                ("Value for Money", 20),
                ("Strategic Fit", 15),
            ],
        )
        self.assertEqual(self.Criterion.hotel_weights_total(), 100)

    def test_total_on_crafted_scores(self):
        evaluation = self._evaluation(self.ota, [10, 5, 8, 0, 6], *Q1, done=False)
        self.assertEqual(evaluation.line_ids.mapped("weight"), [30, 20, 15, 20, 15])
        # 30×10/10 + 20×5/10 + 15×8/10 + 20×0/10 + 15×6/10 = 30 + 10 + 12 + 0 + 9
        self.assertAlmostEqual(evaluation.total_score, 61.0)
        self.assertEqual(evaluation.partner_type, "ota", "the type comes from the company contact")
        perfect = self._evaluation(self.ota_2, [10] * 5, *Q1, done=False)
        self.assertAlmostEqual(perfect.total_score, 100.0)

    def test_weights_must_add_up_to_100(self):
        self.criteria[0].weight = 25
        with self.assertRaisesRegex(ValidationError, r"add up to 95; they must add up to 100"):
            self._evaluation(self.ota, [5] * 5, *Q1)
        self.criteria[0].weight = 30
        # lines sent by hand must weigh 100 too (here: two criteria, 50)
        with self.assertRaisesRegex(ValidationError, r"add up to 50"):
            self.Evaluation.create(
                {
                    "partner_id": self.ota.id,
                    "company_id": self.property_a.id,
                    "date_from": Q1[0],
                    "date_to": Q1[1],
                    "line_ids": [Command.create({"criterion_id": c.id}) for c in self.criteria[:2]],
                }
            )

    def test_past_scorecards_keep_their_weights(self):
        evaluation = self._evaluation(self.ota, [10, 0, 0, 0, 0], *Q1)
        self.assertAlmostEqual(evaluation.total_score, 30.0)
        self.criteria[0].weight = 40
        self.criteria[1].weight = 10
        evaluation.invalidate_recordset()
        self.assertEqual(evaluation.line_ids[0].weight, 30, "the weight the scorecard was created with")
        self.assertAlmostEqual(evaluation.total_score, 30.0)
        later = self._evaluation(self.ota, [10, 0, 0, 0, 0], date(2026, 4, 1), date(2026, 6, 30))
        self.assertAlmostEqual(later.total_score, 40.0, "a new scorecard takes the new weights")

    def test_done_needs_every_score(self):
        evaluation = self._evaluation(self.ota, [8, 8, 8, 8, 8], *Q1, done=False)
        evaluation.line_ids[2].score = False
        with self.assertRaisesRegex(UserError, "Ease of Cooperation"):
            evaluation.action_done()
        self.assertEqual(evaluation.state, "draft")

    def test_trend_against_the_previous_scorecard(self):
        q4 = self._evaluation(self.ota, [5] * 5, *Q4)  # 50
        q1 = self._evaluation(self.ota, [7] * 5, *Q1)  # 70
        self.assertEqual(q1.previous_evaluation_id, q4)
        self.assertAlmostEqual(q1.previous_score, 50.0)
        self.assertAlmostEqual(q1.score_trend, 20.0)
        self.assertFalse(q4.previous_evaluation_id, "the first scorecard has no trend")
        # another property's scorecard of the same partner is not its previous one
        other = self._evaluation(self.ota, [9] * 5, *Q4, company=self.property_b)
        self.assertNotEqual(q1.previous_evaluation_id, other)
        # a draft is not a previous scorecard; rescoring the previous one moves the trend
        q4.line_ids.write({"score": "6"})
        self.assertAlmostEqual(q1.score_trend, 10.0)
        q4.action_draft()
        self.assertFalse(q1.previous_evaluation_id)

    def test_ranking_within_property_period_and_type(self):
        first = self._evaluation(self.ota, [7] * 5, *Q1)  # 70
        second = self._evaluation(self.ota_2, [8] * 5, *Q1)  # 80
        third = self._evaluation(self.ota_3, [7] * 5, *Q1)  # 70, a tie
        agency = self._evaluation(self.agency, [6] * 5, *Q1)  # another type
        earlier = self._evaluation(self.ota_2, [2] * 5, *Q4)  # another period
        elsewhere = self._evaluation(self.ota_3, [10] * 5, *Q1, company=self.property_b)  # another property
        draft = self._evaluation(self.supplier, [9] * 5, *Q1, done=False, partner_type="ota")
        self.assertEqual(
            [(e.rank, e.rank_count) for e in (second, first, third)],
            [(1, 3), (2, 3), (2, 3)],
            "ties share a rank",
        )
        self.assertEqual((agency.rank, agency.rank_count), (1, 1))
        self.assertEqual((earlier.rank, elsewhere.rank), (1, 1))
        self.assertFalse(draft.rank, "a draft is not ranked")
        # the leader reopened: the others move up
        second.action_draft()
        self.assertEqual([(e.rank, e.rank_count) for e in (first, third)], [(1, 2), (1, 2)])
        self.assertFalse(second.rank)
        # removed: the ranks follow
        second.unlink()
        first.line_ids[0].write({"score": "10"})  # 79
        self.assertEqual([first.rank, third.rank], [1, 2])

    def test_partner_must_be_a_company(self):
        person = self.Partner.create({"name": "A Person", "hotel_partner_type": "supplier"})
        with self.assertRaises(ValidationError):
            self._evaluation(person, [5] * 5, *Q1)

    def test_company_form_shows_type_and_counts(self):
        self._evaluation(self.ota, [5] * 5, *Q1)
        self.assertEqual(self.ota.hotel_partner_evaluation_count, 1)
        action = self.ota.action_hotel_partner_evaluations()
        self.assertEqual(self.Evaluation.search(action["domain"]).partner_id, self.ota)
