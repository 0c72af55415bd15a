from odoo.exceptions import AccessError
from odoo.tests import HttpCase, new_test_user, tagged
from odoo.tests.common import JsonRpcException

from .common import TrustCommon

GUEST_FIELDS = [
    "hotel_revenue_total",
    "hotel_stay_count",
    "hotel_nights_total",
    "hotel_last_stay_date",
    "hotel_birthday",
    "hotel_anniversary",
    "hotel_consent_sms",
    "hotel_guest_code",
]


@tagged("post_install", "-at_install", "hotel_crm_trust")
class TestTrustPortalFields(TrustCommon, HttpCase):
    """A portal contact reads their own guest data, not a colleague's of the same company."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._trust_setup()
        cls.agency = cls.env["res.partner"].create({"name": "Trust Travel Agency", "is_company": True})
        cls.portal_a = new_test_user(
            cls.env, login="trust_portal_a", password="trust_portal_a_pw", groups="base.group_portal"
        )
        cls.portal_b = new_test_user(
            cls.env, login="trust_portal_b", password="trust_portal_b_pw", groups="base.group_portal"
        )
        for user, birthday in ((cls.portal_a, "1990-02-01"), (cls.portal_b, "1985-09-17")):
            user.partner_id.write(
                {
                    "parent_id": cls.agency.id,
                    "hotel_guest": True,
                    "hotel_birthday": birthday,
                    "hotel_anniversary": "2012-10-10",
                    "hotel_consent_sms": True,
                }
            )
            cls.env["hotel.crm.stay"].create(
                {
                    "partner_id": user.partner_id.id,
                    "company_id": cls.west.id,
                    "arrival_date": "2024-04-01",
                    "departure_date": "2024-04-04",
                    "state": "checked_out",
                    "revenue_room": 2400,
                }
            )
        cls.colleague = cls.portal_b.partner_id

    def test_orm(self):
        colleague = self.colleague.with_user(self.portal_a)
        self.assertEqual(colleague.name, self.portal_b.name, "Odoo lets a portal user read their colleague's name")
        for fname in GUEST_FIELDS:
            with self.subTest(field=fname), self.assertRaises(AccessError):
                colleague.read([fname])
        with self.assertRaises(AccessError):
            colleague.search_read([("id", "=", self.colleague.id)], ["hotel_birthday"])
        with self.assertRaises(AccessError):
            colleague.search([("hotel_birthday", "=", "1985-09-17")])
        own = self.portal_a.partner_id.with_user(self.portal_a).read(GUEST_FIELDS)[0]
        self.assertEqual(str(own["hotel_birthday"]), "1990-02-01")
        self.assertEqual((own["hotel_stay_count"], own["hotel_nights_total"]), (1, 3))
        self.assertEqual(own["hotel_revenue_total"], 2400)
        self.assertTrue(own["hotel_guest_code"])
        with self.assertRaises(AccessError):
            # staff-only, even on one's own contact: it names other people
            self.portal_a.partner_id.with_user(self.portal_a).read(["hotel_duplicate_ids"])

    def _rpc_read(self, partner, fields):
        return self.make_jsonrpc_request(
            "/web/dataset/call_kw/res.partner/read",
            {"model": "res.partner", "method": "read", "args": [partner.ids, fields], "kwargs": {}},
        )

    def test_json_rpc(self):
        self.authenticate("trust_portal_a", "trust_portal_a_pw")
        for fname in GUEST_FIELDS:
            with self.subTest(field=fname), self.assertRaises(JsonRpcException):
                self._rpc_read(self.colleague, [fname])
        with self.assertRaises(JsonRpcException):
            self.make_jsonrpc_request(
                "/web/dataset/call_kw/res.partner/web_read",
                {
                    "model": "res.partner",
                    "method": "web_read",
                    "args": [self.colleague.ids],
                    "kwargs": {"specification": {"hotel_birthday": {}, "hotel_revenue_total": {}}},
                },
            )
        own = self._rpc_read(self.portal_a.partner_id, GUEST_FIELDS)[0]
        self.assertEqual(own["hotel_birthday"], "1990-02-01")
        self.assertEqual(own["hotel_revenue_total"], 2400)
