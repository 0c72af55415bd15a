import json
from datetime import date

from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, HttpCase, new_test_user, tagged

from ..common import LoyaltyCase


class TierGrantCase(LoyaltyCase):
    """Tier grants at a property working in Asia/Shanghai (UTC+8)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.hotel_tz = "Asia/Shanghai"
        cls.Grant = cls.env["hotel.crm.tier.grant"]
        cls.grant_manager = new_test_user(
            cls.env,
            login="grant_manager",
            groups="base.group_user,hotel_crm.hotel_crm_group_manager",
            company_id=cls.company.id,
            company_ids=[(6, 0, cls.company.ids)],
        )
        cls.grant_desk = new_test_user(
            cls.env,
            login="grant_desk",
            password="grant_desk_pw",
            groups="base.group_user,hotel_crm.hotel_crm_group_user",
            company_id=cls.company.id,
            company_ids=[(6, 0, cls.company.ids)],
        )

    def _grant(self, guest, tier, until, reason="status_match", user=None, **vals):
        """Grant ``tier`` through the guest form's wizard, as ``user`` (default: the manager)."""
        action = guest.with_user(user or self.grant_manager).action_hotel_grant_tier()
        wizard = Form(
            self.env[action["res_model"]].with_user(user or self.grant_manager).with_context(**action["context"])
        )
        wizard.tier_id = tier
        wizard.date_until = until
        wizard.reason = reason
        for fname, value in vals.items():
            setattr(wizard, fname, value)
        wizard.save().action_grant()
        return self.Grant.search([("partner_id", "=", guest.id)], limit=1)

    def _messages(self, partner, text):
        return partner.message_ids.filtered(lambda m: text in (m.body or ""))


@tagged("post_install", "-at_install", "hotel_crm_loyalty")
class TestLoyaltyTierGrant(TierGrantCase):
    def test_higher_of_granted_and_earned(self):
        with freeze_time("2025-01-10 04:00:00"):
            guest = self._guest("Status Match")
            self._stay(guest, room=1100, arrival=date(2025, 1, 1))
            self.assertEqual(guest.hotel_tier_id, self.silver)
            grant = self._grant(guest, self.gold, date(2025, 3, 31), reason_note="Other chain Gold Elite")
            self.assertEqual(guest.hotel_tier_id, self.gold, "granted Gold beats earned Silver")
            self.assertEqual(guest.hotel_tier_grant_id, grant)
            self.assertEqual(guest.hotel_tier_review_date, date(2025, 4, 1), "reviewed the day after the grant")
            self.assertEqual(
                (grant.user_id, grant.date_from, grant.state), (self.grant_manager, date(2025, 1, 10), "active")
            )
            self.assertEqual(
                len(self._messages(guest, "Tier Gold granted until 2025-03-31 by")),
                1,
                "the grant is in the tier history",
            )
            self.assertTrue(self._messages(guest, "Status Match: Other chain Gold Elite"))
            # earning a higher tier still upgrades at once
            self._stay(guest, room=6000, arrival=date(2025, 1, 5))
            self.assertEqual(guest.hotel_tier_id, self.platinum, "earned Platinum beats granted Gold")
            # a guest who earned more than the grant keeps their own tier
            steady = self._guest("Already Gold")
            self._stay(steady, room=3500, arrival=date(2025, 1, 2))
            self._grant(steady, self.silver, date(2025, 3, 31), reason="vip_courtesy")
            self.assertEqual(steady.hotel_tier_id, self.gold)
            self.assertTrue(self._messages(steady, "is as high or higher and is kept"))

    def test_no_downgrade_while_granted_then_soft_landing_at_expiry(self):
        with freeze_time("2025-01-10 04:00:00"):
            guest = self._guest("Paid Card")
            self._stay(guest, room=1100, arrival=date(2025, 1, 1))
            self._grant(guest, self.platinum, date(2025, 3, 31), reason="paid_membership")
            self.assertEqual(guest.hotel_tier_id, self.platinum)
            # say an earned review falls within the grant
            guest.sudo().hotel_tier_review_date = date(2025, 3, 1)
        with freeze_time("2025-03-15 04:00:00"):
            self.env["res.partner"]._cron_hotel_tier_review()
            self.assertEqual(guest.hotel_tier_id, self.platinum, "a current grant holds the tier")
            self.assertEqual(guest.hotel_tier_review_date, date(2025, 4, 1), "the review waits for the grant's end")
        # 23:00 on 31 March in Shanghai: the last day of the grant
        with freeze_time("2025-03-31 15:00:00"):
            self.assertEqual(self.Grant._cron_expire(), 0)
            self.assertEqual(guest.hotel_tier_id, self.platinum)
        # 01:00 on 1 April in Shanghai (still 31 March in UTC): expired
        with freeze_time("2025-03-31 17:00:00"):
            self.assertEqual(self.Grant._cron_expire(), 1)
            grant = guest.hotel_tier_grant_ids
            self.assertEqual(grant.state, "expired")
            self.assertFalse(guest.hotel_tier_grant_id)
            self.assertEqual(guest.hotel_tier_id, self.gold, "soft landing: one tier down, although Silver is earned")
            self.assertEqual(guest.hotel_tier_review_date, date(2026, 4, 1), "a new qualification period")
            self.assertTrue(self._messages(guest, "Tier grant Platinum ended on 2025-03-31"))
            self.assertTrue(self._messages(guest, "Tier lowered from Platinum to Gold"))
            # the review cron of the same day changes nothing more, nor does a second expiry run
            self.env["res.partner"]._cron_hotel_tier_review()
            self.assertEqual(self.Grant._cron_expire(), 0)
            self.assertEqual(guest.hotel_tier_id, self.gold)
        with freeze_time("2026-04-01 04:00:00"):
            self.env["res.partner"]._cron_hotel_tier_review()
            self.assertEqual(guest.hotel_tier_id, self.silver, "normal evaluation goes on")

    def test_extend_a_grant(self):
        with freeze_time("2025-01-10 04:00:00"):
            guest = self._guest("Extended")
            grant = self._grant(guest, self.gold, date(2025, 2, 28))
            grant.with_user(self.grant_manager).date_until = date(2025, 6, 30)
            self.assertEqual(guest.hotel_tier_review_date, date(2025, 7, 1))
            self.assertTrue(self._messages(guest, "Tier grant Gold now valid until 2025-06-30"))

    def test_reason_required(self):
        guest = self._guest("No Reason")
        with self.assertRaises(AssertionError):
            self._grant(guest, self.gold, date(2099, 12, 31), reason=False)  # the form refuses a required field
        # (assertRaises, not assertRaisesRegex: Odoo's rolls the refused grant back)
        with self.assertRaises(ValidationError) as caught:
            self.Grant.with_user(self.grant_manager).create(
                {"partner_id": guest.id, "tier_id": self.gold.id, "date_until": date(2099, 12, 31), "reason": "other"}
            )
        self.assertIn("“Details” is required", str(caught.exception))
        with self.assertRaisesRegex(UserError, "already past"):
            self._grant(guest, self.gold, date(2020, 1, 1))
        self.assertFalse(guest.hotel_tier_grant_ids)

    def test_only_managers_grant(self):
        guest = self._guest("Wants Gold")
        vals = {
            "partner_id": guest.id,
            "tier_id": self.gold.id,
            "date_until": date(2099, 12, 31),
            "reason": "vip_courtesy",
        }
        with self.assertRaises(AccessError):
            self.Grant.with_user(self.grant_desk).create(vals)
        with self.assertRaises(AccessError):
            self._grant(guest, self.gold, date(2099, 12, 31), user=self.grant_desk)
        with self.assertRaises(AccessError):
            self.env["hotel.crm.tier.grant.wizard"].with_user(self.grant_desk).create(vals)
        with self.assertRaises(AccessError):
            guest.with_user(self.grant_desk).write({"hotel_tier_id": self.gold.id})
        with self.assertRaises(AccessError, msg="managers too change a tier only by a grant"):
            guest.with_user(self.grant_manager).write({"hotel_tier_id": self.gold.id})
        self.assertFalse(guest.hotel_tier_grant_ids)
        self.assertNotEqual(guest.hotel_tier_id, self.gold)
        # what was granted, to whom and by whom stays as granted; the desk changes nothing
        grant = self._grant(guest, self.silver, date(2099, 12, 31))
        with self.assertRaises(AccessError):
            grant.with_user(self.grant_manager).write({"tier_id": self.platinum.id})
        with self.assertRaises(AccessError):
            grant.with_user(self.grant_manager).write({"state": "expired"})
        with self.assertRaises(AccessError):
            grant.with_user(self.grant_desk).write({"date_until": date(2030, 1, 1)})
        # a manager's client cannot claim another granter either
        spoofed = self.Grant.with_user(self.grant_manager).create({**vals, "user_id": self.grant_desk.id})
        self.assertEqual(spoofed.user_id, self.grant_manager)


@tagged("post_install", "-at_install", "hotel_crm_loyalty")
class TestLoyaltyTierGrantRevoke(TierGrantCase):
    """A manager revokes an active grant before its last day, from the grant form's *Revoke*."""

    def _revoke(self, grant, reason, user=None):
        user = user or self.grant_manager
        action = grant.with_user(user).action_open_revoke_wizard()
        wizard = Form(self.env[action["res_model"]].with_user(user).with_context(**action["context"]))
        wizard.reason = reason
        return wizard.save().action_revoke()

    def test_revoke_reviews_at_once_with_soft_landing(self):
        with freeze_time("2025-01-10 04:00:00"):
            guest = self._guest("Card Cancelled")
            self._stay(guest, room=1100, arrival=date(2025, 1, 1))
            self.assertEqual(guest.hotel_tier_id, self.silver)
            grant = self._grant(guest, self.platinum, date(2025, 12, 31), reason="paid_membership")
            self.assertEqual(guest.hotel_tier_id, self.platinum)
            self.assertEqual(guest.hotel_tier_review_date, date(2026, 1, 1))
        # 01:00 on 1 February in Shanghai (still 31 January in UTC)
        with freeze_time("2025-01-31 17:00:00"):
            self._revoke(grant, "  The guest cancelled the paid card.  ")
            self.assertEqual(
                (grant.state, grant.revoked_user_id, grant.revoked_date, grant.revoke_reason),
                ("revoked", self.grant_manager, date(2025, 2, 1), "The guest cancelled the paid card."),
            )
            self.assertEqual(
                (grant.tier_id, grant.date_from, grant.date_until, grant.user_id),
                (self.platinum, date(2025, 1, 10), date(2025, 12, 31), self.grant_manager),
                "the grant keeps what was granted",
            )
            self.assertFalse(guest.hotel_tier_grant_id)
            self.assertEqual(guest.hotel_tier_id, self.gold, "soft landing: one tier down, although Silver is earned")
            self.assertEqual(guest.hotel_tier_review_date, date(2026, 2, 1), "a new qualification period")
            self.assertEqual(
                len(self._messages(guest, "Tier grant Platinum (valid until 2025-12-31) revoked on 2025-02-01 by")),
                1,
            )
            self.assertTrue(self._messages(guest, "The guest cancelled the paid card."))
            self.assertTrue(self._messages(guest, "Tier lowered from Platinum to Gold"))
            # the expiry job leaves it alone; a second revocation is refused
            self.assertEqual(self.Grant._cron_expire(), 0)
            with self.assertRaisesRegex(UserError, "only an active grant"):
                grant.with_user(self.grant_manager).action_revoke("Again")
            self.assertEqual(guest.hotel_tier_id, self.gold)

    def test_revoke_keeps_an_earned_tier_and_other_grants(self):
        with freeze_time("2025-01-10 04:00:00"):
            guest = self._guest("Two Grants")
            self._grant(guest, self.silver, date(2025, 6, 30), reason="vip_courtesy")
            self._grant(guest, self.gold, date(2025, 3, 31))
            low = guest.hotel_tier_grant_ids.filtered(lambda g: g.tier_id == self.silver)
            high = guest.hotel_tier_grant_ids.filtered(lambda g: g.tier_id == self.gold)
            self.assertEqual(guest.hotel_tier_id, self.gold)
            high.with_user(self.grant_manager).action_revoke("Status match withdrawn")
            guest.invalidate_recordset(["hotel_tier_grant_id"])
            self.assertEqual(high.state, "revoked")
            self.assertEqual(guest.hotel_tier_grant_id, low, "the other grant still holds")
            self.assertEqual(guest.hotel_tier_id, self.gold, "held: no review while a grant is current")
            self.assertEqual(low.state, "active")

    def test_reason_required_and_managers_only(self):
        with freeze_time("2025-01-10 04:00:00"):
            guest = self._guest("Kept Grant")
            grant = self._grant(guest, self.gold, date(2025, 3, 31))
            with self.assertRaises(AssertionError):
                self._revoke(grant, False)  # the dialog's reason is required
            with self.assertRaisesRegex(UserError, "Revocation Reason"):
                grant.with_user(self.grant_manager).action_revoke("   ")
            with self.assertRaises(AccessError):
                grant.with_user(self.grant_desk).action_revoke("Not mine to revoke")
            with self.assertRaises(AccessError):
                grant.with_user(self.grant_desk).action_open_revoke_wizard()
            with self.assertRaises(AccessError, msg="the revocation is written by Revoke only"):
                grant.with_user(self.grant_manager).write({"revoke_reason": "typed in", "revoked_date": "2025-01-10"})
            self.assertEqual(grant.state, "active")
            self.assertFalse(grant.revoke_reason)
            self.assertEqual(guest.hotel_tier_id, self.gold)


@tagged("post_install", "-at_install", "hotel_crm_loyalty")
class TestLoyaltyTierGrantRpc(TierGrantCase, HttpCase):
    """Over JSON-RPC, as a client would call it: the desk cannot grant nor set a tier."""

    def _call(self, model, method, args):
        payload = {
            "id": 1,
            "jsonrpc": "2.0",
            "method": "call",
            "params": {"model": model, "method": method, "args": args, "kwargs": {}},
        }
        response = self.url_open(
            f"/web/dataset/call_kw/{model}/{method}",
            data=json.dumps(payload),
            headers={"Content-Type": "application/json"},
        )
        return response.json()

    def test_refused_over_json_rpc(self):
        guest = self._guest("Over RPC")
        self.authenticate("grant_desk", "grant_desk_pw")
        vals = {"partner_id": guest.id, "tier_id": self.gold.id, "date_until": "2099-12-31", "reason": "other"}
        for model, method, args in (
            ("hotel.crm.tier.grant", "create", [vals]),
            ("hotel.crm.tier.grant.wizard", "create", [vals]),
            ("res.partner", "write", [[guest.id], {"hotel_tier_id": self.gold.id}]),
        ):
            answer = self._call(model, method, args)
            self.assertIn("error", answer, f"{model}.{method} refused")
            self.assertIn("AccessError", answer["error"]["data"]["name"])
        guest.invalidate_recordset()
        self.assertFalse(self.Grant.search([("partner_id", "=", guest.id)]))
        self.assertNotEqual(guest.hotel_tier_id, self.gold)

    def test_revoke_refused_over_json_rpc(self):
        guest = self._guest("Keeps Gold")
        grant = self._grant(guest, self.gold, date(2099, 12, 31))
        self.authenticate("grant_desk", "grant_desk_pw")
        for model, method, args in (
            ("hotel.crm.tier.grant", "action_revoke", [[grant.id], "The desk says so"]),
            ("hotel.crm.tier.grant", "action_open_revoke_wizard", [[grant.id]]),
            ("hotel.crm.tier.grant.revoke.wizard", "create", [{"grant_id": grant.id, "reason": "The desk says so"}]),
            ("hotel.crm.tier.grant", "write", [[grant.id], {"state": "revoked"}]),
        ):
            answer = self._call(model, method, args)
            self.assertIn("error", answer, f"{model}.{method} refused")
            self.assertIn("AccessError", answer["error"]["data"]["name"])
        grant.invalidate_recordset()
        guest.invalidate_recordset()
        self.assertEqual((grant.state, grant.revoke_reason), ("active", False))
        self.assertEqual(guest.hotel_tier_id, self.gold)
