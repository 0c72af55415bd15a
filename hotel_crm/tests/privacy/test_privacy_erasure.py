import base64
import json
from datetime import date

from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, HttpCase, new_test_user, tagged

from ..survey.common import SurveyCommon


class PrivacyRequestCommon(SurveyCommon):
    """A guest with personal data on every kind of record: profile, preference, stay notes, a
    complaint, a review, a survey answer with a comment, a message with an attachment, tracked
    changes, a queued e-mail, a portal user, consent proof and a points balance."""

    env_context = {}

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        both = {"company_id": cls.property_a.id, "company_ids": [Command.set(cls.properties.ids)]}
        cls.user_dpo = new_test_user(
            cls.env,
            login="hc_dpo",
            groups="base.group_user,hotel_crm.hotel_crm_group_manager,hotel_crm.hotel_crm_group_sensitive",
            **both,
        )
        guest = cls.guest.with_context(hotel_consent_proof="Signed registration card v3, Lin Wang")
        guest.write(
            {
                "phone": "+86 21 5555 1234",
                "mobile": "+86 139 1234 5678",
                "street": "88 Nanjing Road",
                "city": "Shanghai",
                "vat": "LIN-VAT-42",
                "website": "https://lin.example.com",
                "comment": "<p>Prefers Lin to be called Ms Wang</p>",
                "hotel_birthday": date(1990, 5, 17),
                "hotel_anniversary": date(2015, 9, 1),
                "hotel_consent_sensitive": True,
            }
        )
        cls.preference = cls.env["hotel.crm.preference"].create(
            {"partner_id": cls.guest.id, "category_id": next(iter(cls.category.values())).id, "value": "High floor"}
        )
        cls.stay.write({"arrival_notes": "Lin arrives late", "note": "Lin's passport E1234"})
        cls.complaint = cls.env["hotel.crm.complaint"].create(
            {
                "name": "Noisy room",
                "partner_id": cls.guest.id,
                "stay_id": cls.stay.id,
                "company_id": cls.property_a.id,
                "description": "<p>Lin Wang says room 301 was noisy</p>",
            }
        )
        cls.review = cls.env["hotel.crm.review"].create(
            {
                "source": "google",
                "external_id": "G-LIN-1",
                "company_id": cls.property_a.id,
                "rating": 4,
                "title": "Lovely stay, Lin",
                "text": "Lin Wang enjoyed the breakfast",
                "reviewer_name": "Lin W.",
                "partner_id": cls.guest.id,
                "stay_id": cls.stay.id,
            }
        )
        cls.answer = cls._answer({"csat": 4, "nps": 9, "comment": "Lin: the pillow was great"})
        cls.message = cls.stay.message_post(  # pylint: disable=translation-required
            body="Lin Wang called about her passport",
            attachment_ids=[
                cls.env["ir.attachment"]
                .create(
                    {
                        "name": "passport.pdf",
                        "datas": base64.b64encode(b"PASSPORT"),
                        "res_model": "mail.compose.message",
                        "res_id": 0,
                    }
                )
                .id
            ],
        )
        cls.mail = cls.env["mail.mail"].create(
            {
                "subject": "Welcome Lin",
                "body_html": "<p>Dear Lin Wang</p>",
                "recipient_ids": [Command.link(cls.guest.id)],
                "state": "outgoing",
            }
        )
        cls.portal_user = cls.env["res.users"].create(
            {
                "login": "lin.portal",
                "partner_id": cls.guest.id,
                "groups_id": [Command.set(cls.env.ref("base.group_portal").ids)],
            }
        )
        cls.guest.sudo().with_company(cls.property_a)._hotel_points_grant(
            300, reason="Welcome bonus", company_id=cls.property_a.id
        )
        # tracked changes of records created in this transaction are written at precommit
        cls.env.flush_all()
        cls.env.cr.precommit.run()
        cls.complaint.name = "Noisy room 301 (Lin)"
        cls.env.flush_all()
        cls.env.cr.precommit.run()


@tagged("post_install", "-at_install", "hotel_crm_privacy")
class TestPrivacyErasure(PrivacyRequestCommon):
    """Erasure on request: the personal data goes, the statistics stay."""

    def _erase(self, user=None, reason="Guest's e-mail of 2026-03-20"):
        wizard = Form(
            self.env["hotel.crm.erasure.wizard"]
            .with_user(user or self.user_dpo)
            .with_context(default_partner_id=self.guest.id)
        )
        wizard.reason = reason
        wizard.confirm = True
        return wizard.save().action_erase()

    def _statistics(self):
        Partner = self.env["res.partner"].with_company(self.property_a)
        Partner.hotel_recompute_value(partner_ids=self.guest.ids)
        guest = self.guest.sudo()
        stats = {
            "value": (guest.hotel_value_segment, guest.hotel_rfm_score, guest.hotel_rfm_segment, guest.hotel_clv),
            "pyramid": self.env["hotel.crm.value.pyramid.report"]
            .sudo()
            .search_read([], ["segment", "guest_count", "revenue"], order="id"),
            "complaints": self.env["hotel.crm.complaint.report"]
            .sudo()
            ._read_group([], ["company_id", "severity"], ["nbr:sum"]),
            "stays": self.env["hotel.crm.stay"]
            .sudo()
            ._read_group(
                [("partner_id", "=", self.guest.id)], ["state"], ["revenue_total:sum", "nights:sum", "__count"]
            ),
            "survey": (self.answer.hotel_csat, self.answer.hotel_nps),
            "review": self.review.rating_normalized,
            "ledger": sum(
                self.env["hotel.crm.points.move"].sudo().search([("partner_id", "=", self.guest.id)]).mapped("points")
            ),
        }
        if "hotel.crm.kpi.snapshot" in self.env:
            snapshot = (
                self.env["hotel.crm.kpi.snapshot"]
                .sudo()
                .compute_snapshot(date(2026, 1, 1), date(2026, 12, 31), company=self.property_a)
            )
            stats["kpi"] = {code: kpi["value"] for code, kpi in snapshot.hotel_kpi_values().items()}
        return stats

    def test_refused_without_both_groups(self):
        for user in (self.user_front, self.user_manager, self.user_sensitive):
            with self.assertRaises(AccessError, msg=user.login):
                self.guest.with_user(user).hotel_anonymize("asked by phone")
        self.assertFalse(self.guest.sudo().hotel_anonymized)
        self.assertEqual(self.guest.name, "Lin Wang")

    def test_refused_while_a_stay_is_open(self):
        self._stay(self.guest, date(2026, 12, 1), date(2026, 12, 3), state="booked", external_ref="S-OPEN")
        with self.assertRaises(UserError) as caught:
            self._erase()
        self.assertIn("Lin Wang", str(caught.exception))
        self.assertEqual(self.guest.name, "Lin Wang", "nothing changed")
        self.assertEqual(self.guest.sudo().hotel_points_balance, 300)

    def test_reason_and_confirmation_required(self):
        with self.assertRaises(UserError):
            self.guest.with_user(self.user_dpo).hotel_anonymize("  ")
        wizard = (
            self.env["hotel.crm.erasure.wizard"]
            .with_user(self.user_dpo)
            .create({"partner_id": self.guest.id, "reason": "asked", "confirm": False})
        )
        with self.assertRaises(UserError):
            wizard.action_erase()
        self.assertFalse(self.guest.sudo().hotel_anonymized)

    def test_flag_not_writable_by_clients(self):
        with self.assertRaises(AccessError):
            self.guest.with_user(self.user_dpo).write({"hotel_anonymized": True})

    def test_erasure_erases_personal_data_and_keeps_statistics(self):
        before = self._statistics()
        self._erase()
        guest = self.guest.sudo().with_context(active_test=False)
        self.assertEqual(guest.name, f"Anonymised guest #{guest.id}")
        self.assertTrue(guest.hotel_anonymized)
        self.assertTrue(guest.hotel_anonymized_date)
        for fname in ("email", "phone", "mobile", "street", "city", "vat", "website", "comment"):
            self.assertFalse(guest[fname], fname)
        self.assertFalse(guest.hotel_birthday)
        self.assertFalse(guest.hotel_anniversary)
        self.assertTrue(guest.hotel_guest_code, "the guest code is kept: not personal data")
        self.assertFalse(self.preference.exists())
        self.assertFalse(self.stay.note)
        self.assertEqual(
            self.stay.arrival_notes, "(erased on request)", "the text goes, the fact that there were notes stays"
        )
        self.assertFalse(self.complaint.description)
        self.assertEqual(self.complaint.name, "Noisy room 301 (Lin)", "the subject is kept")
        self.assertEqual(self.complaint.partner_id, self.guest, "the complaint stays the guest's")
        self.assertFalse(self.review.text or self.review.title or self.review.reviewer_name)
        self.assertFalse(self.answer.hotel_comment)
        self.assertFalse(any(self.answer.user_input_line_ids.mapped("value_text_box")))
        self.assertFalse(self.message.exists() and self.message.body)
        self.assertFalse(self.env["ir.attachment"].sudo().search([("name", "=", "passport.pdf")]))
        trackings = (
            self.env["mail.tracking.value"]
            .sudo()
            .search(
                [
                    ("mail_message_id.model", "=", "hotel.crm.complaint"),
                    ("mail_message_id.res_id", "=", self.complaint.id),
                ]
            )
        )
        self.assertTrue(trackings, "the tracked subject change exists")
        self.assertFalse(any(trackings.mapped("old_value_char") + trackings.mapped("new_value_char")))
        self.assertFalse(self.mail.exists(), "the queued e-mail is deleted")
        self.assertFalse(guest.hotel_consent_ids.filtered("proof"), "consent proof text erased")
        portal_user = self.portal_user.sudo().with_context(active_test=False)
        self.assertFalse(portal_user.active)
        self.assertNotIn("lin", portal_user.login)
        # points: the balance expired with a ledger line, the ledger kept
        expire = self._moves_of("expire")
        self.assertEqual(expire.points, -300)
        self.assertEqual(guest.hotel_points_balance, 0)
        after = self._statistics()
        self.assertEqual(after.pop("ledger"), 0)
        self.assertEqual(before.pop("ledger"), 300)
        self.assertEqual(after, before, "stays, revenue, scores, complaint and value statistics unchanged")
        log = self.env["hotel.crm.privacy.log"].with_user(self.user_manager).search([("partner_id", "=", guest.id)])
        self.assertEqual(
            (log.action, log.user_id, log.reason), ("erase", self.user_dpo, "Guest's e-mail of 2026-03-20")
        )
        with self.assertRaises(AccessError):
            log.with_user(self.user_manager).write({"reason": "changed"})
        with self.assertRaises(AccessError):
            log.with_user(self.user_dpo).unlink()
        self.assertTrue(
            self.env["privacy.log"].sudo().search([("additional_note", "=", "Guest's e-mail of 2026-03-20")])
        )

    def _moves_of(self, move_type):
        return (
            self.env["hotel.crm.points.move"]
            .sudo()
            .search([("partner_id", "=", self.guest.id), ("move_type", "=", move_type)])
        )


@tagged("post_install", "-at_install", "hotel_crm_privacy")
class TestPrivacyErasureRpc(PrivacyRequestCommon, HttpCase):
    """The rights of the erasure and the export hold over JSON-RPC, not only in the views."""

    def _call(self, login, method, args):
        self.authenticate(login, login)
        payload = {
            "id": 1,
            "jsonrpc": "2.0",
            "method": "call",
            "params": {"model": "res.partner", "method": method, "args": args, "kwargs": {}},
        }
        response = self.url_open(
            f"/web/dataset/call_kw/res.partner/{method}",
            data=json.dumps(payload),
            headers={"Content-Type": "application/json"},
        )
        self.assertEqual(response.status_code, 200)
        return response.json()

    def test_rights_over_rpc(self):
        for login in ("hc_manager", "hc_sensitive", "hc_front"):
            answer = self._call(login, "hotel_anonymize", [[self.guest.id], "asked by phone"])
            self.assertEqual(answer.get("error", {}).get("data", {}).get("name"), "odoo.exceptions.AccessError", login)
        answer = self._call("hc_front", "hotel_privacy_export", [[self.guest.id]])
        self.assertEqual(answer.get("error", {}).get("data", {}).get("name"), "odoo.exceptions.AccessError")
        self.assertEqual(self.guest.name, "Lin Wang", "nothing erased")
        self.assertFalse(self.env["hotel.crm.privacy.log"].sudo().search([("partner_id", "=", self.guest.id)]))
        answer = self._call("hc_dpo", "hotel_anonymize", [[self.guest.id], "asked by phone"])
        self.assertIs(answer.get("result"), True, answer.get("error"))
        self.guest.invalidate_recordset()
        self.assertEqual(self.guest.name, f"Anonymised guest #{self.guest.id}")
