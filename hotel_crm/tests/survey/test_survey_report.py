from datetime import date

from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged

from .common import SurveyCommon


@tagged("post_install", "-at_install", "hotel_crm_survey")
class TestSurveyReports(SurveyCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Report = cls.env["hotel.crm.satisfaction.report"]
        cls.Loyalty = cls.env["hotel.crm.nps.loyalty.report"]
        # six answers at property B: NPS 9, 10, 9 in February, 8, 3, 6 in March
        cls.answers = cls.Input
        for i, (nps, csat, ces, month) in enumerate(
            [(9, 5, 7, 2), (10, 4, 6, 2), (9, 4, None, 2), (8, 3, 5, 3), (3, 2, 2, 3), (6, 5, 4, 3)]
        ):
            guest = cls._guest(f"Guest {i}", email=f"g{i}@example.com")
            stay = cls._stay(guest, date(2026, 1, 10), date(2026, 1, 12), company=cls.property_b, state="checked_out")
            answer = cls._answer({"nps": nps, "csat": csat, "ces": ces}, guest=guest, stay=stay)
            answer.end_datetime = f"2026-{month:02d}-15 10:00:00"
            cls.answers |= answer
        Review = cls.env["hotel.crm.review"]
        for ext, rating, scale, reply in [("R1", 4, 5, "2026-03-10 18:00:00"), ("R2", 6, 10, "2026-03-11 04:00:00")]:
            Review.import_reviews(
                [
                    {
                        "source": "other",
                        "external_id": ext,
                        "company_id": cls.property_b.id,
                        "date": "2026-03-10 08:00:00",
                        "rating": rating,
                        "rating_scale": scale,
                        "reply": "Thank you",
                        "reply_date": reply,
                    }
                ]
            )
        Review.import_reviews(
            [
                {
                    "source": "other",
                    "external_id": "R3",
                    "company_id": cls.property_b.id,
                    "date": "2026-03-20 08:00:00",
                    "rating": 10,
                    "rating_scale": 10,
                    "reply": "Thanks",
                    "reply_date": "2026-03-21 14:00:00",
                }
            ]
        )
        Review.import_reviews(
            [
                {
                    "source": "other",
                    "external_id": "R4",
                    "company_id": cls.property_b.id,
                    "date": "2026-03-25 08:00:00",
                    "rating": 5,
                    "rating_scale": 5,
                }
            ]
        )

    def test_satisfaction_index_by_property_and_month(self):
        rows = self.Report.hotel_satisfaction_index([("company_id", "=", self.property_b.id)])
        by_month = {row["date:month"].month: row for row in rows}
        feb, mar = by_month[2], by_month[3]
        self.assertEqual((feb["answers"], mar["answers"]), (3, 3))
        self.assertAlmostEqual(feb["nps"], 100.0, msg="3 promoters of 3")
        self.assertAlmostEqual(mar["nps"], -200 / 3, msg="1 passive, 2 detractors")
        self.assertAlmostEqual(feb["csat"], 13 / 3)
        self.assertAlmostEqual(mar["csat_top2"], 100 / 3, msg="one 4-5 of three")
        self.assertAlmostEqual(feb["ces"], 6.5, msg="the skipped CES is left out")
        self.assertAlmostEqual(mar["ces_low_effort"], 100 / 3)
        # the review index beside them: mean of 80, 60, 100, 100; replied 3 of 4 after 10, 20, 30 hours
        self.assertEqual(mar["reviews"], 4)
        self.assertAlmostEqual(mar["review_index"], 85.0)
        self.assertAlmostEqual(mar["reply_rate"], 75.0)
        self.assertAlmostEqual(mar["median_reply_hours"], 20.0)
        self.assertIsNone(feb["reply_rate"], "no review in February")
        # over both months: 3 promoters, 1 passive, 2 detractors = +16.7
        [total] = self.Report.hotel_satisfaction_index([("company_id", "=", self.property_b.id)], groupby=())
        self.assertEqual(round(total["nps"], 1), 16.7)

    def test_score_distribution(self):
        groups = self.Report._read_group(
            [("company_id", "=", self.property_b.id), ("kind", "=", "survey")], ["nps_band"], ["answer_count:sum"]
        )
        self.assertEqual(dict(groups), {"promoter": 3, "passive": 1, "detractor": 2})
        groups = dict(
            self.Report._read_group(
                [("company_id", "=", self.property_b.id), ("kind", "=", "survey")], ["csat_value"], ["__count"]
            )
        )
        self.assertEqual(groups, {"2": 1, "3": 1, "4": 2, "5": 2})

    def test_loyalty_by_nps_band(self):
        promoter, passive, detractor = self.answers[0], self.answers[3], self.answers[4]
        # the promoter comes back twice within 12 months of the surveyed stay (Jan 2026), the passive after 13
        self._stay(promoter.partner_id, date(2026, 5, 1), date(2026, 5, 3), state="checked_out", revenue_room=300)
        self._stay(promoter.partner_id, date(2026, 9, 1), date(2026, 9, 2), state="checked_out", revenue_room=200)
        self._stay(passive.partner_id, date(2027, 3, 1), date(2027, 3, 2), state="checked_out", revenue_room=900)
        self._stay(detractor.partner_id, date(2026, 6, 1), date(2026, 6, 2), state="cancelled", revenue_room=100)
        self.env.flush_all()
        rows = {
            band: (count, repeat, stays, revenue)
            for band, count, repeat, stays, revenue in self.Loyalty._read_group(
                [("company_id", "=", self.property_b.id)],
                ["nps_band"],
                ["answer_count:sum", "repeat_rate:avg", "next_stays:avg", "next_revenue:avg"],
            )
        }
        self.assertEqual(rows["promoter"][0], 3)
        self.assertAlmostEqual(rows["promoter"][1], 100 / 3, msg="one promoter of three came back")
        self.assertAlmostEqual(rows["promoter"][2], 2 / 3)
        self.assertAlmostEqual(rows["promoter"][3], 500 / 3)
        self.assertEqual(rows["passive"][1:], (0.0, 0.0, 0.0), "a stay after 13 months is not in the window")
        self.assertEqual(rows["detractor"][1], 0.0, "a cancelled stay is not a repeat stay")

    def test_guest_smart_buttons(self):
        guest = self.answers[4].partner_id
        self._answer({"csat": 5, "nps": 9}, guest=guest, stay=self.answers[4].hotel_stay_id)
        guest.invalidate_recordset()
        guest = guest.with_user(self.user_manager)
        self.assertEqual(guest.hotel_survey_count, 2)
        self.assertEqual(guest.hotel_csat_avg, 3.5)
        self.assertEqual(guest.hotel_nps_avg, 6.0)
        self.assertEqual(guest.hotel_csat_last, 5, "the latest answer")
        action = guest.action_hotel_view_survey_answers()
        self.assertEqual(self.Input.search_count(action["domain"]), 2)

    def test_access_per_property_and_guest(self):
        answer_b = self.answers[0]
        answer_a = self._answer({"csat": 4})
        front = self.Input.with_user(self.user_front)
        self.assertEqual(front.search([("id", "in", (answer_a | answer_b).ids)]), answer_a.with_user(self.user_front))
        with self.assertRaises(AccessError):
            answer_a.with_user(self.user_front).write({"hotel_channel": "phone"})
        self.assertFalse(
            self.Report.with_user(self.user_front).search([("company_id", "=", self.property_b.id)]),
            "reports follow the property rules",
        )
        portal = new_test_user(self.env, login="hc_portal_guest", groups="base.group_portal")
        with self.assertRaises(AccessError):
            answer_a.with_user(portal).read(["hotel_csat"])
        with self.assertRaises(AccessError):
            self.env["hotel.crm.review"].with_user(portal).search([])
