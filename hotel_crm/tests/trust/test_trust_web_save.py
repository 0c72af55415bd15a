import json

from odoo.tests import HttpCase, tagged

from .common import TrustCommon


@tagged("post_install", "-at_install", "hotel_crm_trust")
class TestTrustWebSave(TrustCommon, HttpCase):
    """The answer of ``hotel.crm.preference.web_save`` holds what the user sent and may read."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._trust_setup()

    def _web_save(self, specification):
        """web_save of a new sensitive preference, over JSON-RPC as the web client sends it."""
        payload = {
            "id": 1,
            "jsonrpc": "2.0",
            "method": "call",
            "params": {
                "model": "hotel.crm.preference",
                "method": "web_save",
                "args": [
                    [],
                    {"partner_id": self.guest.id, "category_id": self.cat_allergy.id, "value": "Shellfish allergy"},
                ],
                "kwargs": {"specification": specification, "context": {"allowed_company_ids": self.west.ids}},
            },
        }
        response = self.url_open(
            "/web/dataset/call_kw/hotel.crm.preference/web_save",
            data=json.dumps(payload),
            headers={"Content-Type": "application/json"},
        )
        self.assertEqual(response.status_code, 200)
        return response.json(), response.text

    def test_crafted_specification_leaks_nothing(self):
        self.authenticate("trust_front", "trust_front_pw")
        secrets = ("Peanut allergy", "TRUST-BUND-SECRET")
        # what the probe sent: the guest's preferences and stays, sensitive notes included
        answer, text = self._web_save(
            {
                "value": {},
                "sensitive": {},
                "partner_id": {
                    "fields": {
                        "display_name": {},
                        "hotel_preference_ids": {"fields": {"value": {}, "sensitive": {}}},
                        "hotel_stay_ids": {"fields": {"external_ref": {}, "arrival_notes_sensitive": {}}},
                    }
                },
            }
        )
        for secret in secrets:
            self.assertNotIn(secret, text)
        self.assertIn("error", answer, "the sensitive arrival notes are not the front desk's to read")

        # the same without the group-restricted field: the guest's readable data only
        answer, text = self._web_save(
            {
                "value": {},
                "sensitive": {},
                "partner_id": {
                    "fields": {
                        "display_name": {},
                        "hotel_preference_ids": {"fields": {"value": {}}},
                        "hotel_stay_ids": {"fields": {"external_ref": {}}},
                    }
                },
            }
        )
        for secret in secrets:
            self.assertNotIn(secret, text)
        result = answer["result"][0]
        self.assertEqual((result["value"], result["sensitive"]), ("Shellfish allergy", True), "what was sent")
        partner = result["partner_id"]
        self.assertEqual(partner["display_name"], "Trust Mei Ling")
        self.assertEqual([p["value"] for p in partner["hotel_preference_ids"]], ["Buckwheat pillow"])
        self.assertEqual([s["external_ref"] for s in partner["hotel_stay_ids"]], ["TRUST-W-1"])
        saved = self.env["hotel.crm.preference"].browse(result["id"])
        self.assertEqual((saved.value, saved.sensitive), ("Shellfish allergy", True), "the preference is saved")
