import json
from datetime import date, timedelta

from freezegun import freeze_time

from odoo import fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, tagged
from odoo.tools import SQL

from ..common import HotelCrmCommon
from .test_privacy_erasure import PrivacyRequestCommon
from .test_privacy_export import TestPrivacyExport

GUEST_FORM = "hotel_crm.res_partner_view_form_hotel_guest"


@tagged("post_install", "-at_install", "hotel_crm_privacy")
class TestPrivacySensitiveConsent(HotelCrmCommon):
    """A sensitive preference is recorded only with the guest's separate consent (PIPL art. 29),
    on every path; a withdrawal deletes what was recorded under it."""

    env_context = {}

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Pref = cls.env["hotel.crm.preference"]
        cls.allergy_cat, cls.pillow_cat = cls.category["allergy"], cls.category["pillow"]
        cls.no_consent = cls._guest("Zhou Min")
        cls.consenting = cls._guest("Sun Lei", hotel_consent_sensitive=True)

    def _sensitive_of(self, guest):
        return (
            self.Pref.sudo()
            .with_context(active_test=False)
            .search([("partner_id", "=", guest.id), ("sensitive", "=", True)])
        )

    def _assert_refused(self, func, guest=None, category="Allergy"):
        guest = guest or self.no_consent
        with self.assertRaises(ValidationError) as caught:
            func()
        message = str(caught.exception)
        self.assertIn(guest.name, message, "the error names the guest")
        self.assertIn(category, message, "and the category")
        self.assertFalse(self._sensitive_of(guest), "nothing saved")

    def test_refused_on_the_front_desk_form(self):
        def save():
            form = Form(self.no_consent.with_user(self.user_front), view=GUEST_FORM)
            with form.hotel_preference_ids.new() as line:
                line.category_id = self.allergy_cat
                line.value = "Peanuts"
            form.save()

        self._assert_refused(save)

    def test_refused_on_the_front_desk_web_save(self):
        """The path the desk's Preferences form uses to save what it cannot read back."""
        Pref = self.Pref.with_user(self.user_front)
        self._assert_refused(
            lambda: Pref.web_save(
                {"partner_id": self.no_consent.id, "category_id": self.allergy_cat.id, "value": "Sesame"},
                {"value": {}, "sensitive": {}},
            )
        )
        pillow = Pref.web_save(
            {"partner_id": self.no_consent.id, "category_id": self.pillow_cat.id, "value": "Soft"}, {"value": {}}
        )
        self.assertEqual(pillow[0]["value"], "Soft", "a plain preference needs no such consent")

    def test_refused_over_rpc_create_and_write(self):
        vals = {"partner_id": self.no_consent.id, "category_id": self.allergy_cat.id, "value": "Shellfish"}
        for user in (self.user_front, self.user_sensitive, self.user_manager):
            self._assert_refused(lambda u=user: self.Pref.with_user(u).create(vals))
        self._assert_refused(lambda: self.Pref.create(vals))  # the superuser too: it is the guest's choice
        pillow = self.Pref.create(
            {"partner_id": self.no_consent.id, "category_id": self.pillow_cat.id, "value": "Hard"}
        )
        as_sensitive = pillow.with_user(self.user_sensitive)
        self._assert_refused(lambda: as_sensitive.write({"sensitive": True}), category="Pillow")
        self._assert_refused(lambda: as_sensitive.write({"category_id": self.allergy_cat.id}))
        self.assertEqual((pillow.category_id, pillow.sensitive), (self.pillow_cat, False), "unchanged")
        # moving a sensitive preference to a guest without the consent
        allergy = self.Pref.create({**vals, "partner_id": self.consenting.id})
        self._assert_refused(lambda: allergy.with_user(self.user_sensitive).write({"partner_id": self.no_consent.id}))
        self.assertEqual(allergy.partner_id, self.consenting)

    def test_refused_by_the_import(self):
        result = self.Pref.with_user(self.user_sensitive).load(
            ["partner_id/.id", "category_id/.id", "value"],
            [[str(self.no_consent.id), str(self.allergy_cat.id), "Latex"]],
        )
        self.assertFalse(result["ids"])
        self.assertIn("Zhou Min", " ".join(m["message"] for m in result["messages"]))
        self.assertFalse(self._sensitive_of(self.no_consent))

    def test_allowed_with_consent(self):
        form = Form(self.no_consent.with_user(self.user_front), view=GUEST_FORM)
        form.hotel_consent_sensitive = True
        with form.hotel_preference_ids.new() as line:
            line.category_id = self.allergy_cat
            line.value = "Peanuts"
        form.save()
        self.assertEqual(self._sensitive_of(self.no_consent).mapped("value"), ["Peanuts"], "consent and item together")
        created = self.Pref.with_user(self.user_sensitive).create(
            {"partner_id": self.consenting.id, "category_id": self.allergy_cat.id, "value": "Shellfish"}
        )
        self.assertTrue(created.sensitive)

    def test_withdrawal_deletes_the_sensitive_preferences(self):
        guest = self.consenting
        allergy = self.Pref.create({"partner_id": guest.id, "category_id": self.allergy_cat.id, "value": "Peanuts"})
        archived = self.Pref.create(
            {"partner_id": guest.id, "category_id": self.allergy_cat.id, "value": "Dust", "active": False}
        )
        pillow = self.Pref.create({"partner_id": guest.id, "category_id": self.pillow_cat.id, "value": "Buckwheat"})
        past = self._stay(guest, date(2025, 1, 5), date(2025, 1, 7), state="checked_out")
        past.sudo().arrival_notes_sensitive = "- Allergy: Peanuts"
        booked = self._stay(guest, date(2031, 3, 1), date(2031, 3, 3))
        self.assertIn("Peanuts", booked.sudo().arrival_notes_sensitive)
        with Form(guest.with_user(self.user_front), view=GUEST_FORM) as form:
            form.hotel_consent_sensitive = False
        self.assertFalse((allergy | archived).exists(), "processing stops: the sensitive preferences are deleted")
        self.assertTrue(pillow.exists(), "the others are kept")
        self.assertEqual(past.sudo().arrival_notes_sensitive, "(erased on request)")
        self.assertFalse(booked.sudo().arrival_notes_sensitive, "the next arrival is prepared without them")
        self.assertIn("Buckwheat", booked.arrival_notes)
        last = guest.hotel_consent_ids.sorted("id")[-1]
        self.assertEqual((last.purpose, last.granted, last.deleted_preference_count), ("sensitive", False, 2))
        self.assertEqual(last.user_id, self.user_front)
        # without the consent, nothing sensitive comes back in
        self._assert_refused(
            lambda: self.Pref.create({"partner_id": guest.id, "category_id": self.allergy_cat.id, "value": "Nuts"}),
            guest=guest,
        )

    def test_inference_skips_sensitive_categories_without_consent(self):
        """A category both sensitive and inferred from history: proposed for the guest who consented,
        skipped (no error, the rest of the batch inferred) for the one who did not."""
        self.category["bed"].write({"sensitive": True, "inferable": True})
        self.category["room_type"].inferable = True
        habit = {"bed_type": "Hypoallergenic bedding", "room_type": "Garden Suite"}
        for guest in (self.no_consent, self.consenting):
            self._stay(guest, date(2025, 2, 1), date(2025, 2, 3), state="checked_out", **habit)
            self._stay(guest, date(2025, 3, 1), date(2025, 3, 3), state="checked_out", **habit)
        guests = self.no_consent | self.consenting
        count = self.env["res.partner"]._hotel_infer_preferences(SQL("p.id IN %s", tuple(guests.ids)))
        self.assertEqual(count, 3)
        inferred = self.Pref.sudo().search([("partner_id", "in", guests.ids), ("source", "=", "inferred")])
        self.assertEqual(
            sorted((p.partner_id.name, p.category_id.code, p.sensitive) for p in inferred),
            [("Sun Lei", "bed", True), ("Sun Lei", "room_type", False), ("Zhou Min", "room_type", False)],
        )

    def test_merge_keeps_consent_with_the_preferences(self):
        kept = self._guest("Wu Qing", email="wu.qing@example.com")
        other = self._guest("Wu Qing (PMS)", email="wu.qing@example.com", hotel_consent_sensitive=True)
        allergy = self.Pref.create({"partner_id": other.id, "category_id": self.allergy_cat.id, "value": "Peanuts"})
        wizard = self.env["base.partner.merge.automatic.wizard"].with_user(self.user_manager).create({})
        wizard._merge((kept | other).ids, dst_partner=kept.with_user(self.user_manager))
        self.assertEqual(allergy.partner_id, kept)
        self.assertTrue(kept.hotel_consent_sensitive, "the consent given comes with the preferences")

    def test_merge_refused_for_sensitive_preferences_without_consent(self):
        """Records older than the rule: a sensitive preference on a guest without the consent."""
        kept, other = self._guest("Ma Jun"), self._guest("Ma Jun (PMS)")
        pillow = self.Pref.create({"partner_id": other.id, "category_id": self.pillow_cat.id, "value": "Soft"})
        self.env.flush_all()
        self.env.cr.execute("UPDATE hotel_crm_preference SET sensitive = true WHERE id = %s", [pillow.id])
        self.env.invalidate_all()
        wizard = self.env["base.partner.merge.automatic.wizard"].with_user(self.user_manager).create({})
        with self.assertRaises(UserError) as caught:
            wizard._merge((kept | other).ids, dst_partner=kept.with_user(self.user_manager))
        self.assertIn("Ma Jun", str(caught.exception))
        self.assertTrue(other.exists(), "nothing merged")
        self.assertEqual(pillow.partner_id, other)


@tagged("post_install", "-at_install", "hotel_crm_privacy")
class TestPrivacySensitiveAccessLog(HotelCrmCommon):
    """Every read of a guest's sensitive preferences is logged: who, which guest, when, how."""

    env_context = {}

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Access = cls.env["hotel.crm.sensitive.access"]
        cls.guest = cls._guest("Gao Yan", hotel_consent_sensitive=True)
        Pref = cls.env["hotel.crm.preference"]
        cls.allergy = Pref.create(
            {"partner_id": cls.guest.id, "category_id": cls.category["allergy"].id, "value": "Peanuts"}
        )
        cls.pillow = Pref.create(
            {"partner_id": cls.guest.id, "category_id": cls.category["pillow"].id, "value": "Soft"}
        )
        cls.plain_guest = cls._guest("Plain Guest")
        Pref.create({"partner_id": cls.plain_guest.id, "category_id": cls.category["pillow"].id, "value": "Firm"})

    def _log(self, user=None):
        domain = [("partner_id", "in", (self.guest | self.plain_guest).ids)]
        if user:
            domain.append(("user_id", "=", user.id))
        return self.Access.sudo().search(domain, order="id")

    def test_form_and_rpc_reads_are_logged(self):
        user = self.user_sensitive
        form = Form(self.guest.with_user(user), view=GUEST_FORM)
        self.assertEqual(len(form.hotel_preference_ids), 2, "the sensitive-data group sees both preferences")
        row = self._log(user)
        self.assertEqual(len(row), 1, "one row for the form, not one per field")
        self.assertEqual(
            (row.partner_id, row.company_id, row.how, row.preference_count, row.preference_refs),
            (self.guest, self.property_a, "form", 1, str(self.allergy.id)),
        )
        Form(self.guest.with_user(user), view=GUEST_FORM)
        self.assertEqual(len(self._log(user)), 1, "the same form again within the minute: one access")
        # an RPC read
        self.assertEqual(self.allergy.with_user(user).read(["value"])[0]["value"], "Peanuts")
        self.env["hotel.crm.preference"].with_user(user).search_read([("partner_id", "=", self.guest.id)], ["value"])
        rows = self._log(user)
        self.assertEqual(rows.mapped("how"), ["form", "rpc"])
        # a list, and again a minute later
        List = self.env["hotel.crm.preference"].with_user(user)
        List.web_search_read(
            [("partner_id", "=", self.guest.id)], {"value": {}, "category_id": {"fields": {"display_name": {}}}}
        )
        with freeze_time(fields.Datetime.now() + timedelta(minutes=2)):
            self.allergy.with_user(user).read(["value"])
        self.assertEqual(self._log(user).mapped("how"), ["form", "rpc", "list", "rpc"])
        self.assertTrue(all(r.date for r in self._log(user)))

    def test_export_is_logged(self):
        user = self.user_sensitive
        user.groups_id += self.env.ref("base.group_allow_export")
        self.env["hotel.crm.preference"].with_user(user).browse((self.allergy | self.pillow).ids).export_data(["value"])
        self.guest.with_user(user).export_data(["name", "hotel_preference_ids/value"])
        self.assertEqual(self._log(user).mapped("how"), ["export"], "one export of this guest within the minute")
        self.assertEqual(self._log(user).preference_count, 1)

    def test_no_row_without_access_for_the_superuser_or_for_plain_preferences(self):
        front = self.user_front
        Form(self.guest.with_user(front), view=GUEST_FORM)
        with self.assertRaises(AccessError):
            self.allergy.with_user(front).read(["value"])
        self.assertFalse(self._log(front), "the front desk read none: nothing logged")
        self.allergy.read(["value"])
        self.allergy.with_user(self.user_sensitive).sudo().read(["value"])
        self.assertFalse(self._log(), "internal reads with superuser rights are not staff reading")
        self.pillow.with_user(self.user_sensitive).read(["value"])
        Form(self.plain_guest.with_user(self.user_sensitive), view=GUEST_FORM)
        self.assertFalse(self._log(), "no sensitive preference read")
        self.allergy.with_user(self.user_sensitive).read(["id"])
        self.assertFalse(self._log(), "ids only: nothing of the preference read")

    def test_log_is_append_only_and_for_managers(self):
        self.allergy.with_user(self.user_sensitive).read(["value"])
        row = self._log()
        self.assertEqual(len(row), 1)
        found = self.Access.with_user(self.user_manager).search([("partner_id", "=", self.guest.id)])
        self.assertEqual(found, row, "managers read the log")
        for user in (self.user_manager, self.user_sensitive):
            with self.assertRaises(AccessError):
                row.with_user(user).write({"how": "form"})
            with self.assertRaises(AccessError):
                row.with_user(user).unlink()
            with self.assertRaises(AccessError):
                self.Access.with_user(user).create(
                    {"user_id": user.id, "partner_id": self.guest.id, "company_id": self.property_a.id, "how": "rpc"}
                )
        for user in (self.user_front, self.user_sensitive):
            with self.assertRaises(AccessError):
                self.Access.with_user(user).search([])
        self.assertEqual((row.exists(), row.how), (row, "rpc"))
        # per property: a read at property B is not shown to a manager working at A only
        other = self.Access.sudo().create(
            {
                "user_id": self.user_sensitive.id,
                "partner_id": self.guest.id,
                "company_id": self.property_b.id,
                "how": "form",
            }
        )
        Manager = self.Access.with_user(self.user_manager)
        self.assertNotIn(other, Manager.with_context(allowed_company_ids=self.property_a.ids).search([]))
        self.assertIn(other, Manager.with_context(allowed_company_ids=self.properties.ids).search([]))


@tagged("post_install", "-at_install", "hotel_crm_privacy")
class TestPrivacySensitiveAccessExport(PrivacyRequestCommon):
    """The guest's privacy export contains the log of who read their sensitive preferences; the
    erasure keeps the log (it names staff, not the guest's data)."""

    _zip = TestPrivacyExport._zip

    def test_export_and_erasure_of_the_access_log(self):
        allergy = self.env["hotel.crm.preference"].create(
            {"partner_id": self.guest.id, "category_id": self.category["allergy"].id, "value": "Peanuts"}
        )
        allergy.with_user(self.user_dpo).read(["value"])
        archive = self._zip(self.guest.with_user(self.user_dpo).hotel_privacy_export())
        data = json.loads(archive.read("guest.json"))
        rows = data["sensitive_access"]
        self.assertEqual(
            [(r["Read By"], r["Read Through"], r["Preferences Read"]) for r in rows],
            [(self.user_dpo.name, "rpc", 1)],
        )
        self.assertIn("Peanuts", [p["Value"] for p in data["preferences"]])
        log = self.env["hotel.crm.sensitive.access"].sudo().search([("partner_id", "=", self.guest.id)])
        self.assertEqual(log.mapped("how"), ["export", "rpc"], "the export's own read of the allergy is logged")
        self.guest.with_user(self.user_dpo).hotel_anonymize("Guest asked")
        log = log.exists()
        self.assertEqual(len(log), 2, "kept, now pointing to the anonymised guest")
        self.assertNotIn("Lin", log.partner_id.name)
