"""What a second fresh attacker found in session 10 (retention, data quality, the sensitive-data
read log, job lock, tier grant revocation, courtesy calls), each kept as the refusal that closes it."""

from odoo.tests import TransactionCase, tagged

from .test_trust_attack_s10 import AttackCommon


@tagged("post_install", "-at_install", "hotel_crm_trust")
class TestTrustAttackS10b(AttackCommon, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._attack_setup()
        cls.dpo.groups_id += cls.env.ref("base.group_allow_export")
        cls.peanut = cls.env["hotel.crm.preference"].search(
            [("partner_id", "=", cls.guest.id), ("value", "=", "Peanut allergy")]
        )
        assert cls.peanut.sensitive, "the allergy category is sensitive"

    def _log(self, user):
        return (
            self.env["hotel.crm.sensitive.access"]
            .sudo()
            .search([("user_id", "=", user.id), ("partner_id", "=", self.guest.id)])
        )

    def as_dpo(self, records):
        return records.with_user(self.dpo).with_context(allowed_company_ids=self.west.ids)

    # ------------------------------------------------------------------
    # The sensitive-data read log: every path that shows a sensitive value is logged
    # ------------------------------------------------------------------
    def test_name_search_of_sensitive_preferences_is_logged(self):
        found = self.as_dpo(self.env["hotel.crm.preference"]).name_search("Peanut")
        self.assertIn((self.peanut.id, self.peanut.display_name), found, "the display name shows the allergy")
        self.assertTrue(self._log(self.dpo), "reading the allergy through its name is logged")

    def test_grouping_by_sensitive_value_is_logged(self):
        Preference = self.as_dpo(self.env["hotel.crm.preference"])
        groups = Preference.read_group([("partner_id", "=", self.guest.id)], ["value"], ["value"])
        self.assertIn("Peanut allergy", [g["value"] for g in groups], "the groups show the allergy")
        self.assertTrue(self._log(self.dpo), "reading the allergy as a group label is logged")

    def test_web_read_group_by_sensitive_value_is_logged(self):
        Preference = self.as_dpo(self.env["hotel.crm.preference"])
        result = Preference.web_read_group([("partner_id", "=", self.guest.id)], ["note:array_agg"], ["value"])
        self.assertIn("Peanut allergy", [g["value"] for g in result["groups"]])
        self.assertTrue(self._log(self.dpo), "the list grouped by the allergy is logged")

    def test_export_of_preferences_through_a_stay_is_logged(self):
        rows = self.as_dpo(self.stay_west).export_data(["external_ref", "partner_id/hotel_preference_ids/value"])
        self.assertIn("Peanut allergy", str(rows["datas"]), "the stay's export shows the guest's allergy")
        self.assertEqual(self._log(self.dpo).mapped("how"), ["export"], "an export through a stay is logged")

    def test_reads_without_sensitive_content_stay_unlogged(self):
        """The fixes above log what shows a sensitive value, not every count or id."""
        Preference = self.as_dpo(self.env["hotel.crm.preference"])
        Preference.read_group([("partner_id", "=", self.guest.id)], ["category_id"], ["category_id"])
        Preference.name_search("Buckwheat")
        self.as_dpo(self.stay_west).export_data(["external_ref", "partner_id/hotel_preference_ids/.id"])
        self.assertFalse(self._log(self.dpo), "a count by category, a plain preference, ids: nothing logged")

    def test_reading_the_sensitive_arrival_notes_is_logged(self):
        """The stay's sensitive arrival notes copy the guest's sensitive preferences: reading them
        is reading those preferences."""
        notes = self.as_dpo(self.stay_west).read(["arrival_notes_sensitive"])[0]["arrival_notes_sensitive"]
        self.assertIn("Peanut allergy", notes or "", "the booked stay's notes list the allergy")
        self.assertEqual(self._log(self.dpo).preference_refs, str(self.peanut.id))

    def test_export_of_the_sensitive_arrival_notes_is_logged(self):
        rows = self.as_dpo(self.stay_west).export_data(["external_ref", "arrival_notes_sensitive"])
        self.assertIn("Peanut allergy", str(rows["datas"]))
        self.assertEqual(self._log(self.dpo).mapped("how"), ["export"])
