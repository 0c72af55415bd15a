from freezegun import freeze_time

from odoo.exceptions import UserError
from odoo.tests import tagged

from ..common import ComplaintCommon


@tagged("post_install", "-at_install", "hotel_crm_complaint")
class TestComplaintRecovery(ComplaintCommon):
    def _resolve(self, complaint, when):
        with freeze_time(when):
            complaint.stage_id = self.stages["followup"]

    def test_recovered_when_guest_stays_again(self):
        complaint = self._complaint(stay_id=self.stay.id)
        self._resolve(complaint, "2025-03-05 10:00:00")
        self.assertFalse(complaint.recovered)
        booked = self.env["hotel.crm.stay"].create(
            {
                "partner_id": self.guest.id,
                "company_id": self.company.id,
                "arrival_date": "2025-06-01",
                "departure_date": "2025-06-03",
                "state": "booked",
            }
        )
        self.assertFalse(complaint.recovered, "a booking is not a stay yet")
        booked.state = "in_house"
        booked.state = "checked_out"
        self.assertTrue(complaint.recovered, "the guest stayed again after the resolution")

    def test_recovery_window_and_order(self):
        self.company.hotel_complaint_recovery_days = 30
        complaint = self._complaint()
        self._resolve(complaint, "2025-03-05 10:00:00")
        self.env["hotel.crm.stay"].create(
            {
                "partner_id": self.guest.id,
                "company_id": self.company.id,
                "arrival_date": "2025-05-01",  # 57 days later: outside the window
                "departure_date": "2025-05-02",
                "state": "checked_out",
            }
        )
        self.assertFalse(complaint.recovered)
        self.company.hotel_complaint_recovery_days = 60
        self.assertTrue(complaint.recovered, "a wider window counts the stay")
        self.company.hotel_complaint_recovery_days = 30
        self.assertFalse(complaint.recovered)
        unresolved = self._complaint()
        self.assertFalse(unresolved.recovered, "an unresolved complaint is never recovered")
        self.env["hotel.crm.stay"].create(
            {
                "partner_id": self.guest.id,
                "company_id": self.company.id,
                "arrival_date": "2025-03-20",
                "departure_date": "2025-03-21",
                "state": "checked_out",
            }
        )
        self.assertTrue(complaint.recovered)
        self.assertFalse(unresolved.recovered)

    def test_satisfaction_and_compensation(self):
        complaint = self._complaint(compensation_type="refund", compensation_amount=200)
        self._resolve(complaint, "2025-03-05 10:00:00")
        followup = self.env.ref("hotel_crm.mail_activity_type_hotel_complaint_followup")
        self.assertTrue(complaint.activity_ids.filtered(lambda a: a.activity_type_id == followup))
        complaint.action_mark_satisfied()
        self.assertFalse(complaint.activity_ids.filtered(lambda a: a.activity_type_id == followup), "follow-up done")
        self.assertTrue(complaint.guest_satisfied)
        self.assertTrue(complaint.satisfaction_date)
        with self.assertRaises(UserError):
            complaint.action_grant_compensation()

    def test_points_compensation_hook(self):
        complaint = self._complaint(compensation_type="points", compensation_points=500)
        self._resolve(complaint, "2025-03-05 10:00:00")
        Move = self.env["hotel.crm.points.move"]
        moves = Move.search([("partner_id", "=", self.guest.id), ("move_type", "=", "bonus")])
        self.assertEqual(len(moves), 1)
        self.assertEqual(moves.points, 500)
        self.assertEqual((moves.origin_model, moves.origin_id), ("hotel.crm.complaint", complaint.id))
        self.assertEqual(moves.company_id, complaint.company_id)
        self.assertTrue(complaint.compensation_points_granted)
        all_moves = Move.search([("partner_id", "=", self.guest.id)])
        self.assertEqual(self.guest.hotel_points_balance, sum(all_moves.mapped("points")), "derived from the ledger")
        complaint._hotel_grant_compensation_points()
        complaint.write({"stage_id": self.stages["closed"].id, "judgement": "justified", "cause": "attitude"})
        self.assertEqual(
            Move.search_count([("partner_id", "=", self.guest.id), ("move_type", "=", "bonus")]), 1, "booked once"
        )
