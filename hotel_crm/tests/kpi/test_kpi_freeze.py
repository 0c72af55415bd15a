from datetime import date

from freezegun import freeze_time
from psycopg2 import IntegrityError

from odoo.exceptions import UserError
from odoo.tests import Form, tagged
from odoo.tools import mute_logger

from .common import JUNE, KpiCommon


@tagged("post_install", "-at_install", "hotel_crm_kpi")
class TestKpiVersions(KpiCommon):
    def test_recompute_keeps_old_version(self):
        first = self._compute()
        self.assertEqual((first.version, first.is_current, first.frozen), (1, True, False))
        # a late check-out recorded afterwards: a new guest in June
        self._guest_with("Ivy", [("2025-06-25", "2025-06-27", {"revenue_room": 100})])
        second = self._compute()
        self.assertEqual((second.version, second.is_current), (2, True))
        self.assertFalse(first.is_current, "the previous version is kept, no longer current")
        self.assertEqual(first.active_guests, 3, "the old version keeps its figures")
        self.assertEqual(second.active_guests, 4)
        self.assertEqual(self._line(first, "active_guests").value, 3)
        self.assertFalse(self._line(first, "active_guests").is_current)
        current = self.Snapshot.search(
            [("company_id", "=", self.property_a.id), ("date_from", "=", JUNE[0]), ("is_current", "=", True)]
        )
        self.assertEqual(current, second)

    def test_frozen_period_stays_frozen(self):
        frozen = self._compute(freeze=True)
        self.assertTrue(frozen.frozen)
        restated = self._compute()
        self.assertTrue(restated.frozen, "a recomputation of a frozen month is frozen too")
        self.assertEqual(restated.version, 2)
        with self.assertRaises(UserError):
            frozen.sudo().unlink()
        self.assertTrue(frozen.exists())

    def test_recompute_button(self):
        first = self._compute()
        action = first.with_user(self.user_manager).action_recompute()
        second = self.Snapshot.browse(action["res_id"])
        self.assertEqual(second.version, 2)
        self.assertEqual(second.computed_by_id, self.user_manager)


@tagged("post_install", "-at_install", "hotel_crm_kpi")
class TestKpiFreezeCron(KpiCommon):
    def _frozen(self, company, month_from):
        return self.Snapshot.sudo().search(
            [("company_id", "=", company.id), ("date_from", "=", month_from), ("frozen", "=", True)]
        )

    def test_cron_freezes_closed_month_in_property_time_zone(self):
        self.property_b.hotel_tz = "America/Los_Angeles"
        # 1 July 02:00 UTC: 10:00 on 1 July in Shanghai, still 30 June (19:00) in Los Angeles
        with freeze_time("2025-07-01 02:00:00"):
            self.Snapshot._cron_freeze_closed_months()
        june_a = self._frozen(self.property_a, date(2025, 6, 1))
        self.assertEqual(len(june_a), 1)
        self.assertEqual((june_a.date_to, june_a.active_guests), (date(2025, 6, 30), 3))
        self.assertFalse(self._frozen(self.property_b, date(2025, 6, 1)), "June not closed in Los Angeles")
        self.assertEqual(len(self._frozen(self.property_b, date(2025, 5, 1))), 1, "its closed month is May")
        self.assertFalse(
            self._frozen(self.env["res.company"], date(2025, 6, 1)),
            "the group's June closes when it has closed everywhere",
        )
        with freeze_time("2025-07-01 13:00:00"):
            self.Snapshot._cron_freeze_closed_months()
            self.Snapshot._cron_freeze_closed_months()
        self.assertEqual(len(self._frozen(self.property_a, date(2025, 6, 1))), 1, "frozen once, not again")
        self.assertEqual(len(self._frozen(self.property_b, date(2025, 6, 1))), 1)
        self.assertEqual(len(self._frozen(self.env["res.company"], date(2025, 6, 1))), 1)

    def test_cron_is_registered(self):
        cron = self.env.ref("hotel_crm.ir_cron_hotel_kpi_freeze")
        self.assertEqual(cron.code.strip(), "model._cron_freeze_closed_months()")
        self.assertTrue(cron.active)


@tagged("post_install", "-at_install", "hotel_crm_kpi")
class TestKpiComputeWizard(KpiCommon):
    def test_manager_computes_a_month_from_the_menu(self):
        wizard = Form(self.env["hotel.crm.kpi.compute"].with_user(self.user_manager).with_company(self.property_a))
        self.assertEqual(wizard.company_id, self.property_a)
        wizard.date_from = date(2025, 6, 1)
        wizard.date_to = date(2025, 6, 30)
        action = wizard.save().action_compute()
        snapshot = self.Snapshot.browse(action["res_id"])
        self.assertEqual((snapshot.company_id, snapshot.active_guests, snapshot.version), (self.property_a, 3, 1))

    def test_spend_month_is_its_first_day(self):
        spend = (
            self.env["hotel.crm.marketing.spend"]
            .with_user(self.user_manager)
            .create({"company_id": self.property_a.id, "date": "2025-06-17", "amount": 100})
        )
        self.assertEqual(spend.date, date(2025, 6, 1))
        with self.assertRaises(IntegrityError), mute_logger("odoo.sql_db"), self.env.cr.savepoint():
            spend.copy({"date": "2025-06-30"})
