from datetime import date, timedelta

from freezegun import freeze_time

from odoo import Command
from odoo.tests import new_test_user, tagged

from ..common import TODAY, TestValueCommon


@tagged("post_install", "-at_install", "hotel_crm_value")
class TestValueMultiCompany(TestValueCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company_b = cls.env["res.company"].create({"name": "Value Test Resort", "hotel_value_window_days": 30})

    @freeze_time(TODAY)
    def test_stays_of_all_properties_settings_of_the_company(self):
        guest = self._guest("Traveller", [(TODAY - timedelta(days=100), 1, 300.0)])
        self._stays(guest, [(TODAY - timedelta(days=10), 1, 200.0)], company=self.company_b)
        self._recompute(guest)
        self.assertEqual(guest.hotel_value_revenue, 500.0, "stays of every property count, with A's 365-day window")
        self.assertEqual(guest.hotel_value_stay_count, 2)
        self._recompute(guest, company=self.company_b)
        self.assertEqual(guest.hotel_value_revenue, 200.0, "B's 30-day window")

    def test_loss_records_per_property(self):
        guest = self._guest("Gone", [(date(2024, 1, 1), 1, 100.0), (date(2024, 2, 1), 1, 100.0)])
        with freeze_time("2024-02-10"):
            self._recompute(guest, company=self.company_b)
        with freeze_time("2025-06-01"):
            self._recompute(guest, company=self.company_b)
        loss = self._losses_sudo(guest)
        self.assertEqual(loss.company_id, self.company_b)
        user_a = new_test_user(
            self.env,
            login="value_user_a",
            groups="hotel_crm.hotel_crm_group_manager",
            company_id=self.company.id,
            company_ids=[Command.set(self.company.ids)],
        )
        user_b = new_test_user(
            self.env,
            login="value_user_b",
            groups="hotel_crm.hotel_crm_group_manager",
            company_id=self.company_b.id,
            company_ids=[Command.set(self.company_b.ids)],
        )
        Loss = self.env["hotel.crm.guest.loss"]
        self.assertFalse(Loss.with_user(user_a).search([("partner_id", "=", guest.id)]))
        self.assertEqual(Loss.with_user(user_b).search([("partner_id", "=", guest.id)]), loss)

    def _losses_sudo(self, guest):
        return self.env["hotel.crm.guest.loss"].search([("partner_id", "=", guest.id)])
