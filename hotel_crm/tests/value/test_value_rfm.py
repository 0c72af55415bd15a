from datetime import timedelta

from freezegun import freeze_time

from odoo.tests import tagged

from ..common import TODAY, TestValueCommon


@tagged("post_install", "-at_install", "hotel_crm_value")
class TestValueRfm(TestValueCommon):
    @freeze_time(TODAY)
    def test_quintiles_and_segments(self):
        # (recency rank, frequency, monetary rank) per guest, each a permutation of 1..5
        plan = {
            "A": (5, 1, 2),  # recent, one stay: new
            "B": (1, 5, 5),  # frequent, gone quiet: at risk
            "C": (3, 4, 1),  # frequent, cheap: loyal
            "D": (4, 3, 4),  # potential
            "E": (2, 2, 3),  # hibernating
        }
        guests = {}
        for name, (recency, count, money) in plan.items():
            last = TODAY - timedelta(days=100 - 10 * recency)
            stays = [(last - timedelta(days=30 * k), 1, money * 1000.0 / count) for k in range(count)]
            guests[name] = self._guest(name, stays)
        self._recompute(self.Partner.browse([g.id for g in guests.values()]))
        self.assertEqual(
            {name: g.hotel_rfm_score for name, g in guests.items()},
            {"A": "512", "B": "155", "C": "341", "D": "434", "E": "223"},
        )
        self.assertEqual(
            {name: g.hotel_rfm_segment for name, g in guests.items()},
            {"A": "new", "B": "at_risk", "C": "loyal", "D": "potential", "E": "hibernating"},
        )

    @freeze_time(TODAY)
    def test_boundaries_and_ties(self):
        # stay counts 1, 1, 1, 1, 2, 3: the four one-stay guests tie and share the lowest score;
        # 2 stays rank 5th of 6 -> 1 + 5 x 4 // 6 = 4, 3 stays -> 5
        guests = self.Partner
        for i, count in enumerate([1, 1, 1, 1, 2, 3]):
            stays = [(TODAY - timedelta(days=20 + 40 * k + i), 1, 100.0) for k in range(count)]
            guests |= self._guest(f"F{i}", stays)
        no_stay = self._guest("Never Stayed")
        self._recompute(guests | no_stay)
        self.assertEqual(guests.mapped("hotel_rfm_frequency"), [1, 1, 1, 1, 4, 5])
        # recency: guest i's last stay is i days older -> scores 5 (most recent) down to 1
        self.assertEqual(guests.mapped("hotel_rfm_recency"), [5, 4, 3, 2, 1, 1])
        self.assertFalse(no_stay.hotel_rfm_score, "RFM is over guests with a checked-out stay only")
        self.assertFalse(no_stay.hotel_rfm_segment)

    @freeze_time(TODAY)
    def test_five_distinct_guests_get_111_to_555(self):
        guests = self.Partner
        for i in range(1, 6):
            stays = [(TODAY - timedelta(days=200 - 10 * i + 30 * k), 1, 100.0 * i) for k in range(i)]
            guests |= self._guest(f"Q{i}", stays)
        self._recompute(guests)
        self.assertEqual(guests.mapped("hotel_rfm_score"), ["111", "222", "333", "444", "555"])
        self.assertEqual(
            guests.mapped("hotel_rfm_segment"), ["lost", "hibernating", "potential", "champions", "champions"]
        )
