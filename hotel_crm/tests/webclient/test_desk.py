import json

from lxml import etree

from odoo.tests import Form, TransactionCase, new_test_user, tagged


@tagged("post_install", "-at_install", "hotel_crm_webclient")
class TestWebclientDeskGuestForm(TransactionCase):
    """The front desk's guest form: what serves the guest now, restricted notes counted, analytics
    for managers only."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company = cls.env["res.company"].create({"name": "Desk Hotel"})
        common = {"company_id": cls.company.id, "company_ids": [(6, 0, cls.company.ids)]}
        cls.front = new_test_user(
            cls.env, login="wc_desk_front", groups="base.group_user,hotel_crm.hotel_crm_group_user", **common
        )
        cls.manager = new_test_user(
            cls.env, login="wc_desk_manager", groups="base.group_user,hotel_crm.hotel_crm_group_manager", **common
        )
        cls.guest = cls.env["res.partner"].create(
            {"name": "Allergic Guest", "hotel_guest": True, "hotel_consent_sensitive": True}
        )
        cls.allergy = cls.env.ref("hotel_crm.preference_category_allergy")
        cls.form_view = cls.env.ref("hotel_crm.res_partner_view_form_hotel_guest")

    def _arch(self, user):
        arch = self.env["res.partner"].with_user(user).get_view(self.form_view.id, "form")["arch"]
        return etree.fromstring(arch)

    def test_analytics_tab_for_managers_only(self):
        front = self._arch(self.front)
        self.assertFalse(front.xpath("//page[@name='hotel_analytics']"))
        self.assertFalse(front.xpath("//field[@name='hotel_rfm_score']"), "no RFM score for the desk")
        self.assertTrue(front.xpath("//group[@name='hotel_now']//field[@name='hotel_next_stay_id']"))
        self.assertTrue(front.xpath("//group[@name='hotel_now']//field[@name='hotel_complaint_open_count']"))
        # the desk's block comes before the notebook, which opens on the preferences
        self.assertEqual(front.xpath("//notebook/page/@name")[0], "preferences")
        manager = self._arch(self.manager)
        self.assertTrue(manager.xpath("//page[@name='hotel_analytics']//field[@name='hotel_rfm_score']"))

    def test_sensitive_preference_saved_with_notice_and_counted(self):
        self.env["bus.bus"].search([]).unlink()
        with Form(self.guest.with_user(self.front), view=self.form_view) as form:
            with form.hotel_preference_ids.new() as line:
                line.category_id = self.allergy
                line.value = "Shellfish"
        saved = self.env["hotel.crm.preference"].search([("partner_id", "=", self.guest.id)])
        self.assertEqual(saved.mapped("value"), ["Shellfish"], "saved, though the desk cannot read it back")
        self.assertTrue(saved.sensitive)
        self.env.cr.precommit.run()  # the bus stores its notifications when the transaction commits
        notices = [
            json.loads(bus.message) for bus in self.env["bus.bus"].search([]) if "simple_notification" in bus.message
        ]
        self.assertEqual(len(notices), 1, "the desk is told the preference was saved")
        payload = notices[0]["payload"]
        self.assertIn("authorised staff only", payload["message"])
        self.assertNotIn("Shellfish", payload["message"], "the notice never shows the content")
        guest = self.guest.with_user(self.front)
        self.assertFalse(guest.hotel_preference_ids, "the item itself stays hidden from the desk")
        self.assertEqual(guest.hotel_restricted_preference_count, 1, "but the desk sees that a note exists")

    def test_next_stay_and_open_complaints(self):
        Stay = self.env["hotel.crm.stay"]
        past = Stay.create(
            {
                "partner_id": self.guest.id,
                "company_id": self.company.id,
                "arrival_date": "2020-01-01",
                "departure_date": "2020-01-03",
                "state": "checked_out",
            }
        )
        upcoming = Stay.create(
            {
                "partner_id": self.guest.id,
                "company_id": self.company.id,
                "arrival_date": "2099-05-01",
                "departure_date": "2099-05-03",
            }
        )
        guest = self.guest.with_user(self.front)
        self.assertEqual(guest.hotel_next_stay_id, upcoming)
        self.assertNotEqual(guest.hotel_next_stay_id, past)
        self.env["hotel.crm.complaint"].create(
            {"name": "Cold soup", "partner_id": self.guest.id, "company_id": self.company.id}
        )
        guest.invalidate_recordset()
        self.assertEqual(guest.hotel_complaint_open_count, 1)
