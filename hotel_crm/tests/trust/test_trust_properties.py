"""Invariants checked on generated input (Hypothesis): each example runs in a savepoint rolled back
after it, so that no example sees another's records. Few examples, no deadline (the database
sets the pace), no example database on disk: the suite stays quick and leaves no files."""

from contextlib import contextmanager
from datetime import timedelta
from itertools import pairwise

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from odoo.exceptions import UserError
from odoo.tests import TransactionCase, tagged

from .common import TrustCommon

EXAMPLES = settings(
    max_examples=25,
    deadline=None,
    database=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
SEGMENT_RANK = {"none": 0, "small": 1, "ordinary": 2, "major": 3, "vip": 4}
CHANNELS = ["direct", "website", "phone", "ota", "travel_agency", "corporate", "walk_in", "group"]


class PropertyCase(TrustCommon, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._trust_setup()

    @contextmanager
    def _example(self):
        """One Hypothesis example: its records are rolled back at the end, its caches dropped."""
        savepoint = self.env.cr.savepoint()
        try:
            yield
        finally:
            savepoint.close(rollback=True)
            self.env.invalidate_all()


@tagged("post_install", "-at_install", "hotel_crm_trust")
class TestTrustLedgerProperties(PropertyCase):
    """Whatever the sequence of earnings, redemptions, corrections and expiries, the balance is the
    sum of the ledger and never negative; a refused move changes nothing."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.rewards = {
            cost: cls.env["hotel.crm.reward"].create(
                {"name": f"Trust reward {cost}", "category": "breakfast", "points_cost": cost}
            )
            for cost in (100, 700, 2500)
        }

    operations = st.lists(
        st.one_of(
            st.tuples(st.just("bonus"), st.integers(1, 5000)),
            st.tuples(st.just("adjust"), st.integers(-5000, 5000).filter(bool)),
            st.tuples(st.just("redeem"), st.sampled_from([100, 700, 2500])),
            st.tuples(st.just("expire"), st.integers(1, 5000)),
        ),
        min_size=1,
        max_size=12,
    )

    def _apply(self, guest, kind, amount):
        if kind == "redeem":
            guest.with_company(self.west)._hotel_points_redeem(self.rewards[amount])
            return -amount
        points = -amount if kind == "expire" else amount
        guest._hotel_points_grant(points, move_type=kind, reason=f"Trust {kind}", company_id=self.west.id)
        return points

    @EXAMPLES
    @given(operations=operations)
    def test_ledger_sums_to_balance(self, operations):
        with self._example():
            guest = self.env["res.partner"].create({"name": "Trust Ledger Guest", "hotel_guest": True})
            Move = self.env["hotel.crm.points.move"]
            expected = 0
            for kind, amount in operations:
                moves_before = Move.search_count([("partner_id", "=", guest.id)])
                try:
                    expected += self._apply(guest, kind, amount)
                except UserError:
                    # refused (the balance would go negative): nothing was written
                    self.assertEqual(Move.search_count([("partner_id", "=", guest.id)]), moves_before)
                    self.assertLess(expected + (-amount if kind in ("redeem", "expire") else amount), 0)
                guest.invalidate_recordset(["hotel_points_balance"])
                ledger = sum(Move.search([("partner_id", "=", guest.id)]).mapped("points"))
                self.assertEqual(guest.hotel_points_balance, ledger, f"after {kind} {amount}")
                self.assertEqual(guest.hotel_points_balance, expected, f"after {kind} {amount}")
                self.assertGreaterEqual(guest.hotel_points_balance, 0)


@tagged("post_install", "-at_install", "hotel_crm_trust", "hotel_crm_value")
class TestTrustSegmentProperties(PropertyCase):
    """For any set of guests, the value segments partition them: every guest in one segment, the
    shares adding up to 100 %, *none* exactly for the guests without revenue, and a guest never
    in a lower segment than one who spent less."""

    @EXAMPLES
    @given(revenues=st.lists(st.integers(0, 50_000), min_size=1, max_size=30))
    def test_segments_partition_the_guests(self, revenues):
        with self._example():
            today = self.west._hotel_today()
            Partner = self.env["res.partner"].with_context(mail_create_nolog=True)
            guests = Partner.create([{"name": f"Trust Segment {i}", "hotel_guest": True} for i in range(len(revenues))])
            self.env["hotel.crm.stay"].with_context(hotel_no_preference_service=True).create(
                [
                    {
                        "partner_id": guest.id,
                        "company_id": self.west.id,
                        "external_ref": f"TRUST-SEG-{guest.id}",
                        "arrival_date": today - timedelta(days=40),
                        "departure_date": today - timedelta(days=38),
                        "revenue_room": revenue,
                        "state": "checked_out",
                    }
                    for guest, revenue in zip(guests, revenues, strict=True)
                ]
            )
            guests.with_company(self.west).hotel_recompute_value(partner_ids=guests.ids)
            guests.invalidate_recordset()
            segments = guests.mapped("hotel_value_segment")
            shares = {seg: 100.0 * segments.count(seg) / len(segments) for seg in SEGMENT_RANK}
            self.assertAlmostEqual(sum(shares.values()), 100.0)
            for guest, revenue in zip(guests, revenues, strict=True):
                self.assertEqual(guest.hotel_value_segment == "none", revenue == 0, f"revenue {revenue}")
            ranked = sorted(zip(revenues, segments, strict=True), key=lambda pair: -pair[0])
            for (high, seg_high), (low, seg_low) in pairwise(ranked):
                if high > low:
                    self.assertGreaterEqual(
                        SEGMENT_RANK[seg_high], SEGMENT_RANK[seg_low], f"{high} in {seg_high}, {low} in {seg_low}"
                    )


@tagged("post_install", "-at_install", "hotel_crm_trust", "hotel_crm_guest")
class TestTrustImportProperties(PropertyCase):
    """Any batch of valid rows imports as given, and the same batch again changes nothing."""

    row = st.fixed_dictionaries(
        {
            "offset": st.integers(-400, 400),
            "nights": st.integers(1, 14),
            "channel": st.sampled_from(CHANNELS),
            "revenue_room": st.integers(0, 10**6).map(lambda cents: cents / 100),
            "guest": st.integers(0, 4),
        }
    )

    @EXAMPLES
    @given(specs=st.lists(row, min_size=1, max_size=8))
    def test_import_round_trip(self, specs):
        with self._example():
            today = self.west._hotel_today()
            rows = [
                {
                    "company_id": self.west.id,
                    "external_ref": f"TRUST-RT-{i}",
                    "arrival_date": (today + timedelta(days=spec["offset"])).isoformat(),
                    "departure_date": (today + timedelta(days=spec["offset"] + spec["nights"])).isoformat(),
                    "channel": spec["channel"],
                    "revenue_room": spec["revenue_room"],
                    "name": f"Trust Round Trip {spec['guest']}",
                    "email": f"round.trip.{spec['guest']}@trust.example.com",
                }
                for i, spec in enumerate(specs)
            ]
            Stay = self.as_front(self.env["hotel.crm.stay"])
            self.assertEqual(Stay.import_stays(rows), {"created": len(rows), "updated": 0, "errors": []})
            stays = self.env["hotel.crm.stay"].search([("external_ref", "like", "TRUST-RT-")])
            by_ref = {stay.external_ref: stay for stay in stays}
            self.assertEqual(len(by_ref), len(rows))
            for row in rows:
                stay = by_ref[row["external_ref"]]
                self.assertEqual(
                    (
                        stay.arrival_date.isoformat(),
                        stay.departure_date.isoformat(),
                        stay.channel,
                        stay.revenue_room,
                        stay.partner_id.email,
                        stay.company_id,
                    ),
                    (
                        row["arrival_date"],
                        row["departure_date"],
                        row["channel"],
                        row["revenue_room"],
                        row["email"],
                        self.west,
                    ),
                )
            self.assertEqual(len(stays.partner_id), len({spec["guest"] for spec in specs}), "one guest per e-mail")
            self.assertEqual(Stay.import_stays(rows), {"created": 0, "updated": 0, "errors": []})
