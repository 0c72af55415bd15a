import math

from odoo import http
from odoo.exceptions import UserError, ValidationError
from odoo.tests import HttpCase, new_test_user, tagged

from ..common import HotelCrmCommon

MEGABYTE = "x" * (1 << 20)


@tagged("post_install", "-at_install", "hotel_crm_identity")
class TestIdentityInput(HotelCrmCommon):
    """Bad values sent to public model methods (as JSON-RPC would) get a clear error naming the
    record and the field, and change nothing."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.guest = cls._guest("Input Guest")
        cls.stay = cls._stay(cls.guest, "2025-03-01", "2025-03-03", state="booked", adults=2)

    def _stay_as_front(self):
        return self.stay.with_user(self.user_front).with_context(allowed_company_ids=self.property_a.ids)

    def assertRefused(self, call, *needles):
        with self.assertRaises(ValidationError) as caught:
            call()
        for needle in needles:
            self.assertIn(needle, str(caught.exception))

    def test_write_refuses_bad_values_and_changes_nothing(self):
        stay = self._stay_as_front()
        cases = [
            ({"channel": ["ota"]}, "Channel"),
            ({"channel": {"x": 1}}, "Channel"),
            ({"adults": math.nan}, "Adults"),
            ({"adults": math.inf}, "Adults"),
            ({"adults": 10**12}, "Adults"),
            ({"revenue_room": "NaN"}, "Room Revenue"),
            ({"revenue_room": float("-inf")}, "Room Revenue"),
            ({"arrival_date": "2025-03-01T23:30:00+08:00"}, "Arrival"),
            ({"arrival_date": "2025-02-30"}, "Arrival"),
            ({"company_id": math.inf}, "Property"),
            ({"company_id": "1"}, "Property"),
            ({"partner_id": 2**31 - 1}, "Guest"),
            ({"room_type": MEGABYTE}, "Room Type"),
        ]
        for vals, label in cases:
            with self.subTest(vals=str(vals)[:60]):
                self.assertRefused(lambda vals=vals: stay.write(vals), self.stay.display_name, label)
        self.stay.invalidate_recordset()
        self.assertEqual(
            (self.stay.adults, self.stay.channel, str(self.stay.arrival_date), self.stay.company_id),
            (2, self.stay.channel, "2025-03-01", self.property_a),
            "nothing was written",
        )

    def test_create_refuses_bad_values(self):
        Stay = self.Stay.with_user(self.user_front).with_context(allowed_company_ids=self.property_a.ids)
        before = self.Stay.search_count([])
        vals = {"partner_id": self.guest.id, "arrival_date": "2025-05-01", "departure_date": "2025-05-02"}
        self.assertRefused(lambda: Stay.create([vals, {**vals, "children": math.nan}]), "new Hotel Stay", "Children")
        self.assertEqual(self.Stay.search_count([]), before, "the good row of the batch is not half-written either")

    def test_guest_fields_on_the_partner(self):
        guest = self.guest.with_user(self.user_front)
        self.assertRefused(lambda: guest.write({"hotel_birthday": "1990-03-05junk"}), "Input Guest", "Birthday")
        self.assertRefused(
            lambda: self.env["res.partner"].create({"name": "Big", "hotel_guest": True, "hotel_consent_sms": [1]}),
            "SMS Consent",
        )
        self.assertFalse(self.guest.hotel_birthday)

    def test_preference_value_length(self):
        Pref = self.env["hotel.crm.preference"].with_user(self.user_front)
        self.assertRefused(
            lambda: Pref.create(
                {"partner_id": self.guest.id, "category_id": self.category["pillow"].id, "value": MEGABYTE}
            ),
            "Value",
            "1048576 characters",
        )

    def test_points_wizard(self):
        Adjust = self.env["hotel.crm.points.adjust"].with_user(self.user_manager)
        self.assertRefused(
            lambda: Adjust.create({"partner_id": self.guest.id, "points": math.nan, "reason": "x"}), "Points"
        )
        wizard = Adjust.create({"partner_id": self.guest.id, "points": 10**7, "reason": "Typo"})
        with self.assertRaisesRegex(UserError, "Points"):
            wizard.action_apply()
        self.assertEqual(self.guest.hotel_points_balance, 0)
        foreign = self.env["res.company"].create({"name": "Test Foreign Hotel"})
        wizard = Adjust.create({"partner_id": self.guest.id, "points": 10, "reason": "x", "company_id": foreign.id})
        with self.assertRaisesRegex(UserError, "Property"):
            wizard.action_apply()
        self.assertFalse(self.env["hotel.crm.points.move"].search([("partner_id", "=", self.guest.id)]))

    def test_recompute_value_arguments(self):
        Partner = self.env["res.partner"].with_user(self.user_manager)
        for bad in (["1"], [math.nan], "1,2", [2**40], [True]):
            with self.subTest(bad=bad), self.assertRaisesRegex(UserError, "partner_ids"):
                Partner.hotel_recompute_value(partner_ids=bad)

    def test_mail_alias_shortens_and_survives_a_bad_date(self):
        Complaint = self.env["hotel.crm.complaint"].with_context(mail_create_nolog=True)
        complaint = Complaint.message_new(
            {
                "subject": "Broken " + MEGABYTE,
                "email_from": "Guest <guest.alias@example.com>",
                "body": "<p>The heating is broken.</p>",
                "date": "not a date",
            },
            custom_values={"company_id": self.property_a.id},
        )
        self.assertEqual(len(complaint.name), 200)
        self.assertTrue(complaint.name.startswith("Broken xxx"))
        self.assertTrue(complaint.date_received)


@tagged("post_install", "-at_install", "hotel_crm_identity")
class TestIdentityPortalInput(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.portal = new_test_user(cls.env, login="id_portal", password="id_portal_pw", groups="base.group_portal")
        cls.portal.partner_id.hotel_guest = True
        # a stay of their own: the form then offers the stay list (and shows its errors)
        cls.env["hotel.crm.stay"].create(
            {
                "partner_id": cls.portal.partner_id.id,
                "arrival_date": "2025-03-01",
                "departure_date": "2025-03-03",
                "state": "checked_out",
            }
        )

    def _file(self, data):
        return self.url_open("/my/complaints/new", data=dict(data, csrf_token=http.Request.csrf_token(self)))

    def test_portal_form_refuses_bad_input_and_creates_nothing(self):
        self.authenticate("id_portal", "id_portal_pw")
        Complaint = self.env["hotel.crm.complaint"].sudo()
        cases = [
            ({"name": "A" * 5000}, "under 200 characters"),
            ({"name": "Cold", "description": MEGABYTE}, "under 20000 characters"),
            ({"name": "Cold", "stay_id": "99999999999999999999"}, "not one of yours"),
            ({"name": "Cold", "stay_id": "inf"}, "not one of yours"),
            ({"name": "Cold", "category_id": "-1"}, "choose a topic"),
        ]
        for data, message in cases:
            with self.subTest(data=str(data)[:60]):
                response = self._file(data)
                self.assertEqual(response.status_code, 200)
                self.assertIn(message, response.text)
        self.assertFalse(Complaint.search([("partner_id", "=", self.portal.partner_id.id)]))
        response = self._file({"name": "Cold shower"})
        self.assertEqual(Complaint.search([("partner_id", "=", self.portal.partner_id.id)]).name, "Cold shower")
