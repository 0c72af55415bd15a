from datetime import date, timedelta

from freezegun import freeze_time

from odoo import fields
from odoo.tests import TransactionCase, new_test_user, tagged

from ...models.value.res_partner import LIFECYCLE_STAGES, VALUE_SEGMENTS
from ..common import TestValueCommon


@tagged("post_install", "-at_install", "hotel_crm_webclient")
class TestWebclientRankedGraphs(TransactionCase):
    """The pyramid and the life-cycle funnel list their groups by rank, as graphs read them."""

    def _keys(self, model, field, domain=None):
        # a graph's call: no order, not lazy
        groups = self.env[model].read_group(domain or [], ["__count"], [field], lazy=False)
        return [g[field] for g in groups if g[field]]

    def _assert_ranked(self, keys, selection):
        rank = [code for code, _label in selection]
        self.assertGreaterEqual(len(keys), 3, f"enough groups to see an order: {keys}")
        self.assertEqual(keys, sorted(keys, key=rank.index), "groups in rank order, not alphabetical")

    def test_lifecycle_funnel_in_stage_order(self):
        keys = self._keys("res.partner", "hotel_lifecycle_stage", [("hotel_guest", "=", True)])
        self._assert_ranked(keys, LIFECYCLE_STAGES)

    def test_guest_segments_in_rank_order(self):
        keys = self._keys("res.partner", "hotel_value_segment", [("hotel_guest", "=", True)])
        self._assert_ranked(keys, VALUE_SEGMENTS)

    def test_pyramid_report_in_rank_order(self):
        keys = self._keys("hotel.crm.value.pyramid.report", "segment")
        self._assert_ranked(keys, VALUE_SEGMENTS)

    def test_explicit_order_still_obeyed(self):
        groups = self.env["res.partner"].read_group(
            [("hotel_guest", "=", True)],
            ["__count"],
            ["hotel_value_segment"],
            orderby="hotel_value_segment desc",
            lazy=False,
        )
        keys = [g["hotel_value_segment"] for g in groups if g["hotel_value_segment"]]
        self.assertEqual(keys, sorted(keys, reverse=True))


@tagged("post_install", "-at_install", "hotel_crm_webclient")
class TestWebclientStayMeasures(TransactionCase):
    """Stay measures count what their label says: cancelled and no-show stays are no nights stayed."""

    def test_nights_stayed_leave_out_cancelled_and_no_show(self):
        company = self.env["res.company"].create({"name": "Measure Hotel"})
        guest = self.env["res.partner"].create({"name": "Measure Guest", "hotel_guest": True})
        Stay = self.env["hotel.crm.stay"]
        stays = Stay
        for arrival, departure, state in (
            ("2025-01-01", "2025-01-04", "checked_out"),  # 3 nights stayed
            ("2025-02-01", "2025-02-03", "cancelled"),
            ("2025-03-01", "2025-03-06", "no_show"),
            ("2025-04-01", "2025-04-02", "in_house"),  # 1 night stayed
        ):
            stays |= Stay.create(
                {
                    "partner_id": guest.id,
                    "company_id": company.id,
                    "arrival_date": arrival,
                    "departure_date": departure,
                    "state": state,
                }
            )
        [[booked, stayed]] = Stay._read_group([("id", "in", stays.ids)], [], ["nights:sum", "nights_realised:sum"])
        self.assertEqual(booked, 11)
        self.assertEqual(stayed, 4)
        stays[1].state = "checked_out"
        self.assertEqual(stays[1].nights_realised, 2, "follows the stay's state")
        pivot = self.env.ref("hotel_crm.hotel_crm_stay_view_pivot").arch
        self.assertIn('name="nights_realised"', pivot)


@tagged("post_install", "-at_install", "hotel_crm_webclient")
class TestWebclientLossHistory(TestValueCommon):
    """A first run over years of history dates each stage and loss when it happened, values the
    losses, and does not bury guest relations under to-dos for guests who left long ago."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.relations = new_test_user(
            cls.env,
            login="wc_history_relations",
            groups="hotel_crm.hotel_crm_group_manager",
            email="rel@history.example",
        )
        cls.company.write({"hotel_guest_relations_user_id": cls.relations.id, "hotel_churn_days": 365})

    def _crafted_history(self):
        long_gone = self._guest("Long Gone", [(date(2023, 2, 28), 3, 1500.0), (date(2023, 5, 30), 2, 2500.0)])
        just_left = self._guest("Just Left", [(date(2025, 5, 8), 2, 800.0)])
        regular = self._guest("Regular", [(date(2026, m, 15), 1, 300.0) for m in (4, 5, 6)])
        return long_gone, just_left, regular

    @freeze_time("2026-06-30 10:00:00")
    def test_first_run_dates_transitions_when_they_happened(self):
        long_gone, just_left, regular = self._crafted_history()
        guests = long_gone | just_left | regular
        self.assertEqual(set(guests.mapped("hotel_lifecycle_stage")), {"prospect"}, "new guests, as in the demo")
        transitions = self._recompute(guests)
        self.assertEqual(transitions["churned"], (long_gone | just_left).ids)
        self.assertEqual(guests.mapped("hotel_lifecycle_stage"), ["churned", "churned", "loyal"])
        # churned the day after 365 days since the last departure, loyal since the third stay
        self.assertEqual(long_gone.hotel_lifecycle_date, date(2024, 6, 1))
        self.assertEqual(just_left.hotel_lifecycle_date, date(2026, 5, 11))
        self.assertEqual(regular.hotel_lifecycle_date, date(2026, 6, 15))

        Loss = self.env["hotel.crm.guest.loss"]
        old = Loss.search([("partner_id", "=", long_gone.id)])
        new = Loss.search([("partner_id", "=", just_left.id)])
        self.assertEqual(old.churn_date, date(2024, 6, 1), "the loss is dated when it happened, not today")
        self.assertEqual(new.churn_date, date(2026, 5, 11))
        self.assertEqual(old.revenue_lost, 4000.0, "the revenue of the year before leaving, not 0")
        self.assertEqual(new.revenue_lost, 800.0)
        company = self.company
        self.assertEqual(old.clv_lost, round(4000.0 * company.hotel_clv_margin_pct / 100 * company.hotel_clv_years, 2))
        self.assertGreater(old.clv_lost, 0)
        self.assertFalse(old.activity_ids, "no overdue to-do for a guest who left two years ago")
        self.assertEqual(len(new.activity_ids), 1, "a loss of the last weeks is followed up")
        self.assertEqual(new.activity_ids.user_id, self.relations)
        # the loss analysis (the list's sums) shows the lost revenue
        [[revenue, clv]] = Loss._read_group([("id", "in", (old | new).ids)], [], ["revenue_lost:sum", "clv_lost:sum"])
        self.assertEqual(revenue, 4800.0)
        self.assertGreater(clv, 0)

    def test_stage_date_never_after_the_run(self):
        long_gone = self._crafted_history()[0]
        with freeze_time("2024-05-31 10:00:00"):
            self._recompute(long_gone)
        self.assertEqual(long_gone.hotel_lifecycle_stage, "at_risk", "365 days since leaving: not churned yet")
        with freeze_time("2024-06-01 10:00:00"):
            self._recompute(long_gone)
        self.assertEqual(long_gone.hotel_lifecycle_stage, "churned")
        self.assertEqual(long_gone.hotel_lifecycle_date, date(2024, 6, 1), "the day it happened, the day of the run")
        with freeze_time("2026-06-30 10:00:00"):
            self._recompute(long_gone)
        self.assertEqual(long_gone.hotel_lifecycle_date, date(2024, 6, 1), "no transition: the date stays")


@tagged("post_install", "-at_install", "hotel_crm_webclient")
class TestWebclientExpiryHistory(TransactionCase):
    """An expiry run over a ledger with history dates each expiry the day the points lapsed."""

    @freeze_time("2026-06-30 10:00:00")
    def test_history_expires_each_lapse_on_its_day(self):
        company = self.env["res.company"].create({"name": "Ledger Hotel"})
        guest = self.env["res.partner"].create({"name": "Ledger Guest", "hotel_guest": True})
        Move = self.env["hotel.crm.points.move"].with_company(company)
        for points, move_type, day in (
            (1000, "bonus", date(2022, 1, 10)),
            (500, "bonus", date(2023, 3, 1)),
            (-300, "adjust", date(2023, 6, 1)),
            (400, "bonus", date(2025, 1, 5)),  # not two years old yet
        ):
            guest._hotel_points_grant(points, move_type, reason="history", company_id=company.id, date=day)
        self.assertEqual(Move._hotel_points_expire_history(), 2)
        expired = Move.search([("partner_id", "=", guest.id), ("move_type", "=", "expire")], order="date")
        self.assertEqual(
            [(move.date, move.points) for move in expired],
            [(date(2024, 1, 10), -700), (date(2025, 3, 1), -500)],
            "each lapse on its day: 1000 less the 300 used, then the 500 of 2023-03-01",
        )
        self.assertEqual(guest.hotel_points_balance, 400)
        self.assertEqual(Move._hotel_points_expire_history(), 0, "run again: nothing expires twice")


@tagged("post_install", "-at_install", "hotel_crm_webclient")
class TestWebclientDemoLoyaltyHistory(TransactionCase):
    """The demo's loyalty history happens over the years, month by month, not all on the install day."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.west_lake = cls.env.ref("hotel_crm.demo_company_west_lake")
        cls.Move = cls.env["hotel.crm.points.move"]
        cls.moves = cls.Move.search([("partner_id.hotel_guest", "=", True)])
        cls.today = cls.west_lake._hotel_today()

    def _months(self, moves):
        return {(day.year, day.month) for day in moves.mapped("date")}

    def test_moves_in_most_months(self):
        first = min(self.moves.mapped("date"))
        history, day = set(), first
        while day <= self.today:
            history.add((day.year, day.month))
            day = fields.Date.add(day, months=1)
        self.assertGreaterEqual(len(history), 30, "three years of history")
        for move_type, share in (("redeem", 0.6), ("earn", 0.8)):
            months = self._months(self.moves.filtered(lambda m, t=move_type: m.move_type == t))
            self.assertGreaterEqual(
                len(months & history), share * len(history), f"{move_type} moves in most months: {sorted(months)}"
            )
        redeemed = self.moves.filtered(lambda m: m.move_type == "redeem")
        today_share = -sum(redeemed.filtered(lambda m: m.date == self.today).mapped("points"))
        self.assertLess(today_share, -0.05 * sum(redeemed.mapped("points")), "not all spent on install day")
        # never a redemption before the guest had the points
        for move in redeemed:
            before = self.moves.filtered(lambda m, mv=move: m.partner_id == mv.partner_id and m.date <= mv.date)
            self.assertGreaterEqual(sum(before.mapped("points")), 0, f"{move.partner_id.name} on {move.date}")

    def test_expired_per_year_at_most_issued(self):
        expired = self.moves.filtered(lambda m: m.move_type == "expire")
        self.assertGreater(len(self._months(expired)), 3, "expiries over the months, not on one day")
        for year in sorted({day.year for day in self.moves.mapped("date")}):
            of_year = self.moves.filtered(lambda m, y=year: m.date.year == y)
            issued = sum(of_year.filtered(lambda m: m.points > 0).mapped("points"))
            lapsed = -sum(of_year.filtered(lambda m: m.move_type == "expire").mapped("points"))
            self.assertLessEqual(lapsed, issued, f"{year}: {lapsed} points expired, {issued} issued")
        # each expiry on the day the points turned two years old
        months = self.Move._hotel_loyalty_param("expiry_months")
        for move in expired.filtered(lambda m: m.date < self.today):
            cutoff = fields.Date.subtract(move.date, months=months)
            given = self.moves.filtered(
                lambda m, mv=move, c=cutoff: (
                    m.partner_id == mv.partner_id and m.points > 0 and c - timedelta(days=3) <= m.date <= c
                )
            )
            self.assertTrue(given, f"{move.partner_id.name}'s expiry of {move.date}: points given on {cutoff}")


@tagged("post_install", "-at_install", "hotel_crm_webclient")
class TestWebclientDemoLosses(TransactionCase):
    """The demo's lost guests lost something, when they left, and leave guest relations few to-dos."""

    def test_demo_losses(self):
        today = self.env.ref("hotel_crm.demo_company_west_lake")._hotel_today()
        losses = self.env["hotel.crm.guest.loss"].search([])
        self.assertGreater(len(losses), 10)
        self.assertFalse(losses.filtered(lambda loss: loss.revenue_lost <= 0), "every lost guest lost revenue")
        self.assertGreater(len(set(losses.mapped("churn_date"))), len(losses) // 2, "each dated when it happened")
        churned = losses.partner_id.filtered(lambda p: p.hotel_lifecycle_stage == "churned")
        self.assertTrue(churned)
        on_install_day = churned.filtered(lambda p: p.hotel_lifecycle_date == today)
        self.assertLessEqual(len(on_install_day), 1, "churned when they left, not on the install day")
        self.assertEqual(
            {loss.partner_id: loss.churn_date for loss in losses if loss.partner_id in churned},
            {guest: guest.hotel_lifecycle_date for guest in churned},
            "the loss is dated as the stage",
        )
        followed = losses.filtered("activity_ids")
        self.assertLess(len(followed), len(losses) / 2, "to-dos for the recent losses only")
        for loss in followed:
            self.assertGreaterEqual(loss.churn_date, today - timedelta(days=90))
