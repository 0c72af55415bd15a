from datetime import date

from freezegun import freeze_time

from odoo.exceptions import AccessError
from odoo.tests import Form, tagged

from ..survey.common import SurveyCommon


@tagged("post_install", "-at_install", "hotel_crm_privacy")
class TestPrivacyConsent(SurveyCommon):
    """One consent gate for every outgoing guest message; withdrawal stops the next run and cancels
    what is queued; every change is kept in an append-only history and tracked in the chatter."""

    env_context = {}

    def test_gate_per_channel_and_purpose(self):
        Partner = self.env["res.partner"]
        both = self._guest("Both", email="both@example.com", hotel_consent_email=True, hotel_consent_survey=True)
        channel_only = self._guest("Channel Only", email="channel@example.com", hotel_consent_email=True)
        purpose_only = self._guest("Purpose Only", email="purpose@example.com", hotel_consent_survey=True)
        blacklisted = self._guest(
            "Blacklisted", email="black@example.com", hotel_consent_email=True, hotel_consent_survey=True
        )
        self.env["mail.blacklist"]._add("black@example.com")
        marketing = self._guest(
            "Marketing", email="mkt@example.com", hotel_consent_email=True, hotel_consent_marketing=True
        )
        no_address = self._guest("No Address", hotel_consent_email=True, hotel_consent_survey=True)
        texter = self._guest("Texter", mobile="+86 139 5555 6666", hotel_consent_sms=True, hotel_consent_survey=True)
        everyone = both | channel_only | purpose_only | blacklisted | marketing | no_address | texter
        self.assertEqual(everyone._hotel_consent_allows("email", "survey"), both)
        self.assertEqual(everyone._hotel_consent_allows("email", "marketing"), marketing)
        self.assertEqual(
            everyone._hotel_consent_allows("email", "service"),
            both | channel_only | purpose_only | marketing,
            "service messages need no consent, only an address that is not blacklisted",
        )
        self.assertEqual(everyone._hotel_consent_allows("sms", "survey"), texter)
        both.active = False
        self.assertFalse(both._hotel_consent_allows("email", "survey"), "archived guests get nothing")
        with self.assertRaises(ValueError):
            Partner._hotel_consent_sql("p", "fax", "survey")

    def test_withdrawal_stops_the_next_run_and_cancels_the_queue(self):
        with freeze_time("2026-03-06 04:00:00"):
            invitation = self.Invitation._hotel_invite_company(self.property_a)
        self.assertEqual(invitation.partner_id, self.guest)
        queued = self.env["mail.mail"].search(
            [("model", "=", "hotel.crm.survey.invitation"), ("res_id", "=", invitation.id)]
        )
        self.assertEqual(queued.state, "outgoing")
        self.guest.with_user(self.user_front).hotel_consent_survey = False
        self.assertEqual(queued.state, "cancel", "the queued invitation is not sent after the withdrawal")
        with freeze_time("2026-03-10 05:00:00"):
            self.assertFalse(self.Invitation._hotel_send_reminders(), "no reminder after the withdrawal")
        later = self._stay(self.guest, date(2026, 5, 1), date(2026, 5, 3), state="checked_out")
        with freeze_time("2026-05-05 04:00:00"):
            self.assertFalse(self.Invitation._hotel_invite_company(self.property_a))
        self.assertFalse(later.hotel_survey_invitation_ids)

    def test_sms_withdrawal_cancels_queued_texts(self):
        texter = self._guest("Chen Jie", mobile="+86 139 1234 5678", hotel_consent_sms=True, hotel_consent_survey=True)
        self._stay(texter, date(2026, 3, 1), date(2026, 3, 4), state="checked_out")
        self.property_a.hotel_survey_sms = True
        with freeze_time("2026-03-06 04:00:00"):
            self.Invitation._hotel_invite_company(self.property_a)
        text = self.env["sms.sms"].search([("partner_id", "=", texter.id)])
        self.assertEqual(text.state, "outgoing")
        texter.hotel_consent_sms = False
        self.assertEqual(text.state, "canceled")

    def test_greeting_is_marketing(self):
        today = date(2026, 6, 15)
        birthday = date(1980, 6, 15)
        greeted = self._guest(
            "Greeted",
            email="greeted@example.com",
            hotel_consent_email=True,
            hotel_consent_marketing=True,
            hotel_birthday=birthday,
        )
        self._guest("Not Greeted", email="ng@example.com", hotel_consent_email=True, hotel_birthday=birthday)
        ids = self.env["hotel.crm.greeting"]._hotel_greeting_candidates("birthday", today)
        candidates = self.env["res.partner"].browse(ids).filtered(lambda p: p.hotel_birthday == birthday)
        self.assertEqual(candidates, greeted, "a greeting needs marketing consent on top of e-mail consent")

    def _commit_tracking(self):
        """Write the tracking values as a commit would (tests never commit)."""
        self.env.flush_all()
        self.env.cr.precommit.run()

    def test_history_and_chatter(self):
        guest = self._guest("History Guest", email="hist@example.com")
        self._commit_tracking()  # a record is tracked from the transaction after its creation
        with Form(
            guest.with_user(self.user_front).with_context(hotel_consent_proof="Registration card v3, box 2")
        ) as form:
            form.hotel_consent_email = True
            form.hotel_consent_email_source = "registration_card"
            form.hotel_consent_survey = True
        history = guest.hotel_consent_ids.sorted("id")
        self.assertEqual(
            [(h.channel, h.purpose, h.granted) for h in history],
            [("email", False, True), (False, "survey", True)],
        )
        self.assertEqual(history.user_id, self.user_front)
        self.assertEqual(set(history.mapped("proof")), {"Registration card v3, box 2"})
        self.assertEqual(history[0].source, "registration_card")
        self._commit_tracking()
        guest.with_user(self.user_front).hotel_consent_survey = False
        last = guest.hotel_consent_ids.sorted("id")[-1]
        self.assertEqual((last.purpose, last.granted), ("survey", False))
        self._commit_tracking()
        tracked = guest.message_ids.tracking_value_ids.field_id.mapped("name")
        self.assertIn("hotel_consent_email", tracked, "consent changes are tracked in the chatter")
        survey_values = guest.message_ids.tracking_value_ids.filtered(
            lambda value: value.field_id.name == "hotel_consent_survey"
        )
        self.assertEqual(len(survey_values), 2, "given, then withdrawn")

    def test_history_is_append_only(self):
        guest = self._guest("Append Only", email="ao@example.com", hotel_consent_email=True)
        row = guest.hotel_consent_ids
        self.assertEqual(len(row), 1)
        for user in (self.user_front, self.user_manager):
            with self.assertRaises(AccessError):
                row.with_user(user).write({"granted": False})
            with self.assertRaises(AccessError):
                row.with_user(user).unlink()
            with self.assertRaises(AccessError):
                self.env["hotel.crm.consent"].with_user(user).create({"partner_id": guest.id, "purpose": "survey"})
        self.assertTrue(row.exists() and row.granted)
