from odoo import http
from odoo.exceptions import AccessError
from odoo.tests import HttpCase, new_test_user, tagged


@tagged("post_install", "-at_install")
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
