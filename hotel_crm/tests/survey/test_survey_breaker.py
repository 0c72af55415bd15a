"""What a crafted call, a bad feed or a manager of one property must not get out of the guest's voice."""

from datetime import date, datetime

from odoo.exceptions import AccessError
from odoo.tests import HttpCase, new_test_user, tagged

from .common import SurveyCommon


@tagged("post_install", "-at_install", "hotel_crm_survey")
class TestSurveyBreaker(SurveyCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Review = cls.env["hotel.crm.review"]
        cls.Complaint = cls.env["hotel.crm.complaint"]
        # a guest-relations manager of property A only (Hotel CRM managers are Survey officers)
        cls.manager_a = new_test_user(
            cls.env,
            login="hc_breaker_manager_a",
            groups="base.group_user,hotel_crm.hotel_crm_group_manager",
            company_id=cls.property_a.id,
            company_ids=[(6, 0, cls.property_a.ids)],
        )
        cls.guest_b = cls._guest(
            "Zhao Lei", email="zhao.lei@example.com", hotel_consent_email=True, hotel_consent_survey=True
        )
        cls.stay_b = cls._stay(
            cls.guest_b, date(2026, 3, 1), date(2026, 3, 3), company=cls.property_b, state="checked_out"
        )

    def _row(self, external_id, rating=4, **vals):
        return {
            "source": "ctrip",
            "external_id": external_id,
            "company_id": self.property_a.id,
            "date": "2026-03-08",
            "rating": rating,
            **vals,
        }

    # ------------------------------------------------------------------
    # import_reviews: what an integrator's feed may send
    # ------------------------------------------------------------------
    def test_import_reviews_runs_for_an_integrator(self):
        """The review import does not depend on a helper of the stay import that no longer exists."""
        result = self.Review.with_user(self.user_front).import_reviews([self._row("INT-1")])
        self.assertEqual(result, {"created": 1, "updated": 0, "errors": []})
        self.assertEqual(self.Review.search([("external_id", "=", "INT-1")]).company_id, self.property_a)

    def test_import_reviews_refuses_junk_and_keeps_good_rows(self):
        rows = [
            self._row("J-OK"),
            self._row("J-1", date="2026-03-08T10:00:00junk"),  # trailing junk was cut off and accepted
            self._row("J-2", date="2026-03-08 10:00:00 DROP TABLE"),
            self._row("J-3", title=["a", "list"]),
            self._row("J-4", text={"a": "dict"}),
            self._row("J-5", text="x" * 1_000_000),
            self._row("J-6", rating=float("nan")),
            self._row("J-7", rating=float("inf")),
            self._row("J-8", rating=[4]),
            self._row("J-9", rating=True),
            self._row("J-10", company_id=True),  # int(True) is 1: a property nobody named
            self._row("J-11", company_id=float("nan")),
            self._row("J-12", company_id=self.property_b.id + 10**6),
            self._row("J-13", company_id=str(self.property_a.id) + ".9"),
            self._row({"nested": "id"}),
            self._row("J-15", rating=9),  # above the 5-point scale
        ]
        result = self.Review.with_user(self.user_front).import_reviews(rows)
        self.assertEqual(result["created"], 1, result["errors"])
        self.assertEqual([e["row"] for e in result["errors"]], list(range(2, len(rows) + 1)))
        self.assertEqual(self.Review.search([("external_id", "=like", "J-%")]).mapped("external_id"), ["J-OK"])
        for error in result["errors"]:
            self.assertLess(len(error["message"]), 400, "a refused value is quoted short")
        self.assertNotIn("['a', 'list']", str(self.Review.search([]).mapped("title")))

    def test_import_reviews_converts_offsets_to_utc(self):
        result = self.Review.import_reviews(
            [self._row("TZ-1", date="2026-03-08T18:00:00+08:00"), self._row("TZ-2", date="2026-03-08T10:00:00Z")]
        )
        self.assertEqual(result["errors"], [])
        self.assertEqual(self.Review.search([("external_id", "=", "TZ-1")]).date, datetime(2026, 3, 8, 10, 0))
        self.assertEqual(self.Review.search([("external_id", "=", "TZ-2")]).date, datetime(2026, 3, 8, 10, 0))

    # ------------------------------------------------------------------
    # Server-set fields of reviews and survey-born complaints
    # ------------------------------------------------------------------
    def test_low_review_cannot_be_unlinked_to_open_a_second_complaint(self):
        self.Review.import_reviews([self._row("LOW-1", rating=1)])
        review = self.Review.search([("external_id", "=", "LOW-1")])
        complaint = review.complaint_id
        self.assertTrue(complaint)
        with self.assertRaises(AccessError):
            review.with_user(self.user_front).write({"complaint_id": False})
        with self.assertRaises(AccessError):
            review.with_user(self.user_front).write({"rating_normalized": 100.0})
        self.assertEqual(review.rating_normalized, 20.0)
        # the client sending back the value it read is fine (the web client does)
        review.with_user(self.user_front).write({"title": "Dirty room", "complaint_id": complaint.id})
        self.Review.import_reviews([self._row("LOW-1", rating=0.5)])
        self.assertEqual(self.Complaint.search_count([("hotel_review_ids", "in", review.ids)]), 1)
        self.assertEqual(review.complaint_id, complaint)
        with self.assertRaises(AccessError):
            self.Review.with_user(self.user_front).create(
                {"source": "google", "external_id": "NEW-1", "rating": 1, "complaint_id": complaint.id}
            )

    def test_survey_born_complaint_keeps_its_answer(self):
        """Unlinking the answer would close a survey-born complaint without its root cause."""
        answer = self._answer({"csat": 1})
        complaint = answer.hotel_complaint_id
        self.assertEqual(complaint.hotel_survey_input_id, answer)
        with self.assertRaises(AccessError):
            complaint.with_user(self.user_front).write({"hotel_survey_input_id": False})
        other = self._answer({"csat": 1}, guest=self.guest_b, stay=self.stay_b)
        with self.assertRaises(AccessError):
            complaint.with_user(self.user_manager).write({"hotel_survey_input_id": other.id})
        self.assertEqual(complaint.hotel_survey_input_id, answer)

    # ------------------------------------------------------------------
    # Answers per property
    # ------------------------------------------------------------------
    def test_manager_of_one_property_reads_only_its_answers(self):
        """A Hotel CRM manager is a Survey officer, whose rule shows every answer of the survey: the
        property of the surveyed stay still limits what they see."""
        answer_a = self._answer({"csat": 4})
        answer_b = self._answer({"csat": 1, "comment": "Private complaint"}, guest=self.guest_b, stay=self.stay_b)
        Input = self.Input.with_user(self.manager_a)
        visible = Input.search([("id", "in", (answer_a | answer_b).ids)])
        self.assertEqual(visible, answer_a)
        with self.assertRaises(AccessError):
            answer_b.with_user(self.manager_a).read(["hotel_comment"])
        with self.assertRaises(AccessError):
            answer_b.with_user(self.manager_a).write({"hotel_csat": 5})
        lines = (
            self.env["survey.user_input.line"].with_user(self.manager_a).search([("user_input_id", "=", answer_b.id)])
        )
        self.assertFalse(lines)
        # the front desk of property A neither
        self.assertEqual(
            self.Input.with_user(self.user_front).search([("id", "in", (answer_a | answer_b).ids)]), answer_a
        )


@tagged("post_install", "-at_install", "hotel_crm_survey")
class TestSurveyStaffRecording(HttpCase):
    """*Record survey* on a stay opens the guest's answer for the front desk to fill in: Odoo's survey
    pages refuse a signed-in user an answer of another partner, so the page must let the staff in."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.property_a = cls.env["res.company"].create({"name": "Test Recording Hotel"})
        cls.property_b = cls.env["res.company"].create({"name": "Test Elsewhere Hotel"})
        cls.user_front = new_test_user(
            cls.env,
            login="hc_rec_front",
            groups="base.group_user,hotel_crm.hotel_crm_group_user",
            company_id=cls.property_a.id,
            company_ids=[(6, 0, cls.property_a.ids)],
        )
        cls.user_other = new_test_user(
            cls.env,
            login="hc_rec_other",
            groups="base.group_user,hotel_crm.hotel_crm_group_user",
            company_id=cls.property_b.id,
            company_ids=[(6, 0, cls.property_b.ids)],
        )
        guest = cls.env["res.partner"].create({"name": "Qian Yu", "hotel_guest": True})
        cls.stay = cls.env["hotel.crm.stay"].create(
            {
                "partner_id": guest.id,
                "company_id": cls.property_a.id,
                "arrival_date": date(2026, 3, 1),
                "departure_date": date(2026, 3, 3),
                "state": "checked_out",
            }
        )

    def _open(self, url):
        response = self.url_open(url)
        self.assertEqual(response.status_code, 200)
        return response.text

    def test_front_desk_opens_the_answer_it_records(self):
        action = (
            self.stay.with_user(self.user_front).with_context(hotel_survey_channel="phone").action_hotel_record_survey()
        )
        answer = self.env["hotel.crm.survey.invitation"].search([("stay_id", "=", self.stay.id)]).user_input_id
        self.assertEqual(answer.partner_id, self.stay.partner_id, "the answer is the guest's")
        self.authenticate("hc_rec_front", "hc_rec_front")
        page = self._open(action["url"])
        self.assertNotIn("Survey Access Error", page)
        self.assertIn("o_survey_form", page)
        # staff of another property may not, nor anyone once the guest's answer is submitted
        self.authenticate("hc_rec_other", "hc_rec_other")
        self.assertIn("Survey Access Error", self._open(action["url"]))
        answer._mark_done()
        self.authenticate("hc_rec_front", "hc_rec_front")
        self.assertIn("Survey Access Error", self._open(action["url"]))
