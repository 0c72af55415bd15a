from odoo import Command, http
from odoo.exceptions import AccessError
from odoo.tests import HttpCase, JsonRpcException, new_test_user, tagged
from odoo.tools import mute_logger

# what the staff writes on a complaint and the guest must not read (the record rule gives rows, not fields)
STAFF_FIELDS = [
    "resolution",
    "compensation_type",
    "compensation_amount",
    "compensation_points",
    "compensation_note",
    "satisfaction_note",
    "guest_satisfied",
    "user_id",
    "department_id",
    "cause",
    "escalation_level",
    "response_deadline",
    "resolution_deadline",
    "sla_breached",
    "sla_status",
    "checklist_ids",
    "improvement_ids",
]


@tagged("post_install", "-at_install", "hotel_crm_complaint")
class TestComplaintPortal(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company = cls.env["res.company"].create({"name": "Portal Test Hotel"})
        cls.guest_a = new_test_user(cls.env, login="cmp_guest_a", password="cmp_guest_a_pw", groups="base.group_portal")
        cls.guest_b = new_test_user(cls.env, login="cmp_guest_b", password="cmp_guest_b_pw", groups="base.group_portal")
        cls.guest_a.partner_id.hotel_guest = True
        cls.stay_a = cls.env["hotel.crm.stay"].create(
            {
                "partner_id": cls.guest_a.partner_id.id,
                "company_id": cls.company.id,
                "arrival_date": "2025-04-01",
                "departure_date": "2025-04-04",
                "state": "checked_out",
            }
        )
        cls.stay_b = cls.env["hotel.crm.stay"].create(
            {
                "partner_id": cls.guest_b.partner_id.id,
                "company_id": cls.company.id,
                "arrival_date": "2025-04-01",
                "departure_date": "2025-04-02",
                "state": "checked_out",
            }
        )
        cls.category = cls.env.ref("hotel_crm.complaint_category_noise")

    def _file(self, data):
        data = dict(data, csrf_token=http.Request.csrf_token(self))
        return self.url_open("/my/complaints/new", data=data)

    def test_guest_files_and_follows_complaint(self):
        self.authenticate("cmp_guest_a", "cmp_guest_a_pw")
        page = self.url_open("/my/complaints/new")
        self.assertEqual(page.status_code, 200)
        self.assertIn("File a complaint", page.text)
        response = self._file(
            {
                "name": "Karaoke next door until 2 am",
                "description": "We could not sleep.\nPlease do something.",
                "stay_id": str(self.stay_a.id),
                "category_id": str(self.category.id),
            }
        )
        self.assertEqual(response.status_code, 200)
        complaint = self.env["hotel.crm.complaint"].search([("name", "=", "Karaoke next door until 2 am")])
        self.assertEqual(len(complaint), 1)
        self.assertEqual(complaint.partner_id, self.guest_a.partner_id)
        self.assertEqual(complaint.stay_id, self.stay_a)
        self.assertEqual(complaint.company_id, self.company, "filed at the stay's property")
        self.assertEqual(complaint.channel, "portal")
        self.assertEqual(complaint.category_id, self.category)
        self.assertIn("<br>", complaint.description)
        self.assertTrue(response.url.endswith(f"/my/complaints/{complaint.id}?filed=1"))
        self.assertIn(complaint.reference, response.text)
        self.assertIn("Received", response.text, "the guest sees the stage")
        listing = self.url_open("/my/complaints")
        self.assertIn(complaint.reference, listing.text)
        # the guest cannot attach someone else's stay, nor leave the subject empty
        self._file({"name": "Not mine", "stay_id": str(self.stay_b.id)})
        self.assertFalse(self.env["hotel.crm.complaint"].search([("name", "=", "Not mine")]))
        response = self._file({"name": "  "})
        self.assertIn("what went wrong", response.text)
        self.assertEqual(
            self.env["hotel.crm.complaint"].search_count([("partner_id", "=", self.guest_a.partner_id.id)]), 1
        )

    def test_guests_are_isolated(self):
        Complaint = self.env["hotel.crm.complaint"]
        complaint_a = Complaint.create(
            {"name": "Guest A: cold shower", "partner_id": self.guest_a.partner_id.id, "company_id": self.company.id}
        )
        complaint_b = Complaint.create(
            {"name": "Guest B: wrong bill", "partner_id": self.guest_b.partner_id.id, "company_id": self.company.id}
        )
        # ORM level: the portal rule
        self.assertEqual(Complaint.with_user(self.guest_b).search([]), complaint_b)
        with self.assertRaises(AccessError):
            complaint_a.with_user(self.guest_b).read(["name"])
        with self.assertRaises(AccessError):
            complaint_b.with_user(self.guest_b).write({"name": "changed"})
        # HTTP level
        self.authenticate("cmp_guest_b", "cmp_guest_b_pw")
        listing = self.url_open("/my/complaints")
        self.assertIn("Guest B: wrong bill", listing.text)
        self.assertNotIn("Guest A: cold shower", listing.text)
        own = self.url_open(f"/my/complaints/{complaint_b.id}")
        self.assertIn("Guest B: wrong bill", own.text)
        foreign = self.url_open(f"/my/complaints/{complaint_a.id}")
        self.assertNotIn("Guest A: cold shower", foreign.text)
        self.assertFalse(foreign.url.endswith(f"/my/complaints/{complaint_a.id}"), "redirected away")
        home = self.url_open("/my/home")
        self.assertIn("/my/complaints", home.text)

    def _guest_complaint(self, guest, name):
        return self.env["hotel.crm.complaint"].create(
            {
                "name": name,
                "partner_id": guest.partner_id.id,
                "company_id": self.company.id,
                "resolution": "<p>Moved to a quiet room; manager agreed to 30 % off</p>",
                "compensation_type": "refund",
                "compensation_amount": 120,
                "compensation_note": "Guest is a chronic complainer, keep it small",
                "satisfaction_note": "Still grumpy",
            }
        )

    def test_guest_reads_only_guest_fields(self):
        complaint = self._guest_complaint(self.guest_a, "Guest A: noisy neighbours")
        as_guest = complaint.with_user(self.guest_a)
        self.assertEqual(as_guest.read(["name", "stage_id", "reference"])[0]["name"], "Guest A: noisy neighbours")
        for fname in STAFF_FIELDS:
            with self.assertRaises(AccessError, msg=f"a guest must not read {fname}"):
                as_guest.read([fname])
        everything = as_guest.search_read([("id", "=", complaint.id)])[0]
        self.assertFalse(set(STAFF_FIELDS) & set(everything), "a read of all fields leaves them out")
        self.assertNotIn("compensation_note", as_guest.fields_get())
        # the guest's page still renders, without the staff's notes
        self.authenticate("cmp_guest_a", "cmp_guest_a_pw")
        page = self.url_open(f"/my/complaints/{complaint.id}")
        self.assertEqual(page.status_code, 200)
        self.assertIn("Guest A: noisy neighbours", page.text)
        self.assertIn(complaint.reference, page.text)
        self.assertNotIn("chronic complainer", page.text)
        self.assertNotIn("30 % off", page.text)
        listing = self.url_open("/my/complaints")
        self.assertIn(complaint.reference, listing.text)

    def _post(self, complaint, body, **kwargs):
        return self.make_jsonrpc_request(
            "/mail/message/post",
            {
                "thread_model": complaint._name,
                "thread_id": complaint.id,
                "post_data": {"body": body, "message_type": "comment", "subtype_xmlid": "mail.mt_comment"},
                **kwargs,
            },
        )

    def test_guest_replies_on_their_complaint(self):
        complaint = self._guest_complaint(self.guest_a, "Guest A: no hot water")
        self.authenticate("cmp_guest_a", "cmp_guest_a_pw")
        self._post(complaint, "Still no hot water this morning.")
        message = complaint.message_ids.filtered(lambda m: "Still no hot water" in (m.body or ""))
        self.assertEqual(len(message), 1, "the guest's reply is on the complaint")
        self.assertEqual(message.author_id, self.guest_a.partner_id)
        self.assertFalse(complaint.first_response_date, "a guest's message is no answer from the hotel")
        # the page's chatter loads for the guest, with their reply
        params = {"thread_model": complaint._name, "thread_id": complaint.id}
        self.assertTrue(self.make_jsonrpc_request("/portal/chatter_init", params))
        fetched = self.make_jsonrpc_request("/mail/chatter_fetch", params)
        bodies = " ".join(str(m.get("body")) for m in fetched["data"]["mail.message"])
        self.assertIn("Still no hot water", bodies)
        # signed out, with the link's access token
        self.logout()
        complaint._portal_ensure_token()
        self._post(complaint, "Sent from my phone.", token=complaint.access_token)
        message = complaint.message_ids.filtered(lambda m: "Sent from my phone" in (m.body or ""))
        self.assertEqual(message.author_id, self.guest_a.partner_id, "the token speaks for the complaint's guest")
        # another guest, or a wrong token, cannot post
        with mute_logger("odoo.http"):
            with self.assertRaises(JsonRpcException):
                self._post(complaint, "Forged", token="not-the-token")
            self.authenticate("cmp_guest_b", "cmp_guest_b_pw")
            with self.assertRaises(JsonRpcException):
                self._post(complaint, "Guest B was here")
        self.assertFalse(
            complaint.message_ids.filtered(lambda m: "Forged" in (m.body or "") or "Guest B" in (m.body or ""))
        )

    def test_staff_see_only_their_own_complaints_on_the_portal(self):
        agent = new_test_user(
            self.env,
            login="cmp_portal_agent",
            groups="hotel_crm.hotel_crm_group_user",
            company_id=self.company.id,
            company_ids=[Command.set(self.company.ids)],
        )
        own = self.env["hotel.crm.complaint"].create(
            {"name": "Staff's own: parking ticket", "partner_id": agent.partner_id.id, "company_id": self.company.id}
        )
        self._guest_complaint(self.guest_a, "Guest A: dirty towels")
        self.authenticate("cmp_portal_agent", "cmp_portal_agent")
        listing = self.url_open("/my/complaints")
        self.assertEqual(listing.status_code, 200)
        self.assertIn("Staff's own: parking ticket", listing.text.replace("&#39;", "'"))
        self.assertIn(own.reference, listing.text)
        self.assertNotIn("Guest A: dirty towels", listing.text, "the back office is elsewhere")
