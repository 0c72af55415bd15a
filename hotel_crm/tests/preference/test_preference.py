from odoo.exceptions import AccessError
from odoo.tests import Form, tagged

from ..common import HotelCrmCommon


@tagged("post_install", "-at_install", "hotel_crm_preference")
class TestPreferences(HotelCrmCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.guest = cls._guest("Preference Guest", hotel_consent_sensitive=True)
        cls.pillow = cls.env["hotel.crm.preference"].create(
            {"partner_id": cls.guest.id, "category_id": cls.category["pillow"].id, "value": "Buckwheat pillow"}
        )
        cls.allergy = cls.env["hotel.crm.preference"].create(
            {"partner_id": cls.guest.id, "category_id": cls.category["allergy"].id, "value": "Peanut allergy"}
        )
        cls.activity_type = cls.env.ref("hotel_crm.mail_activity_type_hotel_preferences")
        cls.property_a.hotel_preference_user_id = cls.user_sensitive

    def _activities(self, stay):
        return self.env["mail.activity"].search(
            [
                ("res_model", "=", "hotel.crm.stay"),
                ("res_id", "=", stay.id),
                ("activity_type_id", "=", self.activity_type.id),
            ]
        )

    def test_allergy_is_sensitive_by_default(self):
        self.assertTrue(self.allergy.sensitive)
        self.assertFalse(self.pillow.sensitive)

    def test_booking_serves_preferences_once(self):
        stay = self._stay(self.guest, "2025-07-10", "2025-07-12")
        self.assertIn("Pillow: Buckwheat pillow", stay.arrival_notes)
        self.assertNotIn("Peanut", stay.arrival_notes, "sensitive items stay out of the public notes")
        self.assertIn("Peanut allergy", stay.sudo().arrival_notes_sensitive)
        activity = self._activities(stay)
        self.assertEqual(len(activity), 1)
        self.assertEqual(str(activity.date_deadline), "2025-07-09", "due the day before arrival")
        self.assertEqual(activity.user_id, self.user_sensitive, "assigned to the configured user")
        self.assertIn("Buckwheat", str(activity.note))
        self.assertNotIn("Peanut", str(activity.note))
        # saving again, moving the arrival, or re-booking does not duplicate it
        stay.write({"room_type": "Deluxe King", "arrival_date": "2025-07-11"})
        stay.action_cancel()
        stay.action_reset_booked()
        activity = self._activities(stay)
        self.assertEqual(len(activity), 1)
        self.assertEqual(str(activity.date_deadline), "2025-07-10")

    def test_guest_changed_to_one_without_preferences(self):
        """A stay booked under the wrong guest keeps none of that guest's notes nor preparation."""
        stay = self._stay(self.guest, "2025-07-10", "2025-07-12")
        self.assertTrue(self._activities(stay))
        stay.partner_id = self._guest("Guest Without Preferences")
        self.assertFalse(stay.arrival_notes)
        self.assertFalse(stay.sudo().arrival_notes_sensitive, "the previous guest's allergy is gone")
        self.assertFalse(self._activities(stay), "nothing left to prepare")

    def test_guest_changed_to_one_with_other_preferences(self):
        stay = self._stay(self._guest("Wrong Guest"), "2025-07-10", "2025-07-12")
        self.env["hotel.crm.preference"].create(
            {"partner_id": stay.partner_id.id, "category_id": self.category["view"].id, "value": "Lake view"}
        )
        stay.arrival_date = "2025-07-09"  # the preparation is scheduled once the guest has preferences
        activity = self._activities(stay)
        self.assertIn("Lake view", str(activity.note))
        stay.partner_id = self.guest
        self.assertIn("Buckwheat pillow", stay.arrival_notes)
        self.assertNotIn("Lake view", stay.arrival_notes)
        self.assertEqual(self._activities(stay), activity, "the preparation is updated, not doubled")
        self.assertIn("Buckwheat", str(activity.note))
        self.assertNotIn("Lake view", str(activity.note))

    def test_cancel_and_no_show_drop_the_preparation(self):
        for action in ("action_cancel", "action_no_show"):
            stay = self._stay(self.guest, "2025-07-10", "2025-07-12")
            self.assertEqual(len(self._activities(stay)), 1)
            getattr(stay, action)()
            self.assertFalse(self._activities(stay), f"{action}: no room to prepare for a guest who will not come")
            stay.action_reset_booked()
            self.assertEqual(len(self._activities(stay)), 1, "booked again: prepared again")

    def test_front_desk_records_an_allergy(self):
        """The front desk writes down the allergy the guest tells them, without reading it back."""
        guest = self._guest("Allergic Guest", hotel_consent_sensitive=True)
        Pref = self.env["hotel.crm.preference"].with_user(self.user_front)
        allergy = Pref.create(
            {"partner_id": guest.id, "category_id": self.category["allergy"].id, "value": "Shellfish"}
        )
        self.assertTrue(allergy.sudo().sensitive)
        with self.assertRaises(AccessError):
            allergy.read(["value"])
        self.assertFalse(Pref.search([("partner_id", "=", guest.id)]), "recorded, but not readable by the front desk")
        with self.assertRaises(AccessError):
            allergy.write({"value": "No allergy"})
        with self.assertRaises(AccessError):
            allergy.unlink()
        # the same from the Preferences form: the form's read-back gets what was just typed, once
        saved = Pref.web_save(
            {"partner_id": guest.id, "category_id": self.category["allergy"].id, "value": "Sesame"},
            {"value": {}, "sensitive": {}},
        )
        self.assertEqual((saved[0]["value"], saved[0]["sensitive"]), ("Sesame", True))
        with self.assertRaises(AccessError):
            Pref.browse(saved[0]["id"]).read(["value"])
        pillow = Pref.web_save(
            {"partner_id": guest.id, "category_id": self.category["pillow"].id, "value": "Feather-free"},
            {"value": {}},
        )
        self.assertEqual(Pref.browse(pillow[0]["id"]).value, "Feather-free", "a plain preference reads back as usual")
        # the same from the guest form the front desk works in
        form = Form(guest.with_user(self.user_front), view="hotel_crm.res_partner_view_form_hotel_guest")
        with form.hotel_preference_ids.new() as line:
            line.category_id = self.category["allergy"]
            line.value = "Peanuts"
        form.save()
        self.assertEqual(
            sorted(guest.hotel_preference_ids.filtered("sensitive").mapped("value")),
            ["Peanuts", "Sesame", "Shellfish"],
            "all three allergies recorded",
        )
        guest.invalidate_recordset(["hotel_preference_ids"])  # read above with all rights
        self.assertEqual(
            guest.with_user(self.user_front).hotel_preference_ids.mapped("value"),
            ["Feather-free"],
            "the front desk sees the pillow, none of the allergies",
        )

    def test_no_preferences_no_activity(self):
        guest = self._guest("No Preference Guest")
        stay = self._stay(guest, "2025-07-10", "2025-07-12")
        self.assertFalse(stay.arrival_notes)
        self.assertFalse(self._activities(stay))

    def test_checked_out_import_schedules_nothing(self):
        stay = self._stay(self.guest, "2024-07-10", "2024-07-12", state="checked_out")
        self.assertFalse(self._activities(stay))

    def test_sensitive_hidden_from_plain_user(self):
        Pref = self.env["hotel.crm.preference"].with_user(self.user_front)
        found = Pref.search([("partner_id", "=", self.guest.id)])
        self.assertEqual(found, self.pillow, "search hides sensitive preferences")
        self.assertEqual(self.guest.with_user(self.user_front).hotel_preference_ids, self.pillow)
        with self.assertRaises(AccessError):
            self.allergy.with_user(self.user_front).read(["value"])
        groups = Pref.read_group([("partner_id", "=", self.guest.id)], ["category_id"], ["category_id"])
        self.assertEqual([g["category_id"][0] for g in groups], [self.category["pillow"].id])
        self.assertEqual(Pref.search_count([("value", "ilike", "peanut")]), 0)
        stay = self._stay(self.guest, "2025-07-10", "2025-07-12")
        with self.assertRaises(AccessError):
            stay.with_user(self.user_front).read(["arrival_notes_sensitive"])

    def test_sensitive_group_reads_and_writes(self):
        Pref = self.env["hotel.crm.preference"].with_user(self.user_sensitive)
        self.assertEqual(Pref.search([("partner_id", "=", self.guest.id)]), self.pillow | self.allergy)
        self.allergy.with_user(self.user_sensitive).value = "Severe peanut allergy"
        self.assertEqual(self.allergy.value, "Severe peanut allergy")
        stay = self._stay(self.guest, "2025-07-10", "2025-07-12")
        self.assertIn("Severe peanut allergy", stay.with_user(self.user_sensitive).arrival_notes_sensitive)

    def test_plain_user_cannot_write_sensitive(self):
        with self.assertRaises(AccessError):
            self.allergy.with_user(self.user_front).write({"value": "changed"})

    def test_guest_form_adds_preference(self):
        form = Form(
            self.env["res.partner"].with_user(self.user_front).with_context(default_hotel_guest=True),
            view="hotel_crm.res_partner_view_form_hotel_guest",
        )
        form.name = "Form Guest"
        with form.hotel_preference_ids.new() as line:
            line.category_id = self.category["floor"]
            line.value = "High floor"
        guest = form.save()
        self.assertTrue(guest.hotel_guest_code)
        self.assertEqual(guest.hotel_preference_ids.mapped("value"), ["High floor"])
