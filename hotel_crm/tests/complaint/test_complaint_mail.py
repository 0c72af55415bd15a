from freezegun import freeze_time

from odoo.tests import tagged

from ..common import ComplaintCommon

INCOMING = """Return-Path: <{email_from}>
To: {to}
From: {email_from}
Subject: {subject}
Date: Mon, 02 Jun 2025 09:30:00 +0000
Message-ID: {msg_id}
MIME-Version: 1.0
Content-Type: text/plain; charset=utf-8
Content-Transfer-Encoding: 8bit

Dear hotel,

the air conditioning in room 1208 did not work during my whole stay.

Regards
"""


@tagged("post_install", "-at_install", "hotel_crm_complaint")
class TestComplaintMailIntake(ComplaintCommon):
    def _process(self, email_from, subject, msg_id):
        mail = INCOMING.format(
            email_from=email_from, to="complaints@hotel-test.example.com", subject=subject, msg_id=msg_id
        )
        self.env["mail.thread"].sudo().message_process(None, mail)
        return self.Complaint.search([("name", "=", subject)])

    @freeze_time("2025-06-02 10:00:00")
    def test_alias_creates_complaint_for_known_guest(self):
        alias = self.env.ref("hotel_crm.mail_alias_hotel_complaint")
        self.assertEqual(alias.alias_model_id.model, "hotel.crm.complaint")
        complaint = self._process('"Lin Hua" <Lin.Hua@Example.com>', "AC broken in 1208", "<ac-1208@guest.example.com>")
        self.assertEqual(len(complaint), 1, "one complaint per incoming e-mail")
        self.assertEqual(complaint.partner_id, self.guest, "the guest is matched by the sender's address")
        self.assertEqual(complaint.channel, "email")
        self.assertRegex(complaint.reference, r"^CMP/")
        self.assertIn("air conditioning", complaint.description)
        self.assertEqual(str(complaint.date_received), "2025-06-02 09:30:00", "received when the e-mail was sent")
        self.assertTrue(complaint.response_deadline)
        email = complaint.message_ids.filtered(lambda m: m.message_type == "email")
        self.assertIn("air conditioning", email.body)
        self.assertEqual(email.author_id, self.guest)
        # a reply by the guest lands on the same complaint, it does not open a second one
        reply = INCOMING.format(
            email_from="lin.hua@example.com",
            to="complaints@hotel-test.example.com",
            subject="Re: AC broken in 1208",
            msg_id="<ac-1208-reply@guest.example.com>",
        ).replace("MIME-Version", "In-Reply-To: <ac-1208@guest.example.com>\nMIME-Version")
        self.env["mail.thread"].sudo().message_process(None, reply)
        self.assertFalse(self.Complaint.search([("name", "=", "Re: AC broken in 1208")]))
        self.assertEqual(len(complaint.message_ids.filtered(lambda m: m.message_type == "email")), 2)

    def test_alias_unknown_sender(self):
        complaint = self._process("stranger@nowhere.example.org", "Rude doorman", "<rude@nowhere.example.org>")
        self.assertEqual(len(complaint), 1)
        self.assertFalse(complaint.partner_id, "an unknown sender is not turned into a guest")
        self.assertEqual(complaint.email_from, "stranger@nowhere.example.org")

    @freeze_time("2025-06-02 10:00:00")
    def test_alias_property_from_last_stay(self):
        """Lin Hua last stayed at the other property: their e-mail lands there, not in the main one."""
        Stay = self.env["hotel.crm.stay"]
        last = Stay.create(
            {
                "partner_id": self.guest.id,
                "company_id": self.other_company.id,
                "arrival_date": "2025-05-20",
                "departure_date": "2025-05-22",
                "state": "checked_out",
            }
        )
        Stay.create(
            {
                "partner_id": self.guest.id,
                "company_id": self.company.id,
                "arrival_date": "2025-07-01",
                "departure_date": "2025-07-03",
                "state": "booked",
            }
        )
        complaint = self._process("lin.hua@example.com", "Bill charged twice", "<bill-twice@guest.example.com>")
        self.assertEqual(complaint.company_id, last.company_id, "the property of the latest stay begun")
        self.assertEqual(complaint.partner_id, self.guest)
        stranger = self._process("stranger@nowhere.example.org", "Rude taxi driver", "<taxi@nowhere.example.org>")
        self.assertEqual(stranger.company_id, self.env.company, "unknown sender: the main company")
        # a Date header in the future does not push the SLA deadlines into the future
        mail = INCOMING.format(
            email_from="lin.hua@example.com",
            to="complaints@hotel-test.example.com",
            subject="Sent from the future",
            msg_id="<future@guest.example.com>",
        ).replace("Date: Mon, 02 Jun 2025 09:30:00 +0000", "Date: Mon, 02 Jun 2025 15:00:00 +0000")
        self.env["mail.thread"].sudo().message_process(None, mail)
        future = self.Complaint.search([("name", "=", "Sent from the future")])
        self.assertEqual(str(future.date_received), "2025-06-02 10:00:00", "clamped to the time it arrived")
