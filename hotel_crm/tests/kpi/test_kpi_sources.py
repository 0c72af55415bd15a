from datetime import date, datetime, timedelta

from freezegun import freeze_time

from odoo import Command
from odoo.tests import tagged

from .common import KpiCommon


@tagged("post_install", "-at_install", "hotel_crm_kpi")
class TestKpiComplaints(KpiCommon):
    def _complaint(self, received, resolved=None, deadline=None, partner=None, recovered=False, company=None):
        complaint = (
            self.env["hotel.crm.complaint"]
            .sudo()
            .create(
                {
                    "name": "Noise",
                    "company_id": (company or self.property_a).id,
                    "partner_id": partner.id if partner else False,
                }
            )
        )
        self._sql(
            """UPDATE hotel_crm_complaint SET date_received = %s, resolved_date = %s, resolution_deadline = %s,
                      recovered = %s WHERE id = %s""",
            received,
            resolved,
            deadline,
            recovered,
            complaint.id,
        )
        return complaint

    def test_complaint_figures(self):
        # UTC datetimes; the property's day starts at 16:00 UTC the day before (Asia/Shanghai)
        self._complaint(
            datetime(2025, 6, 5, 10), datetime(2025, 6, 6, 10), datetime(2025, 6, 7), self.ann, recovered=True
        )
        self._complaint(datetime(2025, 6, 10, 0), datetime(2025, 6, 10, 10), datetime(2025, 6, 10, 5), self.bob)
        # received in May local time, resolved on 2 June: 120 hours, no SLA deadline, no guest
        self._complaint(datetime(2025, 5, 28, 10), datetime(2025, 6, 2, 10))
        # 31 May 17:00 UTC is 1 June 01:00 in Shanghai: received in June, still open
        self._complaint(datetime(2025, 5, 31, 17))
        # 30 June 17:00 UTC is 1 July in Shanghai: not in June; another property's never counts
        self._complaint(datetime(2025, 6, 30, 17), datetime(2025, 6, 30, 18), datetime(2025, 7, 5), self.cat)
        self._complaint(
            datetime(2025, 6, 5), datetime(2025, 6, 5, 1), datetime(2025, 6, 6), self.hal, company=self.property_b
        )
        snapshot = self._compute()
        self.assertAlmostEqual(snapshot.complaints_per_100_stays, 100.0, msg="3 complaints received over 3 stays")
        median = self._line(snapshot, "median_resolution_hours")
        self.assertAlmostEqual(median.value, 24.0, msg="median of 10, 24 and 120 hours")
        self.assertEqual(median.sample_size, 3)
        self.assertAlmostEqual(snapshot.sla_compliance, 50.0, msg="1 of the 2 resolved with a deadline")
        self.assertAlmostEqual(snapshot.recovery_rate, 50.0, msg="Ann came back, Bob did not")

    def test_complaint_filter_hook(self):
        """The KPIs count what ``_hotel_kpi_complaint_domain_sql`` calls a complaint."""
        Snapshot = self.env["hotel.crm.kpi.snapshot"]
        condition = Snapshot._hotel_kpi_complaint_domain_sql()
        if "feedback_type" in self.env["hotel.crm.complaint"]._fields:
            self.assertIn("feedback_type", condition.code)
        else:
            self.assertEqual(condition.code, "TRUE")


@tagged("post_install", "-at_install", "hotel_crm_kpi")
class TestKpiSatisfaction(KpiCommon):
    def _answer(self, end, csat=None, nps=None, ces=None, test_entry=False):
        survey = self.env.ref("hotel_crm.survey_post_stay")
        answer = self.env["survey.user_input"].sudo().create({"survey_id": survey.id, "partner_id": self.ann.id})
        self._sql(
            """UPDATE survey_user_input SET state = 'done', end_datetime = %s, hotel_company_id = %s,
                      hotel_csat = %s, hotel_nps = %s, hotel_ces = %s, test_entry = %s WHERE id = %s""",
            end,
            self.property_a.id,
            csat,
            nps,
            ces,
            test_entry,
            answer.id,
        )
        return answer

    def test_survey_and_review_figures(self):
        answers = [
            self._answer(datetime(2025, 6, 3), 5, 10, 7),
            self._answer(datetime(2025, 6, 4), 4, 8),
            self._answer(datetime(2025, 6, 5), 2, 3, 5),
            self._answer(datetime(2025, 6, 6), nps=9),
        ]
        self._answer(datetime(2025, 6, 30, 16, 30), 1, 0, 1)  # 1 July in Shanghai
        self._answer(datetime(2025, 6, 7), 1, 0, 1, test_entry=True)
        survey = self.env.ref("hotel_crm.survey_post_stay")
        stays = self.Stay.search(
            [("partner_id", "in", (self.ann | self.bob | self.cat).ids), ("departure_date", ">=", "2025-06-01")]
        )
        self.assertEqual(len(stays), 3)
        Invitation = self.env["hotel.crm.survey.invitation"].sudo()
        for i, stay in enumerate(stays):
            invitation = Invitation.create(
                {
                    "stay_id": stay.id,
                    "partner_id": stay.partner_id.id,
                    "company_id": self.property_a.id,
                    "survey_id": survey.id,
                    "sent_date": datetime(2025, 6, 10),
                }
            )
            self._sql("UPDATE hotel_crm_survey_invitation SET answered = %s WHERE id = %s", i > 0, invitation.id)
        Review = self.env["hotel.crm.review"].sudo()
        for ext, rating, scale, when in (
            ("r1", 4, 5, datetime(2025, 6, 2)),
            ("r2", 9, 10, datetime(2025, 6, 12)),
            ("r3", 3, 5, datetime(2025, 6, 20)),
            ("r4", 1, 5, datetime(2025, 7, 2)),
        ):
            Review.create(
                {
                    "source": "google",
                    "external_id": ext,
                    "company_id": self.property_a.id,
                    "date": when,
                    "rating": rating,
                    "rating_scale": scale,
                }
            )
        snapshot = self._compute()
        self.assertAlmostEqual(snapshot.csat_avg, 11 / 3, places=6, msg="5, 4 and 2; skipped and test answers left out")
        self.assertEqual(self._line(snapshot, "csat_avg").sample_size, 3)
        # NPS over 10, 8, 3, 9: 2 promoters, 1 detractor of 4
        self.assertAlmostEqual(snapshot.nps, 25.0, places=6)
        self.assertEqual(self._line(snapshot, "nps").sample_size, 4)
        self.assertAlmostEqual(snapshot.ces_avg, 6.0, places=6)
        rate = self._line(snapshot, "survey_response_rate")
        self.assertAlmostEqual(rate.value, 200 / 3, places=6, msg=f"2 of 3 invitations answered ({len(answers)})")
        review = self._line(snapshot, "review_index")
        self.assertAlmostEqual(review.value, (80 + 90 + 60) / 3, places=6)
        self.assertEqual(review.sample_size, 3)


@tagged("post_install", "-at_install", "hotel_crm_kpi")
class TestKpiPersonalisedService(KpiCommon):
    def _booked(self, name, arrival):
        guest = self._guest(name)
        self.env["hotel.crm.preference"].create(
            {"partner_id": guest.id, "category_id": self.category["pillow"].id, "value": "Feather"}
        )
        stay = self.Stay.create(
            {
                "partner_id": guest.id,
                "company_id": self.property_b.id,
                "arrival_date": arrival,
                "departure_date": arrival + timedelta(days=2),
            }
        )
        self.assertTrue(stay.arrival_notes, "the stay carries the guest's preferences")
        return stay

    def _activity(self, stay):
        activity_type = self.env.ref("hotel_crm.mail_activity_type_hotel_preferences")
        return stay.activity_ids.filtered(lambda a: a.activity_type_id == activity_type)

    def test_personalised_service(self):
        with freeze_time("2025-06-01 08:00:00"):
            in_time = self._booked("Prepared", date(2025, 6, 15))
            late = self._booked("Late", date(2025, 6, 20))
            never = self._booked("Forgotten", date(2025, 6, 22))
            cancelled = self._booked("Cancelled", date(2025, 6, 23))
            plain = self.Stay.create(
                {
                    "partner_id": self._guest("No Preferences").id,
                    "company_id": self.property_b.id,
                    "arrival_date": "2025-06-16",
                    "departure_date": "2025-06-17",
                }
            )
        with freeze_time("2025-06-14 23:59:00"):
            self._activity(in_time).action_feedback("Feather pillows on the bed")
        with freeze_time("2025-06-20 09:00:00"):
            self._activity(late).action_feedback("Done on arrival day")
        (in_time | late | never | plain).write({"state": "checked_out"})
        cancelled.write({"state": "cancelled"})
        snapshot = self._compute(self.property_b)
        line = self._line(snapshot, "personalised_service")
        self.assertEqual(line.sample_size, 3, "arrivals with preferences: not the cancelled one nor the plain guest")
        self.assertAlmostEqual(line.value, 100 / 3, places=6, msg="prepared before arrival: 1 of 3")


@tagged("post_install", "-at_install", "hotel_crm_kpi")
class TestKpiTraining(KpiCommon):
    def test_training_figures(self):
        hotel = self.env["res.company"].create({"name": "Test Training Hotel", "hotel_tz": "UTC"})
        employees = self.env["hr.employee"].create([{"name": f"Trainee {i}", "company_id": hotel.id} for i in range(4)])
        course = self.env["hotel.crm.training.course"].create(
            {
                "name": "Complaint Handling",
                "topic_id": self.env.ref("hotel_crm.training_topic_complaint_handling").id,
                "method_id": self.env.ref("hotel_crm.training_method_role_play").id,
                "duration_hours": 3,
                "pass_score": 70,
            }
        )
        Session = self.env["hotel.crm.training.session"]

        def session(start, scores, done=True):
            result = Session.create(
                {
                    "course_id": course.id,
                    "company_id": hotel.id,
                    "date_start": start,
                    "date_end": start + timedelta(hours=3),
                    "attendance_ids": [
                        Command.create({"employee_id": employee.id, "score": score})
                        for employee, score in zip(employees, scores, strict=False)
                    ],
                }
            )
            if done:
                result.action_done()
            return result

        session(datetime(2025, 6, 3, 9), [80, 60, 90])
        session(datetime(2025, 6, 20, 9), [75])
        session(datetime(2025, 6, 25, 9), [99, 99], done=False)  # planned: no hours, no pass
        session(datetime(2025, 7, 2, 9), [80, 80])
        snapshot = self._compute(hotel, user=self.env.user)
        hours = self._line(snapshot, "training_hours_per_employee")
        self.assertAlmostEqual(hours.value, 12 / 4, places=6, msg="4 attendances of 3 hours, 4 employees")
        self.assertEqual(hours.sample_size, 4)
        passed = self._line(snapshot, "training_pass_rate")
        self.assertAlmostEqual(passed.value, 75.0, places=6, msg="80, 90 and 75 passed, 60 did not")
        self.assertEqual(passed.sample_size, 4)
