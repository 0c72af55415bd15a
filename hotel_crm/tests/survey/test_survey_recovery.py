from datetime import date

from freezegun import freeze_time

from odoo.exceptions import ValidationError
from odoo.tests import tagged

from .common import SurveyCommon

GOOD = {"csat": 5, "nps": 10, "ces": 7, "reliability": 5, "empathy": 4}


@tagged("post_install", "-at_install", "hotel_crm_survey")
class TestSurveyRecovery(SurveyCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.property_a.hotel_guest_relations_user_id = cls.user_front
        cls.Complaint = cls.env["hotel.crm.complaint"]
        cls.Stage = cls.env["hotel.crm.complaint.stage"]

    def test_low_answer_opens_exactly_one_complaint(self):
        answer = self._answer({"csat": 2, "nps": 8, "comment": "The room was not cleaned on day two."})
        complaint = answer.hotel_complaint_id
        self.assertTrue(complaint, "CSAT 2 is at or below the default threshold 2")
        self.assertEqual(
            (complaint.channel, complaint.partner_id, complaint.stay_id, complaint.company_id),
            ("survey", self.guest, self.stay, self.property_a),
        )
        self.assertEqual(complaint.hotel_survey_input_id, answer, "the answer is linked")
        self.assertEqual(complaint.severity, "medium")
        self.assertIn("not cleaned", complaint.description, "the guest's words come with the complaint")
        call = complaint.activity_ids.filtered(
            lambda a: a.activity_type_id == self.env.ref("mail.mail_activity_data_call")
        )
        self.assertEqual(call.user_id, self.user_front, "guest relations is asked to contact the guest")
        # completing again, or a second pass, opens nothing more
        answer._mark_done()
        answer._hotel_open_recovery()
        self.assertEqual(self.Complaint.search_count([("hotel_survey_input_id", "=", answer.id)]), 1)

    def test_good_or_unfinished_answer_opens_nothing(self):
        good = self._answer(GOOD)
        unfinished = self._answer({"csat": 1}, done=False)
        self.assertFalse(good.hotel_complaint_id)
        self.assertFalse(unfinished.hotel_complaint_id, "an answer the guest did not submit is not acted on")

    def test_severity_from_the_score(self):
        cases = [
            ({"csat": 1}, "high"),
            ({"nps": 0}, "high"),
            ({"nps": 6}, "low"),
            ({"ces": 3}, "medium"),
            ({"empathy": 2}, "medium"),
        ]
        for scores, severity in cases:
            with self.subTest(scores=scores):
                answer = self._answer(dict(GOOD, **scores))
                self.assertEqual(answer.hotel_complaint_id.severity, severity)

    def test_thresholds_from_settings(self):
        self.assertFalse(self._answer(dict(GOOD, csat=3)).hotel_complaint_id)
        settings = self.env["res.config.settings"].with_company(self.property_a).create({})
        settings.hotel_low_csat = 3
        settings.execute()
        self.assertEqual(self.property_a.hotel_low_csat, 3)
        self.assertTrue(self._answer(dict(GOOD, csat=3)).hotel_complaint_id)
        with self.assertRaises(ValidationError):
            self.property_a.hotel_low_ces = 9

    def test_survey_complaint_closes_only_with_root_cause(self):
        complaint = self._answer({"csat": 1}).hotel_complaint_id.with_user(self.user_front)
        closed = self.Stage.search([("is_closed", "=", True)], limit=1)
        with self.assertRaises(ValidationError):
            complaint.write({"stage_id": closed.id})
        complaint.write({"cause": "service_quality", "judgement": "justified", "stage_id": closed.id})
        self.assertTrue(complaint.is_closed)
        # other complaints close with the judgement and root cause every complaint needs
        walk_in = self.Complaint.create({"name": "Lift noise", "company_id": self.property_a.id})
        walk_in.write({"stage_id": closed.id, "cause": "product_quality", "judgement": "justified"})
        self.assertTrue(walk_in.is_closed)

    def test_low_answer_makes_the_guest_at_risk(self):
        unhappy = self._guest("Unhappy Regular", email="u@example.com")
        happy = self._guest("Happy Regular", email="h@example.com")
        for guest in unhappy | happy:
            self._stay(guest, date(2026, 11, 1), date(2026, 11, 2), state="checked_out")
            self._stay(guest, date(2026, 11, 20), date(2026, 11, 21), state="checked_out")
        stay_u = unhappy.hotel_stay_ids.sorted("arrival_date")[-1]
        stay_h = happy.hotel_stay_ids.sorted("arrival_date")[-1]
        low = self._answer(dict(GOOD, ces=2), guest=unhappy, stay=stay_u)
        self._answer(GOOD, guest=happy, stay=stay_h)
        # resolve the recovery complaint: what remains is the low answer itself
        resolved = self.Stage.search([("is_resolved", "=", True)], limit=1)
        low.hotel_complaint_id.write({"cause": "service_quality", "stage_id": resolved.id})
        with freeze_time("2026-11-25"):
            self.env["res.partner"].with_company(self.property_a).hotel_recompute_value(
                partner_ids=(unhappy | happy).ids
            )
        self.assertEqual(unhappy.hotel_lifecycle_stage, "at_risk", "a low CES is an early-warning signal")
        self.assertEqual(happy.hotel_lifecycle_stage, "repeat")
