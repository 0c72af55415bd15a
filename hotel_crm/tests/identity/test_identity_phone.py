from odoo.tests import Form, tagged

from ..common import HotelCrmCommon


@tagged("post_install", "-at_install", "hotel_crm_identity")
class TestIdentityPhone(HotelCrmCommon):
    """One phone, one guest, whatever the format: E.164 through phone_validation / phonenumbers."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.cn = cls.env.ref("base.cn")
        cls.us = cls.env.ref("base.us")
        cls.property_a.country_id = cls.cn
        # whoever imports works in a US company: its country must never be the default region
        cls.us_office = cls.env["res.company"].create({"name": "Test US Sales Office", "country_id": cls.us.id})
        cls.Partner = cls.env["res.partner"]

    def test_same_number_whatever_the_format(self):
        bracketed = self._guest("Bracketed", phone="(+86) 133 1234 9876")
        spaced = self._guest("Spaced", phone="+86 133 1234 9876")
        self.assertEqual(bracketed.hotel_phone_e164, "+8613312349876")
        self.assertEqual(spaced.hotel_phone_e164, "+8613312349876")
        self.assertEqual(bracketed.hotel_duplicate_ids, spaced)
        self.assertEqual(spaced.hotel_duplicate_ids, bracketed)

    def test_country_of_guest_does_not_hide_a_prefixed_number(self):
        """A +86 number is Chinese whatever the guest's country (US, Singapore)."""
        chinese = self._guest("Li Wei", phone="+86 137 0571 2468", country_id=self.cn.id)
        american = self._guest("Li Wei (US)", phone="+86 137 0571 2468", country_id=self.us.id)
        singaporean = self._guest("Li Wei (SG)", phone="+86-137-0571-2468", country_id=self.env.ref("base.sg").id)
        self.assertEqual(chinese.hotel_duplicate_ids, american | singaporean)
        self.assertTrue(singaporean.hotel_duplicate)

    def test_uk_and_us_numbers_with_the_same_digits_differ(self):
        uk = self._guest("London Guest", phone="+44 20 7946 0321")
        us = self._guest("Maine Guest", phone="+1 207 946 0321")
        self.assertEqual(uk.hotel_phone_e164, "+442079460321")
        self.assertEqual(us.hotel_phone_e164, "+12079460321")
        self.assertFalse(uk.hotel_duplicate_ids, "same digits, different countries: two people")
        self.assertFalse(
            self.Partner.search([("id", "in", (uk | us).ids), ("hotel_duplicate", "=", True)]),
            "the duplicate filter agrees with the form",
        )

    def test_national_number_read_in_the_guest_country(self):
        guest = self._guest("Zhang Min", phone="133 1357 2468", country_id=self.cn.id)
        self.assertEqual(guest.hotel_phone_e164, "+8613313572468")
        nowhere = self._guest("No Country", phone="133 1357 2468")
        self.assertFalse(nowhere.hotel_phone_e164, "a national number with no country to read it in is no key")

    def test_merge_offer_uses_the_same_key(self):
        first = self._guest("Offer A", phone="+86 135 2468 1357")
        second = self._guest("Offer B", phone="0086 13524681357")
        action = first.with_user(self.user_manager).action_hotel_merge_duplicates()
        self.assertEqual(sorted(action["context"]["active_ids"]), sorted((first | second).ids))
        wizard = (
            self.env["base.partner.merge.automatic.wizard"]
            .with_user(self.user_manager)
            .with_context(**action["context"])
            .create({})
        )
        wizard.action_merge()
        self.assertEqual(len((first | second).exists()), 1, "the manager merged the two by their shared phone")

    def test_duplicate_warning_when_typing(self):
        self._guest("Typed Before", phone="+86 135 9753 8642")
        with Form(self.Partner.with_user(self.user_manager).with_context(default_hotel_guest=True)) as form:
            form.name = "Typed Now"
            form.country_id = self.cn
            form.phone = "135-9753-8642"
            new = form.save()
        self.assertEqual(new.hotel_phone_e164, "+8613597538642")
        self.assertEqual(new.hotel_duplicate_ids.name, "Typed Before")

    def test_helper_keys(self):
        keys = self.Partner._hotel_phone_keys(
            ["137 0571 2468", "+44 20 7946 0321", "not a phone", "1" * 1_000_000, "", None, 42],
            company=self.property_a,
        )
        self.assertEqual(keys["137 0571 2468"], "+8613705712468")
        self.assertEqual(keys["+44 20 7946 0321"], "+442079460321")
        self.assertFalse(keys["not a phone"])
        self.assertFalse(keys["1" * 1_000_000], "a megabyte is no phone, and no error")
        self.assertNotIn(None, keys)
        self.assertFalse(self.Partner._hotel_phone_key(["+86"], self.property_a), "not a string: no key")
        self.assertEqual(
            self.Partner._hotel_phone_key("137 0571 2468", self.property_a, country=self.us),
            "+8613705712468",
            "the property's country comes before the guest's",
        )

    def test_import_matches_a_national_number_at_a_chinese_property(self):
        """Run by a user whose current company is in the US: the property's country decides."""
        existing = self._guest("Chen Jie", phone="+86 137 0571 2468")
        importer = self.user_manager
        importer.company_ids |= self.us_office
        importer.company_id = self.us_office
        Stay = self.Stay.with_user(importer).with_context(allowed_company_ids=[self.us_office.id, self.property_a.id])
        result = Stay.import_stays(
            [
                {
                    "external_ref": "PHONE-1",
                    "company_id": self.property_a.id,
                    "arrival_date": "2025-03-01",
                    "departure_date": "2025-03-03",
                    "name": "Chen Jie",
                    "phone": "137 0571 2468",
                    "state": "checked_out",
                }
            ]
        )
        self.assertEqual(result["errors"], [])
        stay = self.Stay.search([("external_ref", "=", "PHONE-1")])
        self.assertEqual(stay.partner_id, existing, "matched on the E.164 number: no second guest")
        self.assertEqual(self.Partner.search_count([("hotel_phone_e164", "=", "+8613705712468")]), 1)

    def test_import_new_guest_found_again_by_phone(self):
        """A guest the import creates from a national number is stored in international form,
        so the next import (or the duplicate check) finds the same person."""
        row = {
            "company_id": self.property_a.id,
            "arrival_date": "2025-03-01",
            "departure_date": "2025-03-03",
            "name": "Gao Yan",
            "phone": "136 5571 9090",
            "state": "checked_out",
        }
        Stay = self.Stay.with_company(self.property_a)
        Stay.import_stays([{**row, "external_ref": "PHONE-2"}])
        Stay.import_stays([{**row, "external_ref": "PHONE-3", "name": "Yan Gao", "phone": "+86 13655719090"}])
        stays = self.Stay.search([("external_ref", "in", ["PHONE-2", "PHONE-3"])])
        self.assertEqual(len(stays), 2)
        self.assertEqual(len(stays.partner_id), 1)
        self.assertEqual(stays.partner_id.phone, "+86 136 5571 9090")
        self.assertEqual(stays.partner_id.hotel_phone_e164, "+8613655719090")

    def test_key_stored_and_indexed(self):
        self.assertTrue(self.Partner._fields["hotel_phone_e164"].store)
        self.env.cr.execute(
            "SELECT 1 FROM pg_indexes WHERE tablename = 'res_partner' AND indexdef LIKE '%%hotel_phone_e164%%'"
        )
        self.assertTrue(self.env.cr.fetchone(), "the matching key has an index")
