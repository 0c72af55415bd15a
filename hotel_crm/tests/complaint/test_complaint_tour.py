from odoo.tests import HttpCase, tagged


@tagged("post_install", "-at_install", "hotel_crm_complaint")
class TestComplaintTour(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # the records live in the property admin works in, whatever the demo data made it
        cls.company = cls.env.ref("base.user_admin").company_id

    def test_complaint_kanban_and_form(self):
        guest = self.env["res.partner"].create({"name": "Tour Guest", "hotel_guest": True})
        complaint = self.env["hotel.crm.complaint"].create(
            {"name": "Tour: broken kettle", "partner_id": guest.id, "severity": "high", "company_id": self.company.id}
        )
        self.start_tour("/odoo/action-hotel_crm.hotel_crm_complaint_action", "hotel_crm_complaint_tour", login="admin")
        self.assertEqual(complaint.stage_id, self.env.ref("hotel_crm.complaint_stage_confirmed"))
        self.assertTrue(complaint.first_response_date, "confirming in the browser stamps the first response")

    def test_analysis_and_pdca_screens(self):
        guest = self.env["res.partner"].create({"name": "Tour Guest", "hotel_guest": True})
        complaint = self.env["hotel.crm.complaint"].create(
            {
                "name": "Tour: kettle again",
                "partner_id": guest.id,
                "cause": "service_quality",
                "company_id": self.company.id,
            }
        )
        self.env["hotel.crm.improvement"].create(
            {"name": "Tour: kettles", "complaint_ids": [(6, 0, complaint.ids)], "company_id": self.company.id}
        )
        self.start_tour(
            "/odoo/action-hotel_crm.hotel_crm_complaint_report_action", "hotel_crm_complaint_report_tour", login="admin"
        )
        self.start_tour(
            "/odoo/action-hotel_crm.hotel_crm_improvement_action", "hotel_crm_improvement_tour", login="admin"
        )
