from datetime import date

from freezegun import freeze_time

from odoo.tests import tagged

from ..common import LoyaltyCase


@tagged("post_install", "-at_install", "hotel_crm_loyalty")
class TestLoyaltyGreetings(LoyaltyCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        birthday = date(1980, 7, 14)
        cls.consenting = cls._guest(
            "Birthday Consent",
            email="bday.consent@example.com",
            hotel_consent_email=True,
            hotel_consent_marketing=True,
            hotel_birthday=birthday,
        )
        cls.no_consent = cls._guest(
            "Birthday No Consent",
            email="bday.noconsent@example.com",
            hotel_consent_email=False,
            hotel_birthday=birthday,
        )
        cls.no_email = cls._guest(
            "Birthday No Email", hotel_consent_email=True, hotel_consent_marketing=True, hotel_birthday=birthday
        )
        cls.other_day = cls._guest(
            "Birthday Tomorrow",
            email="bday.tomorrow@example.com",
            hotel_consent_email=True,
            hotel_consent_marketing=True,
            hotel_birthday=date(1980, 7, 15),
        )
        cls.leap = cls._guest(
            "Leap Day",
            email="leap@example.com",
            hotel_consent_email=True,
            hotel_consent_marketing=True,
            hotel_birthday=date(1984, 2, 29),
        )
        cls.partners = cls.consenting | cls.no_consent | cls.no_email | cls.other_day | cls.leap

    def _greetings(self, occasion="birthday"):
        return self.env["hotel.crm.greeting"].search(
            [("partner_id", "in", self.partners.ids), ("occasion", "=", occasion)]
        )

    def _mails(self, partner, subject):
        return self.env["mail.mail"].search([("res_id", "=", partner.id), ("model", "=", "res.partner"),
                                             ("subject", "ilike", subject)])  # fmt: skip

    def test_birthday_once_and_only_with_consent(self):
        Greeting = self.env["hotel.crm.greeting"]
        with freeze_time("2026-07-14 08:00:00"):
            Greeting._cron_hotel_send_greetings()
            greetings = self._greetings()
            self.assertEqual(greetings.partner_id, self.consenting, "consent and an e-mail address are required")
            self.assertEqual((greetings.year, greetings.date), (2026, date(2026, 7, 14)))
            mail = self._mails(self.consenting, "Happy birthday")
            self.assertEqual(len(mail), 1)
            self.assertEqual(mail.recipient_ids, self.consenting)
            self.assertIn("Birthday Consent", mail.body_html)
            self.assertFalse(self._mails(self.no_consent, "Happy birthday"))
            # the job runs again the same day (or a second worker): nothing is sent twice
            Greeting._cron_hotel_send_greetings()
            self.assertEqual(len(self._greetings()), 1)
            self.assertEqual(len(self._mails(self.consenting, "Happy birthday")), 1)
            self.assertFalse(self.consenting.hotel_points_move_ids, "no bonus configured")
        with freeze_time("2026-07-15 08:00:00"):
            Greeting._cron_hotel_send_greetings()
            self.assertEqual(self._greetings().partner_id, self.consenting | self.other_day)
        with freeze_time("2027-07-14 08:00:00"):
            Greeting._cron_hotel_send_greetings()
            self.assertEqual(
                sorted(self._greetings().filtered(lambda g: g.partner_id == self.consenting).mapped("year")),
                [2026, 2027],
                "once per occasion: next year's birthday is a new occasion",
            )

    def test_birthday_bonus_and_leap_day(self):
        self.env["ir.config_parameter"].sudo().set_param("hotel_crm.birthday_bonus_points", 200)
        with freeze_time("2027-02-28 08:00:00"):  # 2027 is not a leap year
            self.env["hotel.crm.greeting"]._cron_hotel_send_greetings()
            greeting = self._greetings()
            self.assertEqual(greeting.partner_id, self.leap)
            self.assertEqual(greeting.points_move_id.points, 200)
            self.assertEqual(greeting.points_move_id.move_type, "bonus")
            self.assertEqual(self.leap.hotel_points_balance, 200)
            self.env["hotel.crm.greeting"]._cron_hotel_send_greetings()
            self.assertEqual(self.leap.hotel_points_balance, 200, "the bonus is given once")

    def test_stay_anniversary(self):
        with freeze_time("2025-09-03 10:00:00"):
            self._stay(self.consenting, room=100, arrival=date(2025, 9, 1))
            self._stay(self.no_consent, room=100, arrival=date(2025, 9, 1))
            self.env["hotel.crm.greeting"]._cron_hotel_send_greetings()
            self.assertFalse(self._greetings("stay_anniversary"), "the first stay itself is no anniversary")
        with freeze_time("2026-09-01 10:00:00"):
            self.env["hotel.crm.greeting"]._cron_hotel_send_greetings()
            greeting = self._greetings("stay_anniversary")
            self.assertEqual(greeting.partner_id, self.consenting)
            self.assertEqual(len(self._mails(self.consenting, "Another year together")), 1)

    def test_blacklisted_address_not_greeted(self):
        """An address on the mail blacklist (unsubscribed everywhere) gets no greeting, consent or not."""
        self.env["mail.blacklist"].sudo()._add("BDAY.Consent@example.com")
        with freeze_time("2026-07-14 08:00:00"):
            self.env["hotel.crm.greeting"]._cron_hotel_send_greetings()
            self.assertFalse(self._greetings(), "the only consenting guest of the day is blacklisted")
            self.assertFalse(self._mails(self.consenting, "Happy birthday"))

    def test_greeting_from_the_guest_property(self):
        """The greeting, its sender and its bonus belong to the property of the guest's last stay."""
        self.env["ir.config_parameter"].sudo().set_param("hotel_crm.birthday_bonus_points", 150)
        harbour = self.env["res.company"].create(
            {"name": "Greeting Harbour Hotel", "email": "welcome@harbour-hotel.example.com"}
        )
        lake = self.env["res.company"].create({"name": "Greeting Lake Hotel", "email": "hello@lake-hotel.example.com"})
        with freeze_time("2026-05-10 08:00:00"):
            self._stay(self.consenting, room=100, arrival=date(2025, 3, 1), company_id=lake.id)
            self._stay(self.consenting, room=100, arrival=date(2026, 5, 1), company_id=harbour.id)
        with freeze_time("2026-07-14 08:00:00"):
            self.env["hotel.crm.greeting"].with_company(self.company)._cron_hotel_send_greetings()
        greeting = self._greetings()
        self.assertEqual(greeting.company_id, harbour, "the last stay was at Harbour")
        self.assertEqual(greeting.points_move_id.company_id, harbour, "the bonus is Harbour's liability")
        self.assertEqual(greeting.points_move_id.points, 150)
        mail = self._mails(self.consenting, "Happy birthday")
        self.assertEqual(mail, greeting.mail_id)
        self.assertIn("welcome@harbour-hotel.example.com", mail.email_from)
        self.assertIn("Everyone at Greeting Harbour Hotel", mail.body_html, "signed by the guest's property")
