from datetime import date

from freezegun import freeze_time
from psycopg2 import IntegrityError

from odoo.exceptions import UserError
from odoo.tests import tagged
from odoo.tools import mute_logger

from .common import SurveyCommon


@tagged("post_install", "-at_install", "hotel_crm_survey")
class TestSurveyInvitation(SurveyCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # Shanghai is UTC+8: the property's day 2026-03-06 starts at 2026-03-05 16:00 UTC
        cls.property_a.partner_id.tz = "Asia/Shanghai"
        cls.property_b.partner_id.tz = "Asia/Shanghai"

    def _invite(self, company=None):
        return self.Invitation._hotel_invite_company(company or self.property_a)

    def _mails(self, invitations):
        return self.env["mail.mail"].search(
            [("model", "=", "hotel.crm.survey.invitation"), ("res_id", "in", invitations.ids)]
        )

    def test_delay_in_property_time_zone_and_never_twice(self):
        # departure 2026-03-04, default delay 2 days: due on the property's 2026-03-06
        with freeze_time("2026-03-05 15:59:00"):
            self.assertFalse(self._invite(), "still 2026-03-05 in Shanghai: too early")
        with freeze_time("2026-03-05 16:01:00"):
            invitation = self._invite()
        self.assertEqual(len(invitation), 1)
        self.assertEqual(invitation.stay_id, self.stay)
        self.assertEqual((invitation.partner_id, invitation.company_id), (self.guest, self.property_a))
        self.assertEqual(invitation.email, "lin.wang@example.com")
        answer = invitation.user_input_id
        self.assertEqual(
            (answer.hotel_stay_id, answer.partner_id, answer.hotel_company_id, answer.hotel_channel),
            (self.stay, self.guest, self.property_a, "email"),
            "the answer links back to stay, guest and property",
        )
        mail = self._mails(invitation)
        self.assertEqual(len(mail), 1)
        self.assertEqual(mail.recipient_ids, self.guest)
        self.assertIn(answer.access_token, mail.body_html, "the mail carries the guest's own survey link")
        with freeze_time("2026-03-07 10:00:00"):
            self.assertFalse(self._invite(), "a stay is surveyed once")
        with self.assertRaises(IntegrityError), self.cr.savepoint(), mute_logger("odoo.sql_db"):
            self.Invitation.create(
                {
                    "stay_id": self.stay.id,
                    "partner_id": self.guest.id,
                    "company_id": self.property_a.id,
                    "survey_id": self.survey.id,
                    "sent_date": "2026-03-07 10:00:00",
                }
            )

    def test_consent_and_address_required(self):
        no_consent = self._guest("No Consent", email="nc@example.com", hotel_consent_email=False)
        no_email = self._guest("No Email", hotel_consent_email=True, hotel_consent_survey=True)
        self._stay(no_consent, date(2026, 3, 1), date(2026, 3, 4), state="checked_out")
        self._stay(no_email, date(2026, 3, 1), date(2026, 3, 4), state="checked_out")
        booked = self._guest("Booked", email="bk@example.com", hotel_consent_email=True, hotel_consent_survey=True)
        self._stay(booked, date(2026, 3, 1), date(2026, 3, 4), state="booked")
        with freeze_time("2026-03-06 04:00:00"):
            invitations = self._invite()
        self.assertEqual(invitations.partner_id, self.guest, "only the consenting guest with an address")

    def test_fatigue_per_guest_and_address_across_properties(self):
        with freeze_time("2026-03-06 04:00:00"):
            self._invite()
        # the same guest at the other property ten days later, and a duplicate guest with the same address
        self._stay(self.guest, date(2026, 3, 12), date(2026, 3, 14), company=self.property_b, state="checked_out")
        twin = self._guest(
            "Lin WANG", email="Lin.Wang@example.com", hotel_consent_email=True, hotel_consent_survey=True
        )
        self._stay(twin, date(2026, 3, 12), date(2026, 3, 14), company=self.property_b, state="checked_out")
        with freeze_time("2026-03-16 04:00:00"):
            self.assertFalse(self._invite(self.property_b), "invited 10 days ago by the other property")
        # after the 30-day window, a new stay is surveyed again
        late = self._stay(self.guest, date(2026, 4, 3), date(2026, 4, 6), company=self.property_b, state="checked_out")
        with freeze_time("2026-04-08 04:00:00"):
            invitation = self._invite(self.property_b)
        self.assertEqual(invitation.stay_id, late, "one invitation once the fatigue window is over")
        self.env["ir.config_parameter"].sudo().set_param("hotel_crm.survey_fatigue_days", 60)
        again = self._stay(twin, date(2026, 5, 1), date(2026, 5, 3), company=self.property_b, state="checked_out")
        with freeze_time("2026-05-05 04:00:00"):
            self.assertFalse(self._invite(self.property_b), "a configurable window, per e-mail address too")
        self.assertFalse(again.hotel_survey_invitation_ids)

    def test_one_guest_one_invitation_per_batch(self):
        self._stay(self.guest, date(2026, 3, 2), date(2026, 3, 3), state="checked_out")
        with freeze_time("2026-03-06 04:00:00"):
            invitations = self._invite()
        self.assertEqual(len(invitations), 1, "two stays of one guest in the same run: one survey")

    def test_one_reminder_unless_answered(self):
        answered_guest = self._guest(
            "Answers Fast", email="fast@example.com", hotel_consent_email=True, hotel_consent_survey=True
        )
        self._stay(answered_guest, date(2026, 3, 1), date(2026, 3, 4), state="checked_out")
        with freeze_time("2026-03-06 04:00:00"):
            invitations = self._invite()
        self.assertEqual(len(invitations), 2)
        fast = invitations.filtered(lambda i: i.partner_id == answered_guest)
        fast.user_input_id._save_lines(self.questions["csat"], "5")
        fast.user_input_id._mark_done()
        self.assertTrue(fast.answered)
        with freeze_time("2026-03-10 03:00:00"):
            self.assertFalse(self.Invitation._hotel_send_reminders(), "4 days are not over")
        with freeze_time("2026-03-10 05:00:00"):
            reminded = self.Invitation._hotel_send_reminders()
        self.assertEqual(reminded.partner_id, self.guest, "no reminder to the guest who answered")
        self.assertEqual(len(self._mails(reminded)), 2, "invitation and one reminder")
        with freeze_time("2026-03-20 05:00:00"):
            self.assertFalse(self.Invitation._hotel_send_reminders(), "at most one reminder")

    def test_cron_and_response_rate(self):
        other = self._guest(
            "Kenji Sato", email="kenji@example.com", hotel_consent_email=True, hotel_consent_survey=True
        )
        self._stay(other, date(2026, 3, 1), date(2026, 3, 4), state="checked_out")
        with freeze_time("2026-03-06 04:00:00"):
            invitations = self.Invitation._cron_send_invitations()
        mine = invitations.filtered(lambda i: i.company_id == self.property_a)
        self.assertEqual(len(mine), 2)
        first = mine.filtered(lambda i: i.partner_id == self.guest)
        first.user_input_id._save_lines(self.questions["nps"], "9")
        first.user_input_id._mark_done()
        [(rate,)] = self.Invitation._read_group([("company_id", "=", self.property_a.id)], [], ["response_rate:avg"])
        self.assertEqual(rate, 50.0, "answered / invitations sent")

    def test_staff_records_answer_by_phone(self):
        stay = self.stay.with_user(self.user_front)
        action = stay.with_context(hotel_survey_channel="phone").action_hotel_record_survey()
        invitation = self.Invitation.search([("stay_id", "=", self.stay.id)])
        answer = invitation.user_input_id
        self.assertEqual(action["type"], "ir.actions.act_url")
        self.assertIn(answer.access_token, action["url"])
        self.assertEqual((invitation.channel, answer.hotel_channel), ("phone", "phone"))
        self.assertFalse(self._mails(invitation), "nothing is e-mailed for an answer taken by phone")
        answer._save_lines(self.questions["csat"], "4")
        answer._mark_done()
        with self.assertRaises(UserError):
            stay.with_context(hotel_survey_channel="in_person").action_hotel_record_survey()
        with freeze_time("2026-03-06 04:00:00"):
            self.assertFalse(self._invite(), "the stay answered by phone is not e-mailed a survey")
        booked = self._stay(self.guest, date(2026, 6, 1), date(2026, 6, 3))
        with self.assertRaises(UserError):
            booked.with_user(self.user_front).action_hotel_record_survey()
