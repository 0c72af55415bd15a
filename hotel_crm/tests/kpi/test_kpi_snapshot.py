from datetime import date

from odoo.exceptions import AccessError, UserError
from odoo.tests import new_test_user, tagged

from .common import JUNE, KpiCommon


@tagged("post_install", "-at_install", "hotel_crm_kpi")
class TestKpiGuests(KpiCommon):
    def test_guest_figures(self):
        snapshot = self._compute()
        self.assertEqual(snapshot.company_id, self.property_a)
        self.assertEqual((snapshot.date_from, snapshot.date_to), JUNE)
        figures = snapshot.hotel_kpi_values()
        self.assertEqual(figures["stays"]["value"], 3, "Ann, Bob, Cat: Fay leaves in July, Gus cancelled, Hal at B")
        self.assertEqual(snapshot.active_guests, 3)
        self.assertEqual(snapshot.new_guests, 1, "only Bob's first checked-out stay ever is in June")
        self.assertAlmostEqual(snapshot.repeat_rate, 200 / 3, places=6)
        # previous 30 days: 2 to 31 May: Ann and Dan (Eve left on 1 May); Ann came back
        self.assertEqual(figures["retention_rate"]["sample_size"], 2)
        self.assertAlmostEqual(snapshot.retention_rate, 50.0, places=6)
        self.assertAlmostEqual(figures["revenue"]["value"], 1900.0, places=2)
        self.assertAlmostEqual(snapshot.revenue_per_guest, 1900 / 3, places=6)
        # top 20 % of 3 guests, rounded up: 1 guest, Ann's 1,000 of 1,900
        self.assertAlmostEqual(snapshot.top20_revenue_share, 100000 / 1900, places=6)
        # margins room 60 %, F&B 20 %: 600 + 300 + 20 + 180
        self.assertAlmostEqual(figures["profit_contribution"]["value"], 1100.0, places=2)

    def test_top20_share_odd_counts(self):
        """7 guests: the top 20 % rounded up are 2 (1.4 → 2); 5 guests: exactly 1."""
        for i in range(1, 7):
            self._guest_with(f"June {i}", [("2025-06-02", "2025-06-03", {"revenue_room": 100 * i})], self.property_b)
        for i in range(1, 6):
            self._guest_with(f"July {i}", [("2025-07-08", "2025-07-10", {"revenue_room": 100 * i})], self.property_b)
        june = self._compute(self.property_b)
        self.assertEqual(june.active_guests, 7, "the six and Hal")
        # Hal's 800 and 600 of 2,100 + 800
        self.assertAlmostEqual(june.top20_revenue_share, 140000 / 2900, places=6)
        july = self._compute(self.property_b, period=(date(2025, 7, 1), date(2025, 7, 31)))
        self.assertEqual(july.active_guests, 5)
        self.assertAlmostEqual(july.top20_revenue_share, 50000 / 1500, places=6, msg="the top one: 500 of 1,500")

    def test_small_sample_flags(self):
        snapshot = self._compute()
        repeat = self._line(snapshot, "repeat_rate")
        self.assertTrue(repeat.small_sample, "3 guests, fewer than the default 30")
        self.assertFalse(self._line(snapshot, "active_guests").small_sample, "a count is never a sample")
        self.assertIn("3", repeat.display_value)
        self.property_a.hotel_kpi_min_sample = 3
        snapshot = self._compute()
        self.assertEqual(snapshot.min_sample, 3)
        self.assertFalse(self._line(snapshot, "repeat_rate").small_sample, "3 guests, not fewer than 3")
        self.assertTrue(self._line(snapshot, "retention_rate").small_sample, "2 guests of May")

    def test_average_clv_and_churn(self):
        self._sql("UPDATE res_partner SET hotel_clv = 300 WHERE id = %s", self.ann.id)
        self._sql("UPDATE res_partner SET hotel_clv = 100 WHERE id = %s", self.bob.id)
        self._sql("UPDATE res_partner SET hotel_clv = NULL WHERE id = %s", self.cat.id)
        Loss = self.env["hotel.crm.guest.loss"].sudo()
        Loss.create({"partner_id": self.dan.id, "company_id": self.property_a.id, "churn_date": "2025-06-15"})
        Loss.create({"partner_id": self.eve.id, "company_id": self.property_a.id, "churn_date": "2025-07-01"})
        Loss.create({"partner_id": self.hal.id, "company_id": self.property_b.id, "churn_date": "2025-06-15"})
        snapshot = self._compute()
        clv = self._line(snapshot, "clv_avg")
        self.assertAlmostEqual(clv.value, 200.0, places=2, msg="Ann and Bob; Cat has no lifetime value yet")
        self.assertEqual(clv.sample_size, 2)
        self.assertEqual(snapshot.churned_guests, 1, "Dan churned in June at A; Eve in July, Hal at B")

    def test_acquisition_cost(self):
        snapshot = self._compute()
        cost = self._line(snapshot, "acquisition_cost")
        self.assertTrue(cost.available)
        self.assertIs(cost.value, False, "no spend entered: no figure, not a cost of 0")
        self.assertEqual(cost.display_value, "No data")
        spend = self.env["hotel.crm.marketing.spend"].with_user(self.user_manager)
        spend.create({"company_id": self.property_a.id, "date": "2025-06-17", "amount": 450.0})
        spend.create({"company_id": self.property_a.id, "date": "2025-07-01", "amount": 999.0})
        snapshot = self._compute()
        self.assertAlmostEqual(self._line(snapshot, "acquisition_cost").value, 450.0, places=2, msg="450 ÷ Bob")
        with self.assertRaises(AccessError):
            spend.with_user(self.user_front).create(
                {"company_id": self.property_a.id, "date": "2025-05-01", "amount": 1}
            )

    def test_campaign_not_available(self):
        """No campaign source: shown as not available, never as 0."""
        Campaign = self.env.get("hotel.crm.campaign")
        has_source = Campaign is not None and hasattr(Campaign, "hotel_kpi_campaign_figures")
        snapshot = self._compute()
        for code in ("campaign_responses", "campaign_revenue"):
            line = self._line(snapshot, code)
            self.assertEqual(line.available, has_source)
            if not has_source:
                self.assertIs(line.value, False)
                self.assertEqual(line.display_value, "Not available")
                self.assertIsNone(snapshot.hotel_kpi_values()[code]["value"])

    def test_group_wide(self):
        snapshot = self._compute(company=False, user=self.env.user)
        self.assertFalse(snapshot.company_id)
        self.assertEqual(snapshot.covered_company_ids, self.env["res.company"].search([]))
        self.assertGreaterEqual(snapshot.active_guests, 4, "Ann, Bob, Cat at A and Hal at B (and demo guests)")
        own = self.Snapshot.sudo().search_count([("id", "=", snapshot.id), ("company_id", "=", False)])
        self.assertEqual(own, 1)

    def test_bad_input(self):
        with self.assertRaises(UserError):
            self._compute(period=(date(2025, 6, 30), date(2025, 6, 1)))
        with self.assertRaises(UserError):
            self._compute(period=("June", "2025-06-30"))
        with self.assertRaises(UserError):
            self._compute(company=999999999)
        with self.assertRaises(AccessError):
            self._compute(user=self.user_front)
        self.assertFalse(self.Snapshot.sudo().search([("company_id", "=", self.property_a.id)]))


@tagged("post_install", "-at_install", "hotel_crm_kpi")
class TestKpiAccess(KpiCommon):
    def test_snapshots_never_written_by_users(self):
        snapshot = self._compute()
        as_manager = snapshot.with_user(self.user_manager)
        with self.assertRaises(AccessError):
            as_manager.write({"active_guests": 99})
        with self.assertRaises(AccessError):
            as_manager.unlink()
        with self.assertRaises(AccessError):
            self.Snapshot.with_user(self.user_manager).create(
                {"company_id": self.property_a.id, "date_from": "2025-06-01", "date_to": "2025-06-30"}
            )
        with self.assertRaises(AccessError):
            as_manager.line_ids[:1].write({"value": 1.0})
        with self.assertRaises(UserError):
            snapshot.sudo().write({"active_guests": 99})
        self.assertEqual(snapshot.active_guests, 3)

    def test_record_rules(self):
        snap_a = self._compute()
        snap_b = self._compute(self.property_b)
        group = self._compute(company=False, user=self.env.user)
        front = self.Snapshot.with_user(self.user_front)
        self.assertEqual(front.search([("id", "in", (snap_a | snap_b | group).ids)]), snap_a)
        self.assertEqual(
            self.env["hotel.crm.kpi.snapshot.line"]
            .with_user(self.user_front)
            .search_count([("snapshot_id", "in", (snap_b | group).ids)]),
            0,
        )
        # the manager sees A and B, but not the group's figures: they cover properties beyond A and B
        manager = self.Snapshot.with_user(self.user_manager).with_context(allowed_company_ids=self.properties.ids)
        self.assertEqual(manager.search([("id", "in", (snap_a | snap_b | group).ids)]), snap_a | snap_b)
        # a user of every property sees them
        everywhere = new_test_user(
            self.env,
            login="hc_kpi_all",
            groups="base.group_user,hotel_crm.hotel_crm_group_manager",
            company_id=self.property_a.id,
            company_ids=[(6, 0, self.env["res.company"].search([]).ids)],
        )
        everyone = self.Snapshot.with_user(everywhere).with_context(allowed_company_ids=everywhere.company_ids.ids)
        self.assertIn(group, everyone.search([("id", "in", group.ids)]))
