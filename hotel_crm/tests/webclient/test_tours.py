import base64
from datetime import timedelta

from odoo import fields
from odoo.tests import HttpCase, tagged
from odoo.tools.misc import file_open


@tagged("post_install", "-at_install", "hotel_crm_webclient")
class TestWebclientTours(HttpCase):
    """Each demo role does its main job in the browser, on the demo database's users."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.front_desk = cls.env.ref("hotel_crm.demo_user_front_desk")
        cls.relations = cls.env.ref("hotel_crm.demo_user_guest_relations")
        cls.property = cls.front_desk.company_id
        today = fields.Date.context_today(cls.front_desk)
        cls.guest = cls.env["res.partner"].create(
            {"name": "Desk Tour Guest", "hotel_guest": True, "hotel_consent_sensitive": True}
        )
        cls.env["hotel.crm.stay"].create(
            {
                "partner_id": cls.guest.id,
                "company_id": cls.property.id,
                "external_ref": "DESK-NEXT",
                "arrival_date": today + timedelta(days=3),
                "departure_date": today + timedelta(days=5),
            }
        )
        cls.env["hotel.crm.complaint"].create(
            {"name": "Desk tour: slow check-in", "partner_id": cls.guest.id, "company_id": cls.property.id}
        )
        cls.env["hotel.crm.preference"].create(
            {
                "partner_id": cls.guest.id,
                "category_id": cls.env.ref("hotel_crm.preference_category_allergy").id,
                "value": "Peanuts: severe",
            }
        )

    def test_front_desk_main_job(self):
        self.start_tour(
            "/odoo/action-hotel_crm.hotel_crm_guest_action", "hotel_crm_webclient_desk_guest_tour", login="frontdesk"
        )
        self.assertIn("Buckwheat pillow", self.guest.hotel_preference_ids.mapped("value"))
        self.start_tour(
            "/odoo/action-hotel_crm.hotel_crm_stay_action/new", "hotel_crm_webclient_desk_stay_tour", login="frontdesk"
        )
        stay = self.env["hotel.crm.stay"].search([("external_ref", "=", "DESK-BOOK")])
        self.assertEqual(stay.partner_id, self.guest)
        self.assertEqual(stay.currency_id, self.property.currency_id)
        self.assertEqual(stay.revenue_room, 880)
        self.start_tour(
            "/odoo/action-hotel_crm.hotel_crm_complaint_action/new",
            "hotel_crm_webclient_desk_complaint_tour",
            login="frontdesk",
        )
        complaint = self.env["hotel.crm.complaint"].search([("name", "=", "Desk tour: shower runs cold")])
        self.assertEqual(complaint.partner_id, self.guest)
        self.assertEqual(complaint.company_id, self.property)

    def test_portal_guest_files_complaint(self):
        self.start_tour("/my/complaints/new", "hotel_crm_webclient_portal_tour", login="guest")
        complaint = self.env["hotel.crm.complaint"].search([("name", "=", "Portal tour: noisy air conditioning")])
        self.assertEqual(complaint.partner_id, self.env["res.users"].search([("login", "=", "guest")]).partner_id)
        self.assertIn("It rattles all night in room 808.", str(complaint.description))

    def test_guest_relations_at_risk_guest_and_losses(self):
        at_risk = self.env["res.partner"].search(
            [("hotel_guest", "=", True), ("hotel_lifecycle_stage", "=", "at_risk")], limit=1
        )
        self.assertTrue(at_risk, "the demo tells of guests at risk")
        self.start_tour(
            f"/odoo/action-hotel_crm.hotel_crm_guest_action/{at_risk.id}",
            "hotel_crm_webclient_relations_guest_tour",
            login="guestrelations",
        )
        losses = self.env["hotel.crm.guest.loss"].search([])
        self.assertTrue(losses)
        self.assertGreater(sum(losses.mapped("revenue_lost")), 0, "the demo's lost guests lost revenue")
        self.assertGreater(
            len(set(losses.mapped("churn_date"))), 1, "each loss dated when it happened, not all on install day"
        )
        self.start_tour(
            "/odoo/action-hotel_crm.hotel_crm_guest_loss_analysis_action",
            "hotel_crm_webclient_relations_loss_tour",
            login="guestrelations",
        )

    def test_demo_first_screen_and_portal_brand(self):
        dashboard = self.env.ref("hotel_crm.hotel_crm_dashboard_action")
        for user in self.front_desk | self.relations:
            self.assertEqual(user.action_id.id, dashboard.id, f"{user.name} lands on Hotel CRM, not on Discuss")
            self.assertRegex(user.email or "", r"^[\w.+-]+@[\w-]+(\.[\w-]+)+$")
        default_logo = base64.b64encode(file_open("base/static/img/res_company_logo.png", "rb").read())
        for xmlid in ("hotel_crm.demo_company_west_lake", "hotel_crm.demo_company_bund"):
            company = self.env.ref(xmlid)
            self.assertTrue(company.logo, xmlid)
            self.assertNotEqual(company.logo, default_logo, f"{xmlid} shows its own logo, not 'Your logo'")
            self.assertTrue(company.email, xmlid)
        self.authenticate("guest", "guest")
        page = self.url_open("/my")
        self.assertEqual(page.status_code, 200)
        self.assertIn(f"/logo.png?company={self.property.id}", page.text)
        logo = self.url_open(f"/logo.png?company={self.property.id}")
        self.assertEqual(logo.content, base64.b64decode(self.property.logo_web), "the portal shows the hotel's logo")
