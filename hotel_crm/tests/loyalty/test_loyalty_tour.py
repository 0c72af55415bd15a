from odoo.tests import HttpCase, new_test_user, tagged


@tagged("post_install", "-at_install", "hotel_crm_loyalty")
class TestLoyaltyTour(HttpCase):
    def test_redeem_from_guest_form(self):
        new_test_user(self.env, login="loyalty_tour_desk", groups="hotel_crm.hotel_crm_group_user")
        guest = self.env["res.partner"].create({"name": "Tour Loyalty Guest", "hotel_guest": True})
        self.env["hotel.crm.stay"].create(
            {
                "partner_id": guest.id,
                "external_ref": "LOYTOUR1",
                "arrival_date": "2026-01-10",
                "departure_date": "2026-01-12",
                "revenue_room": 700,
                "state": "checked_out",
            }
        )
        reward = self.env["hotel.crm.reward"].create({"name": "Tour breakfast", "points_cost": 500})
        self.assertEqual(guest.hotel_points_balance, 700)
        self.start_tour(
            f"/odoo/action-hotel_crm.hotel_crm_guest_action/{guest.id}",
            "hotel_crm_loyalty_redeem_tour",
            login="loyalty_tour_desk",
        )
        redeem = guest.hotel_points_move_ids.filtered(lambda m: m.move_type == "redeem")
        self.assertEqual((redeem.points, redeem.reward_id), (-500, reward))
        self.assertEqual(guest.hotel_points_balance, 200)
