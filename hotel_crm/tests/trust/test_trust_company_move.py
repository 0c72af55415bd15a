from odoo.exceptions import AccessError, UserError
from odoo.tests import TransactionCase, tagged

from .common import TrustCommon


@tagged("post_install", "-at_install", "hotel_crm_trust")
class TestTrustCompanyMove(TrustCommon, TransactionCase):
    """A record is never moved out of its user's reach, nor away from its ledger."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._trust_setup()

    def test_west_lake_user_cannot_move_a_stay_to_the_bund(self):
        with self.assertRaises(AccessError):
            self.as_front(self.stay_west).write({"company_id": self.bund.id})
        self.assertEqual(self.stay_west.company_id, self.west)
        self.assertIn(self.stay_west, self.as_front(self.env["hotel.crm.stay"]).search([]))

    def test_stay_with_points_stays_at_its_property(self):
        stay = self.as_manager(self.stay_west)
        stay.action_check_in()
        stay.write({"revenue_room": 1000})
        stay.action_check_out()
        earned = self.env["hotel.crm.points.move"].search([("stay_id", "=", self.stay_west.id)])
        self.assertTrue(earned, "the stay earned points at West Lake")
        with self.assertRaises(UserError):
            stay.write({"company_id": self.bund.id})
        self.assertEqual(self.stay_west.company_id, self.west)
        self.assertEqual(earned.company_id, self.west)

    def test_manager_of_both_moves_a_booked_stay(self):
        self.as_manager(self.stay_west).write({"company_id": self.bund.id})
        self.assertEqual(self.stay_west.company_id, self.bund)

    def test_other_records_with_a_property(self):
        complaint = self.env["hotel.crm.complaint"].create(
            {"name": "Noisy", "partner_id": self.guest.id, "company_id": self.west.id}
        )
        improvement = self.env["hotel.crm.improvement"].create({"name": "Quiet floors", "company_id": self.west.id})
        loss = self.env["hotel.crm.guest.loss"].create({"partner_id": self.guest.id, "company_id": self.west.id})
        for record in (complaint, improvement, loss):
            with self.subTest(model=record._name), self.assertRaises(AccessError):
                self.as_front(record).write({"company_id": self.bund.id})
            self.assertEqual(record.company_id, self.west)
        line = complaint.checklist_ids[:1]
        self.assertTrue(line, "the complaint has its handling checklist")
        with self.assertRaises(AccessError):
            self.as_front(line).write({"company_id": self.bund.id})
        self.assertEqual(complaint.company_id, self.west, "not moved through its checklist either")
        reward = self.env["hotel.crm.reward"].create(
            {"name": "Trust late check-out", "points_cost": 100, "company_id": self.west.id}
        )
        outsider = self.env["res.company"].create({"name": "Trust Elsewhere"})
        with self.assertRaises(AccessError):
            self.as_manager(reward).write({"company_id": outsider.id})
        self.assertEqual(reward.company_id, self.west)
