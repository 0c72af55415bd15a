from datetime import date, timedelta

from odoo.tests import TransactionCase, tagged

from ...models.value.res_partner import LIFECYCLE_STAGES, VALUE_SEGMENTS


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
class TestWebclientLossHistory(TransactionCase):
    """A first run over years of history dates each loss when it happened, values it, and does not
    bury guest relations under to-dos for guests who left long ago."""

    def test_losses_dated_valued_and_recent_ones_followed(self):
        company = self.env["res.company"].create({"name": "History Hotel", "hotel_churn_days": 365})
        relations = self.env["res.users"].create(
            {"name": "History Relations", "login": "wc_history_relations", "email": "rel@history.example"}
        )
        company.hotel_guest_relations_user_id = relations
        today = date.today()
        long_gone = self.env["res.partner"].create({"name": "Long Gone", "hotel_guest": True})
        just_left = self.env["res.partner"].create({"name": "Just Left", "hotel_guest": True})
        Stay = self.env["hotel.crm.stay"]
        for guest, departure, revenue in (
            (long_gone, today - timedelta(days=1000), 1500.0),
            (long_gone, today - timedelta(days=900), 2500.0),
            (just_left, today - timedelta(days=380), 800.0),
        ):
            Stay.create(
                {
                    "partner_id": guest.id,
                    "company_id": company.id,
                    "arrival_date": departure - timedelta(days=2),
                    "departure_date": departure,
                    "state": "checked_out",
                    "revenue_room": revenue,
                }
            )
        losses = self.env["hotel.crm.guest.loss"]._hotel_open_for(long_gone | just_left, company)
        old = losses.filtered(lambda loss: loss.partner_id == long_gone)
        new = losses - old
        self.assertEqual(old.churn_date, long_gone.hotel_last_stay_date + timedelta(days=365))
        self.assertLess(old.churn_date, today - timedelta(days=400), "dated when it happened, not today")
        self.assertEqual(old.revenue_lost, 4000.0, "the revenue of the year before leaving")
        self.assertFalse(old.activity_ids, "no overdue to-do for a guest who left years ago")
        self.assertEqual(new.revenue_lost, 800.0)
        self.assertEqual(len(new.activity_ids), 1, "a recent loss is followed up")


@tagged("post_install", "-at_install", "hotel_crm_webclient")
class TestWebclientDemoLoyaltyHistory(TransactionCase):
    """The demo's loyalty history happens over the years, not all on the install day."""

    def test_demo_moves_spread_over_time(self):
        if not self.env.ref("hotel_crm.demo_company_west_lake", raise_if_not_found=False):
            self.skipTest("needs the demo data")
        Move = self.env["hotel.crm.points.move"]
        today = date.today()
        redeemed = Move.search([("move_type", "=", "redeem")])
        self.assertGreater(len(redeemed), 5)
        self.assertGreater(len(set(redeemed.mapped("date"))), 3, "redemptions on several days")
        self.assertLess(min(redeemed.mapped("date")), today - timedelta(days=365), "some long ago")
        expired = Move.search([("move_type", "=", "expire")])
        self.assertTrue(expired)
        self.assertGreater(len(set(expired.mapped("date"))), 1, "expiries over time, not one day")
        # never a redemption before the guest had the points
        for move in redeemed:
            before = Move.search([("partner_id", "=", move.partner_id.id), ("date", "<=", move.date)])
            self.assertGreaterEqual(sum(before.mapped("points")), 0, f"{move.partner_id.name} on {move.date}")
