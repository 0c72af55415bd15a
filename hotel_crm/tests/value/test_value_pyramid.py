from datetime import timedelta

from freezegun import freeze_time

from odoo.exceptions import ValidationError
from odoo.tests import Form, tagged

from ..common import TODAY, TestValueCommon


@tagged("post_install", "-at_install", "hotel_crm_value")
class TestValuePyramid(TestValueCommon):
    @freeze_time(TODAY)
    def test_one_guest_is_vip(self):
        guest = self._guest("Only One", [(TODAY - timedelta(days=10), 2, 800.0)])
        self._recompute(guest)
        self.assertEqual(guest.hotel_value_segment, "vip", "the top 1 % is at least one guest")
        self.assertEqual(guest.hotel_value_rank, 1)
        self.assertEqual(guest.hotel_value_revenue, 800.0)

    @freeze_time(TODAY)
    def test_seven_guests(self):
        # revenue 700, 600, ..., 100: VIP ceil(7 x 1 %) = 1, major up to ceil(7 x 20 %) = 2,
        # ordinary up to ceil(7 x 50 %) = 4, the other three small
        guests = self.Partner
        for i in range(7):
            guests |= self._guest(f"Guest {i}", [(TODAY - timedelta(days=30 + i), 1, 700.0 - 100 * i)])
        self._recompute(guests)
        self.assertEqual(self._segments(guests), ["vip", "major", "ordinary", "ordinary", "small", "small", "small"])
        self.assertEqual(guests.mapped("hotel_value_rank"), [1, 2, 3, 4, 5, 6, 7])

    @freeze_time(TODAY)
    def test_hundred_guests(self):
        vals = [{"name": f"Guest {i:03d}", "hotel_guest": True} for i in range(100)]
        guests = self.Partner.create(vals)
        stay_vals = [
            {
                "partner_id": guest.id,
                "company_id": self.company.id,
                "external_ref": f"H{i:03d}",
                "arrival_date": TODAY - timedelta(days=5 + i),
                "departure_date": TODAY - timedelta(days=4 + i),
                "revenue_room": 10000.0 - 50 * i,
                "state": "checked_out",
            }
            for i, guest in enumerate(guests)
        ]
        self.Stay.with_context(hotel_no_preference_service=True).create(stay_vals)
        self._recompute(guests)
        segments = self._segments(guests)
        self.assertEqual([segments.count(s) for s in ("vip", "major", "ordinary", "small", "none")], [1, 19, 30, 50, 0])
        self.assertEqual(segments, ["vip"] + ["major"] * 19 + ["ordinary"] * 30 + ["small"] * 50)

    @freeze_time(TODAY)
    def test_ties_broken_by_partner_id(self):
        first = self._guest("Tie A", [(TODAY - timedelta(days=20), 1, 500.0)])
        second = self._guest("Tie B", [(TODAY - timedelta(days=40), 1, 500.0)])
        self._recompute(first | second)
        # 2 guests: VIP = 1, major and ordinary cut-offs ceil(0.4) = ceil(1.0) = 1: the other is small
        self.assertEqual((first.hotel_value_rank, second.hotel_value_rank), (1, 2))
        self.assertEqual((first.hotel_value_segment, second.hotel_value_segment), ("vip", "small"))

    @freeze_time(TODAY)
    def test_what_does_not_count(self):
        day = TODAY - timedelta(days=30)
        payer = self._guest("Payer", [(day, 1, 100.0)])
        cancelled = self._guest("Cancelled", [(day, 1, 900.0, "cancelled")])
        no_show = self._guest("No Show", [(day, 1, 900.0, "no_show")])
        zero = self._guest("Zero Revenue", [(day, 1, 0.0)])
        outside = self._guest("Outside Window", [(TODAY - timedelta(days=400), 2, 5000.0)])
        in_house = self._guest("In House", [(TODAY - timedelta(days=1), 3, 900.0, "in_house")])
        prospect = self._guest("Prospect")
        mixed = self._guest("Mixed", [(day, 1, 50.0), (day + timedelta(days=5), 1, 9999.0, "cancelled")])
        guests = payer | cancelled | no_show | zero | outside | in_house | prospect | mixed
        self._recompute(guests)
        self.assertEqual(payer.hotel_value_segment, "vip")
        self.assertEqual(mixed.hotel_value_revenue, 50.0, "the cancelled stay's revenue does not count")
        self.assertEqual(mixed.hotel_value_segment, "small")
        for guest in cancelled | no_show | zero | outside | in_house | prospect:
            self.assertEqual(guest.hotel_value_segment, "none", f"{guest.name} has no revenue in the window")
            self.assertEqual(guest.hotel_value_revenue, 0.0)
            self.assertFalse(guest.hotel_value_rank)

    @freeze_time(TODAY)
    def test_configured_cut_offs_and_window(self):
        self.company.write(
            {
                "hotel_pyramid_vip_pct": 10,
                "hotel_pyramid_major_pct": 20,
                "hotel_pyramid_ordinary_pct": 30,
                "hotel_value_window_days": 60,
            }
        )
        guests = self.Partner
        for i in range(10):
            guests |= self._guest(f"Guest {i}", [(TODAY - timedelta(days=10 + i), 1, 1000.0 - 10 * i)])
        old = self._guest("Old", [(TODAY - timedelta(days=90), 1, 99999.0)])
        self._recompute(guests | old)
        self.assertEqual(self._segments(guests), ["vip"] + ["major"] * 2 + ["ordinary"] * 3 + ["small"] * 4)
        self.assertEqual(old.hotel_value_segment, "none", "90 days ago is outside a 60-day window")

    def test_settings_form(self):
        settings = Form(self.env["res.config.settings"].with_company(self.company))
        settings.hotel_value_window_days = 180
        settings.hotel_pyramid_vip_pct = 2
        settings.hotel_margin_room_pct = 40
        settings.hotel_margin_fnb_pct = 30
        settings.hotel_margin_other_pct = 50
        settings.hotel_churn_days = 300
        settings.save().execute()
        self.assertEqual(self.company.hotel_value_window_days, 180)
        self.assertEqual(self.company.hotel_pyramid_vip_pct, 2)
        self.assertEqual(
            (
                self.company.hotel_margin_room_pct,
                self.company.hotel_margin_fnb_pct,
                self.company.hotel_margin_other_pct,
            ),
            (40, 30, 50),
        )
        self.assertEqual(self.company.hotel_clv_margin_pct, 40, "the former single margin reads the room margin")
        self.assertEqual(self.company.hotel_churn_days, 300)

    def test_settings_shares_over_100(self):
        with self.assertRaises(ValidationError):
            self.company.hotel_pyramid_ordinary_pct = 90

    def test_settings_empty_window(self):
        with self.assertRaises(ValidationError):
            self.company.hotel_value_window_days = 0
