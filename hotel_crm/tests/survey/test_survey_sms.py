from datetime import date

from freezegun import freeze_time

from odoo.tests import Form, tagged

from .common import SurveyCommon


@tagged("post_install", "-at_install", "hotel_crm_survey")
class TestSurveySms(SurveyCommon):
    """Guests who leave a mobile number and no e-mail get the survey link by text message, where the
    property enables it, with the same consent, fatigue and reminder rules as e-mail."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.texter = cls._guest(
            "Chen Jie", mobile="+86 139 1234 5678", hotel_consent_sms=True, hotel_consent_survey=True
        )
        cls.text_stay = cls._stay(cls.texter, date(2026, 3, 1), date(2026, 3, 4), state="checked_out")

    def _invite(self, company=None):
        return self.Invitation._hotel_invite_company(company or self.property_a)

    def _texts(self, guest):
        return self.env["sms.sms"].search([("partner_id", "=", guest.id)], order="id")

    def _enable_sms(self, company=None):
        settings = Form(self.env["res.config.settings"].with_company(company or self.property_a))
        settings.hotel_survey_sms = True
        settings.save().execute()

    def test_no_text_unless_the_property_invites_by_sms(self):
        with freeze_time("2026-03-06 04:00:00"):
            invitations = self._invite()
        self.assertEqual(invitations.partner_id, self.guest, "by default only e-mail invitations")
        self.assertFalse(self._texts(self.texter))

    def test_text_invitation_carries_the_guests_link(self):
        self._enable_sms()
        self.assertTrue(self.property_a.hotel_survey_sms)
        with freeze_time("2026-03-06 04:00:00"):
            invitations = self._invite()
        self.assertEqual(len(invitations), 2)
        by_text = invitations.filtered(lambda i: i.partner_id == self.texter)
        by_mail = invitations - by_text
        self.assertEqual((by_text.channel, by_text.phone, by_text.email), ("sms", "+8613912345678", False))
        self.assertEqual((by_mail.channel, by_mail.partner_id), ("email", self.guest), "e-mail first where allowed")
        self.assertEqual(by_text.user_input_id.hotel_channel, "sms")
        text = self._texts(self.texter)
        self.assertEqual(len(text), 1)
        self.assertEqual((text.number, text.state), ("+8613912345678", "outgoing"), "queued for Odoo's SMS cron")
        self.assertIn(by_text.user_input_id.access_token, text.body, "the text carries the guest's own link")
        self.assertIn(self.property_a.name, text.body)
        mails = self.env["mail.mail"].search(
            [("model", "=", "hotel.crm.survey.invitation"), ("res_id", "=", by_text.id)]
        )
        self.assertFalse(mails, "nothing is e-mailed to the guest invited by text")

    def test_sms_consent_and_a_valid_number_required(self):
        self._enable_sms()
        silent = self._guest("No SMS Consent", mobile="+86 139 0000 1111", hotel_consent_sms=False)
        self._stay(silent, date(2026, 3, 1), date(2026, 3, 4), state="checked_out")
        invalid = self._guest("Bad Number", mobile="12", hotel_consent_sms=True, hotel_consent_survey=True)
        self._stay(invalid, date(2026, 3, 1), date(2026, 3, 4), state="checked_out")
        with freeze_time("2026-03-06 04:00:00"):
            invitations = self._invite()
        self.assertEqual(invitations.partner_id, self.guest | self.texter)
        self.assertFalse(self._texts(silent) | self._texts(invalid))

    def test_fatigue_per_phone_number_across_properties(self):
        self._enable_sms()
        self._enable_sms(self.property_b)
        with freeze_time("2026-03-06 04:00:00"):
            self._invite()
        twin = self._guest("CHEN Jie", mobile="+8613912345678", hotel_consent_sms=True, hotel_consent_survey=True)
        self._stay(twin, date(2026, 3, 12), date(2026, 3, 14), company=self.property_b, state="checked_out")
        with freeze_time("2026-03-16 04:00:00"):
            self.assertFalse(self._invite(self.property_b), "the same number was texted 10 days ago")
        self.assertEqual(len(self._texts(self.texter) | self._texts(twin)), 1)

    def test_one_text_reminder_while_consent_stands(self):
        self._enable_sms()
        other = self._guest("Ma Li", mobile="+86 139 2222 3333", hotel_consent_sms=True, hotel_consent_survey=True)
        self._stay(other, date(2026, 3, 1), date(2026, 3, 4), state="checked_out")
        with freeze_time("2026-03-06 04:00:00"):
            self._invite()
        other.hotel_consent_sms = False
        with freeze_time("2026-03-10 05:00:00"):
            reminded = self.Invitation._hotel_send_reminders()
        self.assertEqual(reminded.partner_id, self.guest | self.texter, "no reminder once consent is withdrawn")
        self.assertEqual(len(self._texts(self.texter)), 2, "invitation and one reminder by text")
        self.assertEqual(len(self._texts(other)), 1)
        with freeze_time("2026-03-20 05:00:00"):
            self.assertFalse(self.Invitation._hotel_send_reminders(), "at most one reminder")

    def test_text_in_the_guests_language(self):
        self.env["res.lang"]._activate_lang("zh_CN")
        self.env["ir.module.module"]._load_module_terms(["hotel_crm"], ["zh_CN"], overwrite=True)
        self.texter.lang = "zh_CN"
        self._enable_sms()
        with freeze_time("2026-03-06 04:00:00"):
            self._invite()
        body = self._texts(self.texter).body
        english = self.env.ref("hotel_crm.sms_template_survey_invitation").with_context(lang="en_US").body
        self.assertNotIn("How was your stay?", body, f"English text sent to a zh_CN guest: {body}")
        self.assertNotEqual(body, english)
