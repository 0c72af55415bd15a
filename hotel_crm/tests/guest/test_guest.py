from datetime import date

from freezegun import freeze_time

from odoo.exceptions import UserError
from odoo.tests import tagged

from ..common import HotelCrmCommon


@tagged("post_install", "-at_install", "hotel_crm_guest")
class TestGuestProfile(HotelCrmCommon):
    def test_guest_code_sequence_and_once(self):
        guest = self._guest("Code Guest")
        code = guest.hotel_guest_code
        self.assertRegex(code, r"^G\d{6}$")
        contact = self.env["res.partner"].create({"name": "Plain Contact"})
        self.assertFalse(contact.hotel_guest_code, "a plain contact has no guest code")
        contact.hotel_guest = True
        self.assertTrue(contact.hotel_guest_code)
        self.assertNotEqual(contact.hotel_guest_code, code)
        guest.write({"hotel_guest": False})
        guest.write({"hotel_guest": True})
        self.assertEqual(guest.hotel_guest_code, code, "a guest keeps its code")

    def test_consent_stamped(self):
        guest = self._guest("Consent Guest", hotel_consent_email=True, hotel_consent_email_source="website")
        self.assertTrue(guest.hotel_consent_email_date)
        self.assertFalse(guest.hotel_consent_sms_date)
        guest.hotel_consent_email = False
        self.assertFalse(guest.hotel_consent_email_date, "withdrawn consent clears its date")

    def test_consent_stamp_leaves_caller_values_alone(self):
        """The caller may reuse its dictionary for other records: write and create do not add the stamp to it."""
        guest = self._guest("Reused Values Guest")
        vals = {"hotel_consent_sms": True}
        guest.write(vals)
        self.assertEqual(vals, {"hotel_consent_sms": True})
        self.assertTrue(guest.hotel_consent_sms_date)
        vals_list = [{"name": "Created Guest", "hotel_guest": True, "hotel_consent_email": True}]
        self.env["res.partner"].create(vals_list)
        self.assertEqual(vals_list, [{"name": "Created Guest", "hotel_guest": True, "hotel_consent_email": True}])

    def test_aggregates_follow_stays(self):
        guest = self._guest("Aggregate Guest")
        s1 = self._stay(guest, "2024-03-01", "2024-03-04", state="checked_out", revenue_room=900, revenue_fnb=120.5)
        s2 = self._stay(
            guest, "2024-06-10", "2024-06-12", state="checked_out", revenue_room=600, company=self.property_b
        )
        s3 = self._stay(guest, "2025-01-05", "2025-01-06", state="booked", revenue_room=300)
        self.assertEqual(guest.hotel_stay_count, 2, "booked stays are not history yet")
        self.assertEqual(guest.hotel_nights_total, 5)
        self.assertAlmostEqual(guest.hotel_revenue_total, 1620.5)
        self.assertEqual(guest.hotel_first_stay_date, date(2024, 3, 1))
        self.assertEqual(guest.hotel_last_stay_date, date(2024, 6, 10))

        s3.action_check_in()
        self.assertEqual(guest.hotel_stay_count, 3)
        self.assertEqual(guest.hotel_last_stay_date, date(2025, 1, 5))
        self.assertAlmostEqual(guest.hotel_revenue_total, 1920.5)

        s1.write({"revenue_room": 1000, "departure_date": "2024-03-05"})
        self.assertAlmostEqual(guest.hotel_revenue_total, 2020.5)
        self.assertEqual(guest.hotel_nights_total, 7)

        s2.write({"state": "cancelled"})
        self.assertEqual(guest.hotel_stay_count, 2)
        self.assertEqual(guest.hotel_cancel_count, 1)
        self.assertAlmostEqual(guest.hotel_revenue_total, 1420.5)

        s3.with_user(self.user_manager).with_context(allowed_company_ids=self.properties.ids).unlink()
        self.assertEqual(guest.hotel_stay_count, 1)
        self.assertEqual(guest.hotel_last_stay_date, date(2024, 3, 1))
        self.assertAlmostEqual(guest.hotel_revenue_total, 1120.5)
        # stored values match what the database holds
        self.env.flush_all()
        self.env.cr.execute("SELECT hotel_stay_count, hotel_revenue_total FROM res_partner WHERE id = %s", [guest.id])
        self.assertEqual(self.env.cr.fetchone(), (1, 1120.5))

        # a stay moved to another guest (booked under the wrong name) leaves one history for the other
        other = self._guest("Other Aggregate Guest")
        self._stay(other, "2023-11-01", "2023-11-02", state="checked_out", revenue_room=200)
        s1.partner_id = other
        self.assertEqual((guest.hotel_stay_count, guest.hotel_nights_total, guest.hotel_revenue_total), (0, 0, 0))
        self.assertFalse(guest.hotel_first_stay_date)
        self.assertEqual(guest.hotel_cancel_count, 1, "the cancelled stay stayed with the guest")
        self.assertEqual((other.hotel_stay_count, other.hotel_nights_total), (2, 5))
        self.assertAlmostEqual(other.hotel_revenue_total, 1320.5)
        self.assertEqual(other.hotel_first_stay_date, date(2023, 11, 1))
        self.assertEqual(other.hotel_last_stay_date, date(2024, 3, 1))
        self.env.flush_all()
        self.env.cr.execute(
            "SELECT id, hotel_stay_count, hotel_revenue_total FROM res_partner WHERE id IN %s ORDER BY id",
            [(guest.id, other.id)],
        )
        self.assertEqual(self.env.cr.fetchall(), [(guest.id, 0, 0.0), (other.id, 2, 1320.5)])

    def test_aggregates_one_grouped_query(self):
        guests = self.env["res.partner"].create([{"name": f"Bulk {i}", "hotel_guest": True} for i in range(30)])
        for guest in guests:
            self._stay(guest, "2024-01-01", "2024-01-03", state="checked_out", revenue_room=100)
        self.env.invalidate_all()
        guests._compute_hotel_stay_aggregates()  # warm up the ORM's metadata
        with self.assertQueryCount(1):
            guests._compute_hotel_stay_aggregates()
        self.assertEqual(set(guests.mapped("hotel_stay_count")), {1})

    @freeze_time("2025-05-14")  # a Wednesday
    def test_filters(self):
        Partner = self.env["res.partner"]
        house = self._guest("In House Guest", hotel_birthday="1980-05-30")
        arriving = self._guest("Arriving Guest", hotel_birthday="1980-06-01")
        later = self._guest("Later Guest")
        self._stay(house, "2025-05-12", "2025-05-16", state="in_house")
        self._stay(arriving, "2025-05-17", "2025-05-18")
        self._stay(later, "2025-05-25", "2025-05-27")
        ids = (house | arriving | later).ids
        self.assertEqual(Partner.search([("id", "in", ids), ("hotel_in_house", "=", True)]), house)
        self.assertEqual(Partner.search([("id", "in", ids), ("hotel_arriving_this_week", "=", True)]), arriving)
        self.assertEqual(Partner.search([("id", "in", ids), ("hotel_birthday_this_month", "=", True)]), house)
        self.assertEqual(Partner.search([("id", "in", ids), ("hotel_in_house", "!=", True)]), arriving | later)
        self.assertTrue(house.hotel_in_house)
        self.assertTrue(arriving.hotel_arriving_this_week)

    def test_phone_e164(self):
        """The formats the former digits-only key accepted give one E.164 key each (phone_validation)."""
        Partner = self.env["res.partner"]
        cn, fr = self.env.ref("base.cn"), self.env.ref("base.fr")
        keys = Partner._hotel_phone_keys(
            ["+86 138-0013-8000", "0086 13800138000", "138 0013 8000", "+33 6 12 34 56 78", ""], country=cn
        )
        self.assertEqual(
            keys,
            {
                "+86 138-0013-8000": "+8613800138000",
                "0086 13800138000": "+8613800138000",
                "138 0013 8000": "+8613800138000",
                "+33 6 12 34 56 78": "+33612345678",
                "": False,
            },
        )
        self.assertEqual(Partner._hotel_phone_key("06 12 34 56 78", country=fr), "+33612345678")

    def test_duplicates_flagged_and_merge_wizard(self):
        cn = self.env.ref("base.cn")
        first = self._guest("Wang Fang", email="Wang.Fang@Example.com", phone="+86 139 1234 5678", country_id=cn.id)
        second = self._guest("Fang Wang", email="wang.fang@example.com")
        third = self._guest("F. Wang", phone="13912345678", country_id=cn.id)
        other = self._guest("Someone Else", email="else@example.com")
        self.assertEqual(first.hotel_duplicate_ids, second | third)
        self.assertTrue(second.hotel_duplicate)
        self.assertFalse(other.hotel_duplicate)
        found = self.env["res.partner"].search(
            [("id", "in", (first | second | third | other).ids), ("hotel_duplicate", "=", True)]
        )
        self.assertEqual(found, first | second | third)
        action = first.action_hotel_merge_duplicates()
        self.assertEqual(action["res_model"], "base.partner.merge.automatic.wizard")
        wizard = self.env["base.partner.merge.automatic.wizard"].with_context(**action["context"]).create({})
        self.assertEqual(wizard.partner_ids, first | second | third)
        with self.assertRaisesRegex(UserError, "Someone Else has no possible duplicate"):
            other.action_hotel_merge_duplicates()

    def test_duplicates_set_based(self):
        """Possible duplicates of a whole list of guests come from one grouped query per key."""
        guests = self.env["res.partner"].create(
            [{"name": f"Twin {i}", "hotel_guest": True, "email": f"twin{i // 2}@example.com"} for i in range(20)]
            + [{"name": f"Caller {i}", "hotel_guest": True, "phone": f"+86 139 0000 {i // 2:04d}"} for i in range(10)]
        )
        self.env.flush_all()
        self.env.invalidate_all()
        guests.mapped("email_normalized")
        guests.mapped("hotel_phone_e164")
        guests.mapped("hotel_duplicate_ids")  # warm up the ORM's metadata
        guests.invalidate_recordset(["hotel_duplicate_ids", "hotel_duplicate"])
        with self.assertQueryCount(2):
            guests.mapped("hotel_duplicate_ids")
        for i, guest in enumerate(guests):
            twin = guests[i + 1 if i % 2 == 0 else i - 1]
            self.assertEqual(guest.hotel_duplicate_ids, twin, guest.name)
            self.assertTrue(guest.hotel_duplicate)

    def test_merge_duplicates_as_manager(self):
        """A Hotel CRM manager merges two guests who each stayed once: the survivor counts both
        stays, though Odoo moves them by SQL and the e-mails are written differently."""
        first = self._guest("Twin Guest", email="Twin.Guest@Example.com")
        second = self._guest("Twin Guest (PMS)", email="twin.guest@example.com")
        self._stay(first, "2024-03-01", "2024-03-04", state="checked_out", revenue_room=900)
        self._stay(second, "2024-06-10", "2024-06-12", state="checked_out", revenue_room=600)
        self.assertEqual(first.hotel_stay_count, 1)
        action = first.with_user(self.user_manager).action_hotel_merge_duplicates()
        wizard = (
            self.env["base.partner.merge.automatic.wizard"]
            .with_user(self.user_manager)
            .with_context(**action["context"])
            .create({})
        )
        self.assertEqual(wizard.partner_ids, first | second)
        survivor = wizard.dst_partner_id.with_env(self.env)
        wizard.action_merge()
        self.assertEqual((first | second).exists(), survivor)
        survivor.invalidate_recordset()
        self.assertEqual(survivor.hotel_stay_count, 2)
        self.assertEqual(survivor.hotel_nights_total, 5)
        self.assertAlmostEqual(survivor.hotel_revenue_total, 1500)
        self.assertEqual(survivor.hotel_first_stay_date, date(2024, 3, 1))
        self.assertEqual(survivor.hotel_last_stay_date, date(2024, 6, 10))
        self.env.flush_all()
        self.env.cr.execute("SELECT hotel_stay_count FROM res_partner WHERE id = %s", [survivor.id])
        self.assertEqual(self.env.cr.fetchone()[0], 2, "the recomputed count is saved")

    def test_merge_offers_what_the_wizard_accepts(self):
        """Odoo merges at most three contacts at once: the guest and its two oldest look-alikes."""
        guests = self.env["res.partner"].create(
            [{"name": f"Many Twins {i}", "hotel_guest": True, "email": "many.twins@example.com"} for i in range(5)]
        )
        self.assertEqual(len(guests[4].hotel_duplicate_ids), 4)
        action = guests[4].with_user(self.user_manager).action_hotel_merge_duplicates()
        self.assertEqual(sorted(action["context"]["active_ids"]), sorted((guests[4] | guests[:2]).ids))
        wizard = (
            self.env["base.partner.merge.automatic.wizard"]
            .with_user(self.user_manager)
            .with_context(**action["context"])
            .create({})
        )
        wizard.action_merge()
        self.assertEqual(len(guests.exists()), 3)

    def test_merge_keeps_guest_code_and_preferences(self):
        """Merging a guest into an older plain contact hands the guest code over; a preference
        both have is kept once and the others (an allergy) are not lost."""
        contact = self.env["res.partner"].create({"name": "Chen Jing", "email": "chen.jing@example.com"})
        guest = self._guest("Chen Jing", email="chen.jing@example.com", hotel_consent_sensitive=True)
        code = guest.hotel_guest_code
        Pref = self.env["hotel.crm.preference"]
        Pref.create({"partner_id": contact.id, "category_id": self.category["pillow"].id, "value": "Buckwheat"})
        Pref.create({"partner_id": guest.id, "category_id": self.category["pillow"].id, "value": "Buckwheat"})
        Pref.create({"partner_id": guest.id, "category_id": self.category["allergy"].id, "value": "Peanuts"})
        wizard = self.env["base.partner.merge.automatic.wizard"].with_user(self.user_manager).create({})
        wizard._merge((contact | guest).ids, dst_partner=contact.with_user(self.user_manager))
        self.assertFalse(guest.exists())
        self.assertTrue(contact.hotel_guest)
        self.assertEqual(contact.hotel_guest_code, code)
        self.assertEqual(
            sorted(contact.hotel_preference_ids.mapped("value")),
            ["Buckwheat", "Peanuts"],
            "nothing lost, nothing doubled",
        )

    def test_duplicate_warning_when_typing(self):
        self._guest("Existing Guest", email="existing@example.com")
        new = self.env["res.partner"].new({"name": "New", "hotel_guest": True, "email": "EXISTING@example.com"})
        result = new._onchange_hotel_duplicate_warning()
        self.assertIn("Existing Guest", result["warning"]["message"])
