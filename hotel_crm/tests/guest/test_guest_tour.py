from odoo.tests import HttpCase, tagged


@tagged("post_install", "-at_install", "hotel_crm_guest")
class TestHotelCrmTour(HttpCase):
    def test_front_desk_tour(self):
        self.start_tour("/odoo", "hotel_crm_tour", login="admin")
        guest = self.env["res.partner"].search([("name", "=", "Tour Guest Lin")])
        self.assertEqual(len(guest), 1)
        self.assertTrue(guest.hotel_guest_code)
        self.assertEqual(guest.hotel_preference_ids.mapped("value"), ["Buckwheat pillow"])
        stay = self.env["hotel.crm.stay"].search([("external_ref", "=", "TOUR-001")])
        self.assertEqual(stay.partner_id, guest)
        self.assertEqual(stay.state, "in_house")
        self.assertIn("Buckwheat pillow", stay.arrival_notes)
