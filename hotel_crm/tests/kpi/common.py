from datetime import date

from odoo.tools import SQL

from ..common import HotelCrmCommon

JUNE = (date(2025, 6, 1), date(2025, 6, 30))


class KpiCommon(HotelCrmCommon):
    """Crafted guests and stays at ``property_a`` (time zone Asia/Shanghai, UTC+8) for June 2025.

    Checked-out stays departing in June: Ann (1,000 room; she also left on 15 May, in the previous
    30 days), Bob (500 room + 100 F&B, his first stay ever), Cat (300 room; an old stay of 2024).
    Dan left on 20 May only (previous period, not retained); Eve on 1 May (outside the previous
    30 days: 2 to 31 May). Fay's stay departs on 1 July, Gus's June stay was cancelled, Hal left
    in June from ``property_b``. So at ``property_a``: 3 active guests, 1 new, repeat 2 of 3,
    retention 1 of 2 (Ann of Ann and Dan), revenue 1,900.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.property_a.write(
            {
                "hotel_tz": "Asia/Shanghai",
                "hotel_margin_room_pct": 60,
                "hotel_margin_fnb_pct": 20,
                "hotel_margin_other_pct": 50,
            }
        )
        cls.property_b.hotel_tz = "UTC"
        cls.Snapshot = cls.env["hotel.crm.kpi.snapshot"]
        cls.ref_no = 0
        cls.ann = cls._guest_with("Ann", [("2025-06-08", "2025-06-10", {"revenue_room": 1000})])
        cls._stays_of(cls.ann, [("2025-05-13", "2025-05-15", {"revenue_room": 200})])
        cls.bob = cls._guest_with("Bob", [("2025-06-11", "2025-06-12", {"revenue_room": 500, "revenue_fnb": 100})])
        cls.cat = cls._guest_with(
            "Cat", [("2025-06-18", "2025-06-20", {"revenue_room": 300}), ("2024-01-08", "2024-01-10", {})]
        )
        cls.dan = cls._guest_with("Dan", [("2025-05-18", "2025-05-20", {"revenue_room": 400})])
        cls.eve = cls._guest_with("Eve", [("2025-04-29", "2025-05-01", {"revenue_room": 400})])
        cls.fay = cls._guest_with("Fay", [("2025-06-28", "2025-07-01", {"revenue_room": 700})])
        cls.gus = cls._guest_with("Gus", [("2025-06-05", "2025-06-07", {"revenue_room": 900, "state": "cancelled"})])
        cls.hal = cls._guest_with("Hal", [("2025-06-05", "2025-06-07", {"revenue_room": 800})], company=cls.property_b)

    @classmethod
    def _guest_with(cls, name, stays, company=None):
        guest = cls._guest(name)
        cls._stays_of(guest, stays, company=company)
        return guest

    @classmethod
    def _stays_of(cls, guest, stays, company=None):
        vals_list = []
        for arrival, departure, vals in stays:
            cls.ref_no += 1
            vals_list.append(
                {
                    "partner_id": guest.id,
                    "company_id": (company or cls.property_a).id,
                    "external_ref": f"KPI{cls.ref_no:05d}",
                    "arrival_date": arrival,
                    "departure_date": departure,
                    "state": "checked_out",
                    **vals,
                }
            )
        return cls.Stay.with_context(hotel_no_preference_service=True).create(vals_list)

    @classmethod
    def _sql(cls, query, *args):
        cls.env.flush_all()
        cls.env.cr.execute(SQL(query, *args))
        cls.env.invalidate_all()

    def _compute(self, company=None, period=JUNE, user=None, **kwargs):
        Snapshot = self.Snapshot.with_user(user or self.user_manager)
        company = self.property_a if company is None else company
        return Snapshot.compute_snapshot(period[0], period[1], company, **kwargs)

    def _line(self, snapshot, code):
        line = snapshot.line_ids.filtered(lambda line: line.kpi == code)
        self.assertEqual(len(line), 1, f"one line for {code}")
        return line
