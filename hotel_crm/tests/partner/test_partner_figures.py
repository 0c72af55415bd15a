from datetime import date, timedelta

from odoo.tests import tagged

from ..survey.common import SurveyCommon
from .common import PartnerCommon

MARCH = (date(2026, 3, 1), date(2026, 3, 31))


@tagged("post_install", "-at_install", "hotel_crm_partner")
class TestPartnerFigures(PartnerCommon, SurveyCommon):
    """The figures a scorecard measures from the stays its partner booked and the survey answers
    of those stays, on crafted stays and answers."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.ref_no = 0
        # (arrival day in March, nights, revenue, state)
        cls.booked = {}
        for key, day, nights, revenue, state in (
            ("co_1", 2, 2, 100.0, "checked_out"),
            ("co_2", 5, 3, 200.0, "checked_out"),
            ("co_3", 9, 1, 50.0, "checked_out"),
            ("co_4", 20, 1, 30.0, "checked_out"),
            ("in_house", 30, 1, 50.0, "in_house"),
            ("cancelled", 12, 2, 0.0, "cancelled"),
            ("no_show", 15, 1, 0.0, "no_show"),
            ("booked", 28, 2, 0.0, "booked"),
        ):
            cls.booked[key] = cls._booked_stay(cls.ota, date(2026, 3, day), nights, revenue, state)
        # not measured: another period, another property, another booker, no booker
        cls._booked_stay(cls.ota, date(2026, 4, 2), 2, 500.0, "checked_out")
        cls._booked_stay(cls.ota, date(2026, 3, 3), 2, 500.0, "checked_out", company=cls.property_b)
        other = cls._booked_stay(cls.ota_2, date(2026, 3, 3), 2, 500.0, "checked_out")
        cls._booked_stay(cls.Partner.browse(), date(2026, 3, 3), 2, 500.0, "cancelled")
        # the guests' answers: CSAT 5, 4, 3, 2 and NPS 10, 9, 7, 3 on the partner's stays
        for key, csat, nps in (("co_1", 5, 10), ("co_2", 4, 9), ("co_3", 3, 7), ("co_4", 2, 3)):
            cls._answer({"csat": csat, "nps": nps}, stay=cls.booked[key])
        cls._answer({"csat": 1, "nps": 0}, stay=other)  # another booker's guest
        cls._answer({"csat": 1, "nps": 0}, stay=cls.booked["co_1"], done=False)  # not completed

    @classmethod
    def _booked_stay(cls, booker, arrival, nights, revenue, state, company=None):
        cls.ref_no += 1
        return cls.Stay.create(
            {
                "partner_id": cls.guest.id,
                "company_id": (company or cls.property_a).id,
                "external_ref": f"PF-{cls.ref_no}",
                "arrival_date": arrival,
                "departure_date": arrival + timedelta(days=nights),
                "revenue_room": revenue,
                "state": state,
                "channel": "ota",
                "booker_id": booker.id,
            }
        )

    def test_figures_of_the_stays_booked(self):
        evaluation = self._evaluation(self.ota, [6] * 5, *MARCH, done=False)
        self.assertEqual(evaluation.stay_count, 8, "every stay booked arriving in the period, whatever its state")
        self.assertEqual(evaluation.room_nights, 8, "nights of the stays that happened: 2 + 3 + 1 + 1 + 1")
        self.assertAlmostEqual(evaluation.revenue, 430.0)
        self.assertAlmostEqual(evaluation.cancel_rate, 12.5, msg="1 cancelled of 8")
        self.assertAlmostEqual(evaluation.no_show_rate, 12.5, msg="1 no-show of 8")
        self.assertAlmostEqual(evaluation.csat_avg, 3.5)
        self.assertEqual(evaluation.csat_count, 4)
        # promoters 10 and 9 (2), passive 7, detractor 3 (1): (2 - 1) / 4 = 25 %
        self.assertAlmostEqual(evaluation.nps, 25.0)
        self.assertEqual(evaluation.nps_count, 4)
        action = evaluation.action_open_stays()
        self.assertEqual(
            set(self.Stay.search(action["domain"]).ids), {s.id for s in self.booked.values()}, "the stays measured"
        )

    def test_figures_refreshed_on_drafts_only(self):
        draft = self._evaluation(self.ota, [6] * 5, *MARCH, done=False)
        done = self._evaluation(self.ota, [6] * 5, *MARCH, done=True)
        self.booked["booked"].action_cancel()
        draft.action_refresh_figures()
        done.action_refresh_figures()
        self.assertAlmostEqual(draft.cancel_rate, 25.0, msg="2 cancelled of 8 now")
        self.assertAlmostEqual(done.cancel_rate, 12.5, msg="a done scorecard keeps the figures it was done with")
        # the period moved: measured again
        draft.date_to = date(2026, 3, 10)
        self.assertEqual(draft.stay_count, 3)

    def test_no_stays_no_rates(self):
        supplier = self._evaluation(self.supplier, [6] * 5, *MARCH, done=False)
        self.assertEqual((supplier.stay_count, supplier.room_nights, supplier.revenue), (0, 0, 0.0))
        self.assertEqual((supplier.cancel_rate, supplier.no_show_rate), (0.0, 0.0))
        self.assertFalse(supplier.nps_count)
        self.assertFalse(supplier.is_channel_partner)
