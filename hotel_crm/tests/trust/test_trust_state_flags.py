from odoo.exceptions import AccessError
from odoo.tests import TransactionCase, tagged

from .common import TrustCommon


@tagged("post_install", "-at_install", "hotel_crm_trust")
class TestTrustStateFlags(TrustCommon, TransactionCase):
    """Flags, stamps and states are the server's, whatever a client writes."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._trust_setup()
        cls.stages = {
            key: cls.env.ref(f"hotel_crm.complaint_stage_{key}") for key in ("received", "confirmed", "followup")
        }

    def _balance(self):
        self.guest.invalidate_recordset()
        return self.guest.hotel_points_balance

    def test_points_compensation_booked_once_whatever_the_client_writes(self):
        complaint = self.env["hotel.crm.complaint"].create(
            {"name": "Cold shower", "partner_id": self.guest.id, "company_id": self.west.id}
        )
        # the manager approves 300 points (above the front desk's cap)
        self.as_manager(complaint).write({"compensation_type": "points", "compensation_points": 300})
        before = self._balance()
        front = self.as_front(complaint)
        front.write({"stage_id": self.stages["followup"].id})
        self.assertEqual(self._balance(), before + 300, "the approved points are booked on resolution")
        for _round in range(3):
            with self.assertRaises(AccessError):
                front.write({"compensation_points_granted": False})
            front.write({"stage_id": self.stages["confirmed"].id})
            front.write({"stage_id": self.stages["followup"].id})
        self.assertTrue(complaint.compensation_points_granted)
        self.assertEqual(self._balance(), before + 300, "three more resolutions booked nothing more")
        moves = self.env["hotel.crm.points.move"].search(
            [("partner_id", "=", self.guest.id), ("move_type", "=", "bonus")]
        )
        self.assertEqual(moves.mapped("points"), [300])
        # nor can the client stamp the other flags of the flow
        for vals in ({"crisis_started": True}, {"escalation_level": 5}, {"sla_breached": True}, {"reference": "X-1"}):
            with self.subTest(vals=vals), self.assertRaises(AccessError):
                front.write(vals)

    def test_back_to_booked_is_a_manager_s_whatever_the_path(self):
        stay = self.stay_west
        self.as_front(stay).action_cancel()
        self.assertEqual(stay.state, "cancelled")
        with self.assertRaises(AccessError):
            self.as_front(stay).write({"state": "booked"})
        with self.assertRaises(AccessError):
            self.as_front(stay).action_reset_booked()
        self.assertEqual(stay.state, "cancelled")
        self.as_manager(stay).write({"state": "booked"})
        self.assertEqual(stay.state, "booked", "a manager corrects the stay's history")

    def test_import_stays_cannot_book_a_no_show_again(self):
        stay = self.stay_west
        self.as_front(stay).action_no_show()
        result = self.as_front(self.env["hotel.crm.stay"]).import_stays(
            [
                {
                    "external_ref": "TRUST-W-1",
                    "company_id": self.west.id,
                    "email": "mei.ling@trust.example.com",
                    "arrival_date": "2030-05-01",
                    "departure_date": "2030-05-03",
                    "state": "booked",
                }
            ]
        )
        self.assertEqual((result["created"], result["updated"]), (0, 0))
        self.assertEqual([e["row"] for e in result["errors"]], [1])
        self.assertIn("TRUST-W-1", result["errors"][0]["message"])
        self.assertEqual(stay.state, "no_show")

    def test_documented_transitions_still_work(self):
        stay = self.as_front(self.stay_west)
        stay.action_check_in()
        stay.action_check_out()
        self.assertEqual(stay.state, "checked_out")
        with self.assertRaises(AccessError):
            stay.write({"state": "in_house"})
        fresh = self.as_front(self.env["hotel.crm.stay"]).create(
            {
                "partner_id": self.guest.id,
                "external_ref": "TRUST-W-2",
                "arrival_date": "2030-07-01",
                "departure_date": "2030-07-02",
            }
        )
        fresh.write({"state": "checked_out"})  # a PMS feed reports a finished stay
        self.assertEqual(fresh.state, "checked_out")

    def test_lost_guest_won_back_by_the_life_cycle_only(self):
        loss = self.env["hotel.crm.guest.loss"].create({"partner_id": self.guest.id, "company_id": self.west.id})
        front = self.as_front(loss)
        front.action_analysed()
        self.assertEqual(loss.state, "analysed")
        with self.assertRaises(AccessError):
            front.write({"state": "won_back", "won_back_date": "2030-01-01"})
        front.action_reopen()
        self.assertEqual(loss.state, "open")

    def test_front_desk_cannot_merge_guests(self):
        twin = self.env["res.partner"].create(
            {"name": "Trust Mei Ling (2)", "hotel_guest": True, "email": "mei.ling@trust.example.com"}
        )
        wizard = self.as_front(self.env["base.partner.merge.automatic.wizard"]).create({})
        with self.assertRaises(AccessError):
            wizard._merge((self.guest | twin).ids, dst_partner=self.as_front(self.guest))
        self.assertTrue(twin.exists())
        self.assertEqual(self.stay_bund.partner_id, self.guest)
