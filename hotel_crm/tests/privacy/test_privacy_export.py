import base64
import io
import json
import zipfile

import openpyxl

from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged

from .test_privacy_erasure import PrivacyRequestCommon


@tagged("post_install", "-at_install", "hotel_crm_privacy")
class TestPrivacyExport(PrivacyRequestCommon):
    """Export on request: one ZIP with JSON and XLSX of every section of the guest's data."""

    def _zip(self, action):
        self.assertEqual(action["type"], "ir.actions.act_url")
        attachment_id = int(action["url"].split("/web/content/")[1].split("?")[0])
        attachment = self.env["ir.attachment"].sudo().browse(attachment_id)
        return zipfile.ZipFile(io.BytesIO(base64.b64decode(attachment.datas)))

    def test_export_contains_every_section(self):
        action = self.guest.with_user(self.user_manager).hotel_privacy_export()
        archive = self._zip(action)
        self.assertEqual(sorted(archive.namelist()), ["guest.json", "guest.xlsx"])
        data = json.loads(archive.read("guest.json"))
        self.assertEqual(
            set(data),
            {
                "profile",
                "preferences",
                "stays",
                "complaints",
                "survey_answers",
                "reviews",
                "points",
                "consent_history",
                "sensitive_access",
            },
        )
        self.assertEqual(data["profile"][0]["Name"], "Lin Wang")
        self.assertEqual(data["profile"][0]["Email"], "lin.wang@example.com")
        self.assertEqual(data["preferences"][0]["Value"], "High floor")
        self.assertEqual(data["stays"][0]["Arrival Notes"], "Lin arrives late")
        self.assertIn("room 301 was noisy", data["complaints"][0]["Description"])
        self.assertEqual(data["survey_answers"][0]["Guest Comment"], "Lin: the pillow was great")
        self.assertEqual(data["reviews"][0]["Text"], "Lin Wang enjoyed the breakfast")
        self.assertEqual([m["Points"] for m in data["points"]], [300])
        self.assertIn("Signed registration card v3, Lin Wang", [c["Proof"] for c in data["consent_history"]])
        workbook = openpyxl.load_workbook(io.BytesIO(archive.read("guest.xlsx")))
        self.assertEqual(set(workbook.sheetnames), set(data))
        sheet = workbook["reviews"]
        headers = [cell.value for cell in sheet[1]]
        self.assertEqual(sheet.cell(2, headers.index("Text") + 1).value, "Lin Wang enjoyed the breakfast")
        log = (
            self.env["hotel.crm.privacy.log"].with_user(self.user_manager).search([("partner_id", "=", self.guest.id)])
        )
        self.assertEqual((log.action, log.user_id), ("export", self.user_manager))

    def test_export_refused_to_non_managers(self):
        for user in (self.user_front, self.user_sensitive):
            with self.assertRaises(AccessError, msg=user.login):
                self.guest.with_user(user).hotel_privacy_export()
            with self.assertRaises(AccessError):
                self.env["hotel.crm.privacy.log"].with_user(user).search([])
        self.assertFalse(self.env["hotel.crm.privacy.log"].sudo().search([("partner_id", "=", self.guest.id)]))

    def test_export_follows_the_record_rules_of_the_manager(self):
        """Guest data is group-wide; stays, complaints and points follow the manager's properties."""
        manager_b = new_test_user(
            self.env,
            login="hc_manager_b",
            groups="base.group_user,hotel_crm.hotel_crm_group_manager",
            company_id=self.property_b.id,
            company_ids=[(6, 0, self.property_b.ids)],
        )
        archive = self._zip(self.guest.with_user(manager_b).hotel_privacy_export())
        data = json.loads(archive.read("guest.json"))
        self.assertEqual(data["profile"][0]["Name"], "Lin Wang")
        self.assertEqual(data["stays"], [], "the stay at property A is not the manager's to read")
        self.assertEqual(data["complaints"], [])
        self.assertEqual(data["points"], [])
