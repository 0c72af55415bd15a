from datetime import date, datetime

from freezegun import freeze_time

from odoo.tests import tagged

from .common import SurveyCommon


@tagged("post_install", "-at_install", "hotel_crm_survey")
class TestReviewImport(SurveyCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Review = cls.env["hotel.crm.review"]

    def _row(self, external_id, rating, **vals):
        return {
            "source": "ctrip",
            "external_id": external_id,
            "company_id": self.property_a.id,
            "date": "2026-03-08",
            "rating": rating,
            "title": f"Review {external_id}",
            **vals,
        }

    def _get(self, external_id, source="ctrip"):
        return self.Review.search([("source", "=", source), ("external_id", "=", external_id)])

    def test_import_normalises_and_is_idempotent(self):
        rows = [
            self._row("C-1", 4),
            self._row("B-1", 8, source="booking"),
            self._row("G-1", 4.5, source="google", rating_scale=5),
            self._row("O-1", 7, source="other", rating_scale=10, text="Great breakfast"),
        ]
        result = self.Review.import_reviews(rows)
        self.assertEqual(result, {"created": 4, "updated": 0, "errors": []})
        self.assertEqual(self._get("C-1").rating_normalized, 80.0, "4 of 5")
        self.assertEqual(self._get("B-1", "booking").rating_scale, 10, "Booking.com rates on 10")
        self.assertEqual(self._get("B-1", "booking").rating_normalized, 80.0, "8 of 10")
        self.assertEqual(self._get("G-1", "google").rating_normalized, 90.0)
        self.assertEqual(self._get("O-1", "other").rating_normalized, 70.0)
        self.assertEqual(self.Review.import_reviews(rows), {"created": 0, "updated": 0, "errors": []})
        rows[0]["text"] = "Edited by the reviewer"
        self.assertEqual(self.Review.import_reviews(rows)["updated"], 1)
        self.assertEqual(self._get("C-1").text, "Edited by the reviewer")
        self.assertEqual(self.Review.search_count([("external_id", "in", ["C-1", "B-1", "G-1", "O-1"])]), 4)

    def test_bad_rows_reported_good_rows_saved(self):
        rows = [
            self._row("OK-1", 5),
            self._row("BAD-1", 6),  # above the 5-point scale
            self._row("", 3),
            self._row("BAD-3", 3, source="yelp"),
            self._row("BAD-4", 3, date="08/03/2026"),
            self._row("BAD-5", 3, source="other"),  # scale unknown
            self._row("OK-1", 4),  # twice in the batch
            self._row("BAD-7", 3, company="Nowhere Hotel", company_id=None),
        ]
        result = self.Review.import_reviews(rows)
        self.assertEqual(result["created"], 1)
        errors = {e["row"]: e["message"] for e in result["errors"]}
        self.assertEqual(sorted(errors), [2, 3, 4, 5, 6, 7, 8])
        for row, field in [(2, "rating"), (3, "external_id"), (4, "source"), (5, "date"), (6, "rating_scale")]:
            self.assertIn(f"Row {row}", errors[row])
            self.assertIn(field, errors[row], f"row {row} names the field")
        self.assertIn("company", errors[8])
        self.assertFalse(self._get("BAD-1"), "a bad row writes nothing")
        # messages are translated
        self.env["res.lang"]._activate_lang("zh_CN")
        self.env["ir.module.module"]._load_module_terms(["hotel_crm"], ["zh_CN"], overwrite=True)
        result = self.Review.with_context(lang="zh_CN").import_reviews([self._row("BAD-9", 9)])
        self.assertIn("第 1 行", result["errors"][0]["message"])

    def test_reviewer_matched_to_guest_and_stay(self):
        namesake = self._guest("Common Name")
        other = self._guest("Common Name")
        self._stay(namesake, date(2026, 3, 1), date(2026, 3, 3), state="checked_out")
        self._stay(other, date(2026, 3, 2), date(2026, 3, 4), state="checked_out")
        rare = self._guest("Ingrid Holm")
        rare_stay = self._stay(rare, date(2026, 2, 20), date(2026, 2, 22), state="checked_out")
        result = self.Review.import_reviews(
            [
                self._row("M-1", 5, stay_ref="S-1"),
                self._row("M-2", 5, email="LIN.WANG@example.com"),
                self._row("M-3", 5, reviewer_name="ingrid holm"),
                self._row("M-4", 5, reviewer_name="Common Name"),
                self._row("M-5", 5, reviewer_name="Ingrid Holm", date="2026-09-01"),
            ]
        )
        self.assertEqual(result["created"], 5)
        self.assertEqual((self._get("M-1").partner_id, self._get("M-1").stay_id), (self.guest, self.stay))
        self.assertEqual((self._get("M-2").partner_id, self._get("M-2").stay_id), (self.guest, self.stay))
        self.assertEqual((self._get("M-3").partner_id, self._get("M-3").stay_id), (rare, rare_stay))
        self.assertFalse(self._get("M-4").partner_id, "two guests of that name stayed: not identifiable")
        self.assertFalse(self._get("M-5").partner_id, "no stay in the 90 days before the review")

    def test_low_review_opens_one_complaint(self):
        result = self.Review.import_reviews([self._row("L-1", 2, stay_ref="S-1"), self._row("L-2", 3)])
        self.assertEqual(result, {"created": 2, "updated": 0, "errors": []})
        low, fair = self._get("L-1"), self._get("L-2")
        complaint = low.complaint_id
        self.assertTrue(complaint, "2 of 5 = 40 is at the default threshold")
        self.assertEqual(
            (complaint.channel, complaint.partner_id, complaint.stay_id, complaint.company_id),
            ("ota_review", self.guest, self.stay, self.property_a),
        )
        self.assertFalse(fair.complaint_id, "3 of 5 = 60 is above it")
        self.Review.import_reviews([self._row("L-1", 1, stay_ref="S-1")])
        self.assertEqual(self._get("L-1").complaint_id, complaint, "updated, still one complaint")
        self.assertEqual(self.env["hotel.crm.complaint"].search_count([("hotel_review_ids", "in", low.ids)]), 1)

    def test_reply_stamped_by_the_server(self):
        self.Review.import_reviews([self._row("R-1", 5, date="2026-03-08 08:00:00")])
        review = self._get("R-1").with_user(self.user_front)
        with freeze_time("2026-03-08 14:00:00"):
            review.write({"reply": "Thank you!", "reply_date": "2020-01-01 00:00:00", "reply_user_id": 1})
        self.assertEqual(review.reply_date, datetime(2026, 3, 8, 14, 0))
        self.assertEqual(review.reply_user_id, self.user_front)
        self.assertEqual(review.reply_hours, 6.0)
        # a reply already given at the source keeps its date
        self.Review.import_reviews([self._row("R-2", 5, date="2026-03-08", reply="Thanks", reply_date="2026-03-09")])
        self.assertEqual(self._get("R-2").reply_hours, 24.0)
        self.assertFalse(self._get("R-2").reply_user_id)

    def test_property_isolation_and_csv_import(self):
        result = self.Review.with_user(self.user_front).import_reviews(
            [self._row("P-1", 5, company_id=self.property_b.id)]
        )
        self.assertEqual(result["created"], 0)
        self.assertIn("company_id", result["errors"][0]["message"])
        loaded = self.Review.with_user(self.user_front).load(
            ["source", "external_id", "date", "rating", "rating_scale", "title"],
            [["booking", "CSV-1", "2026-03-08 10:00:00", "9", "10", "Great stay"]],
        )
        self.assertFalse(loaded["messages"])
        self.assertEqual(self._get("CSV-1", "booking").rating_normalized, 90.0)
