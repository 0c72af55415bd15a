from odoo.tests import TransactionCase, tagged
from odoo.tools import html2plaintext


@tagged("post_install", "-at_install", "hotel_crm_demo")
class TestDemoData(TransactionCase):
    """The demo story, as a salesperson shows it: a hotel group, its guests and three years of stays.

    Runs on the demo database only (tools/run-tests runs nothing but TestInstall without demo data).
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.group = cls.env.ref("hotel_crm.demo_company_group")
        cls.properties = cls.env.ref("hotel_crm.demo_company_west_lake") | cls.env.ref("hotel_crm.demo_company_bund")
        cls.stays = cls.env["hotel.crm.stay"].search([("company_id", "in", cls.properties.ids)])
        cls.guests = cls.stays.partner_id

    def test_two_properties_of_one_group(self):
        self.assertEqual(self.group.name, "Jade Garden Hotel Group")
        self.assertEqual(self.properties.parent_id, self.group, "both properties belong to the group")
        self.assertEqual(set(self.properties.mapped("currency_id.name")), {"CNY"})
        self.assertEqual(set(self.stays.company_id.ids), set(self.properties.ids), "both properties have stays")

    def test_guests_and_stays(self):
        guests = self.env["res.partner"].search_count([("hotel_guest", "=", True)])
        self.assertTrue(70 <= guests <= 90, f"about 80 guests, found {guests}")
        self.assertTrue(all(self.guests.mapped("hotel_guest")))
        self.assertGreaterEqual(len(self.guests), 60, "most of them stayed")
        self.assertTrue(350 <= len(self.stays) <= 450, f"about 400 stays, found {len(self.stays)}")
        dates = self.stays.mapped("arrival_date")
        span = (max(dates) - min(dates)).days
        self.assertGreaterEqual(span, 2.5 * 365, f"the stays span {span} days")
        states = {
            state: len(self.stays.filtered(lambda s, st=state: s.state == st))
            for state in set(self.stays.mapped("state"))
        }
        self.assertGreater(states.get("checked_out", 0), 250, states)
        self.assertGreater(states.get("cancelled", 0), 5, states)
        self.assertGreater(states.get("no_show", 0), 0, states)
        self.assertGreater(states.get("booked", 0), 0, "future arrivals are booked")
        self.assertGreater(states.get("in_house", 0), 0, "guests are in house tonight")
        self.assertGreaterEqual(len(set(self.stays.mapped("channel"))), 5, "stays come through several channels")
        self.assertTrue(
            any(guest.hotel_stay_count >= 8 for guest in self.guests), "a loyal core comes back again and again"
        )
        self.assertTrue(any(guest.hotel_stay_count == 1 for guest in self.guests), "and one-time guests")

    def test_preferences(self):
        preferences = self.env["hotel.crm.preference"].search([("partner_id", "in", self.guests.ids)])
        self.assertGreaterEqual(len(preferences.partner_id), len(self.guests) // 2, "most guests have preferences")
        sensitive = preferences.filtered("sensitive")
        self.assertTrue(sensitive, "some preferences are sensitive")
        self.assertIn("allergy", sensitive.category_id.mapped("code"))

    def test_arrival_preparation_goes_to_guest_relations(self):
        guest_relations = self.env.ref("hotel_crm.demo_user_guest_relations")
        self.assertEqual(self.properties.hotel_preference_user_id, guest_relations)
        activities = self.env["mail.activity"].search(
            [
                ("res_model", "=", "hotel.crm.stay"),
                ("res_id", "in", self.stays.ids),
                ("activity_type_id", "=", self.env.ref("hotel_crm.mail_activity_type_hotel_preferences").id),
            ]
        )
        self.assertTrue(activities, "booked guests with preferences have their arrival prepared")
        self.assertEqual(activities.user_id, guest_relations, "not OdooBot")

    def test_complaints_tell_what_happened(self):
        complaints = self.env["hotel.crm.complaint"].search([("company_id", "in", self.properties.ids)])
        self.assertGreaterEqual(len(complaints), 10, "complaints at every stage")
        self.assertGreaterEqual(len(set(complaints.mapped("stage_id"))), 5)
        self.assertIn("critical", complaints.mapped("severity"), "and one crisis")
        self.assertFalse(
            complaints.filtered(lambda c: not html2plaintext(c.description or "").strip()),
            "each complaint has the guest's own words",
        )
