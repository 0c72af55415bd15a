from odoo.exceptions import ValidationError
from odoo.tests import TransactionCase, tagged

from .common import TrustCommon


@tagged("post_install", "-at_install", "hotel_crm_trust")
class TestTrustErrors(TrustCommon, TransactionCase):
    """An error names only records its reader may read."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._trust_setup()

    def test_complaint_on_another_property_s_stay(self):
        complaint = self.env["hotel.crm.complaint"].create(
            {"name": "Lost luggage", "partner_id": self.guest.id, "company_id": self.west.id}
        )
        with self.assertRaises(ValidationError) as caught:
            self.as_front(complaint).write({"stay_id": self.stay_bund.id})
        message = str(caught.exception)
        self.assertIn(complaint.display_name, message, "the complaint the user works on is named")
        for secret in ("TRUST-BUND-SECRET", "Trust Bund"):
            self.assertNotIn(secret, message)
        # a manager of both properties reads both: the message names them
        with self.assertRaises(ValidationError) as caught:
            self.as_manager(complaint).write({"stay_id": self.stay_bund.id})
        self.assertIn("TRUST-BUND-SECRET", str(caught.exception))
        self.assertIn("Trust Bund", str(caught.exception))

    def test_complaint_on_another_guest_s_stay(self):
        other = self.env["res.partner"].create({"name": "Trust Other Guest", "hotel_guest": True})
        complaint = self.env["hotel.crm.complaint"].create(
            {"name": "Wrong bill", "partner_id": other.id, "company_id": self.west.id}
        )
        with self.assertRaises(ValidationError) as caught:
            self.as_front(complaint).write({"stay_id": self.stay_bund.id})
        self.assertNotIn("TRUST-BUND-SECRET", str(caught.exception))
