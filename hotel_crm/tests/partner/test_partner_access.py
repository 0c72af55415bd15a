from datetime import date

from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, tagged

from .common import PartnerCommon

Q1 = (date(2026, 1, 1), date(2026, 3, 31))


@tagged("post_install", "-at_install", "hotel_crm_partner")
class TestPartnerAccess(PartnerCommon):
    """Users read the scorecards of their properties, create and score their own drafts and mark
    them done; criteria, other people's or done scorecards, reopening and deleting are for Hotel
    CRM managers; the totals, figures and ranks are the application's, whoever writes."""

    def _user_scorecard(self, scores):
        """A scorecard filled in by the front-desk user through the form, as in the web client."""
        Evaluation = self.Evaluation.with_user(self.user_front).with_context(tracking_disable=True)
        with Form(Evaluation) as form:
            form.partner_id = self.ota
            form.date_from, form.date_to = Q1
            self.assertEqual(len(form.line_ids), 5, "one line per active criterion")
            for index, score in enumerate(scores):
                with form.line_ids.edit(index) as line:
                    line.score = str(score)
        return form.record

    def test_user_scores_own_draft_and_marks_it_done(self):
        evaluation = self._user_scorecard([8, 6, 6, 7, 9])
        self.assertEqual(evaluation.evaluator_id, self.user_front)
        self.assertEqual(evaluation.company_id, self.property_a)
        # 24 + 12 + 9 + 14 + 13.5
        self.assertAlmostEqual(evaluation.total_score, 72.5)
        evaluation.action_done()
        self.assertEqual(evaluation.state, "done")
        self.assertEqual(evaluation.rank, 1)
        with self.assertRaises(AccessError, msg="a done scorecard is locked for users"):
            evaluation.note = "changed afterwards"
        with self.assertRaises(AccessError):
            evaluation.line_ids[0].score = "10"
        with self.assertRaises(AccessError, msg="only managers reopen"):
            evaluation.action_draft()
        evaluation.with_user(self.user_manager).action_draft()
        self.assertEqual(evaluation.state, "draft")

    def test_computed_values_refused(self):
        evaluation = self._user_scorecard([5] * 5)
        for vals in ({"total_score": 99.0}, {"rank": 1}, {"stay_count": 500}, {"revenue": 1e6}, {"state": "done"}):
            with self.assertRaises(AccessError, msg=f"{vals} is not the user's to write"):
                evaluation.write(vals)
        with self.assertRaises(AccessError):
            evaluation.line_ids[0].weight = 100
        with self.assertRaises(AccessError, msg="not even a manager writes a total"):
            evaluation.with_user(self.user_manager).total_score = 99.0
        with self.assertRaises(AccessError, msg="a weight is taken from the criterion, never sent"):
            self.Evaluation.with_user(self.user_front).create(
                {
                    "partner_id": self.ota_2.id,
                    "date_from": Q1[0],
                    "date_to": Q1[1],
                    "line_ids": [(0, 0, {"criterion_id": c.id, "weight": 100}) for c in self.criteria[:1]],
                }
            )
        self.assertAlmostEqual(evaluation.total_score, 50.0)

    def test_user_refused_others_scorecards_criteria_and_deletion(self):
        managers = self._evaluation(self.ota, [5] * 5, *Q1, done=False, evaluator_id=self.user_manager.id)
        as_user = managers.with_user(self.user_front)
        self.assertEqual(as_user.total_score, 50.0, "users read every scorecard of their properties")
        with self.assertRaises(AccessError, msg="another evaluator's draft"):
            as_user.note = "mine now"
        with self.assertRaises(AccessError):
            as_user.action_done()
        with self.assertRaises(AccessError, msg="users do not delete scorecards"):
            self._user_scorecard([5] * 5).unlink()
        with self.assertRaises(AccessError, msg="a scorecard in another evaluator's name"):
            self.Evaluation.with_user(self.user_front).create(
                {
                    "partner_id": self.ota_2.id,
                    "evaluator_id": self.user_manager.id,
                    "date_from": Q1[0],
                    "date_to": Q1[1],
                }
            )
        with self.assertRaises(AccessError, msg="criteria and weights are for managers"):
            self.criteria[0].with_user(self.user_front).weight = 50
        self.criteria[0].with_user(self.user_manager).weight = 30
        elsewhere = self._evaluation(self.ota, [5] * 5, *Q1, company=self.property_b)
        self.assertFalse(
            self.Evaluation.with_user(self.user_front).search([("id", "=", elsewhere.id)]),
            "another property's scorecards are out of reach",
        )
        managers.with_user(self.user_manager).action_done()
        self.assertEqual(managers.state, "done")
        with self.assertRaises(UserError, msg="done once"):
            managers.with_user(self.user_manager).action_done()
