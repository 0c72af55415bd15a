from datetime import date, timedelta

from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged

from ..common import TestValueCommon


@tagged("post_install", "-at_install", "hotel_crm_value")
class TestValueAccess(TestValueCommon):
    """Value and life-cycle figures are internal: hotel staff read them, guests on the portal do not."""

    def test_portal_guest_cannot_read_value_of_own_partner(self):
        portal = new_test_user(self.env, login="value_portal", groups="base.group_portal", name="Portal Guest")
        partner = portal.partner_id
        partner.hotel_guest = True
        self._stays(partner, [(date.today() - timedelta(days=10), 2, 900.0)])
        self._recompute(partner)
        self.assertTrue(partner.hotel_clv)
        as_portal = partner.with_user(portal)
        self.assertEqual(as_portal.read(["name"])[0]["name"], "Portal Guest", "the guest reads their own contact")
        for fname in ("hotel_clv", "hotel_value_segment", "hotel_rfm_score", "hotel_lifecycle_stage"):
            with self.assertRaises(AccessError, msg=f"{fname} is not for the portal"):
                as_portal.read([fname])
        self.assertNotIn("hotel_clv", as_portal.fields_get(), "the portal does not even see the field")
        staff = new_test_user(self.env, login="value_staff", groups="hotel_crm.hotel_crm_group_user")
        self.assertEqual(partner.with_user(staff).hotel_clv, partner.hotel_clv)

    def test_recompute_is_for_managers_and_the_cron(self):
        """hotel_recompute_value() is public over RPC and writes every guest: refused to others."""
        partner = self.env["res.partner"].create({"name": "Recompute Target", "hotel_guest": True})
        self._stays(partner, [(date.today() - timedelta(days=10), 2, 900.0)])
        staff = new_test_user(self.env, login="value_staff_rpc", groups="hotel_crm.hotel_crm_group_user")
        portal = new_test_user(self.env, login="value_portal_rpc", groups="base.group_portal")
        for user in (staff, portal):
            with self.subTest(user=user.login), self.assertRaisesRegex(AccessError, "Only Hotel CRM managers"):
                self.env["res.partner"].with_user(user).hotel_recompute_value(partner_ids=partner.ids)
        self.assertFalse(partner.hotel_value_segment in ("vip", "major", "ordinary", "small"), "nothing computed")
        manager = new_test_user(self.env, login="value_manager_rpc", groups="hotel_crm.hotel_crm_group_manager")
        self.env["res.partner"].with_user(manager).hotel_recompute_value(partner_ids=partner.ids)
        self.assertEqual(partner.hotel_value_segment, "vip", "the only guest in scope with revenue")
