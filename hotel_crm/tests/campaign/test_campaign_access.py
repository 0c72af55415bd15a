from odoo.exceptions import AccessError
from odoo.tests import Form, new_test_user, tagged

from .common import CampaignCommon


@tagged("post_install", "-at_install", "hotel_crm_campaign")
class TestCampaignAccess(CampaignCommon):
    """Managers create and send; users read their properties' campaigns; nobody writes the figures."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.guests = cls._guests(3)

    def test_user_reads_but_cannot_create_or_send(self):
        campaign = self._campaign(self.guests)
        as_front = campaign.with_user(self.user_front)
        self.assertEqual(as_front.name, "Test campaign", "a Hotel CRM user reads the campaign")
        with self.assertRaises(AccessError):
            self._campaign(self.guests, user=self.user_front)
        with self.assertRaises(AccessError):
            as_front.action_send()
        with self.assertRaises(AccessError):
            as_front.write({"cost": 10})
        with self.assertRaises(AccessError):
            as_front.action_refresh_figures()
        self.assertEqual(campaign.state, "draft")
        self.assertFalse(campaign.sudo().member_ids)

    def test_user_opens_a_sent_campaign(self):
        """The front desk, without Email Marketing rights, reads a sent campaign's form and figures."""
        campaign = self._send(self._campaign(self.guests, holdout_pct=34))
        form = Form(campaign.with_user(self.user_front))
        self.assertEqual((form.recipient_count, form.holdout_count), (2, 1))
        self.assertEqual(form.mailing_state, "done", "the mailing's status, read through the campaign")

    def test_figures_and_state_refused_to_clients(self):
        campaign = self._campaign(self.guests)
        as_manager = campaign.with_user(self.user_manager)
        for vals in ({"state": "sent"}, {"revenue": 1e6}, {"recipient_count": 99}, {"roi": 500}):
            with self.subTest(vals=vals), self.assertRaises(AccessError):
                as_manager.write(vals)
        with self.assertRaises(AccessError):
            self.env["hotel.crm.campaign.member"].with_user(self.user_manager).create(
                {"campaign_id": campaign.id, "partner_id": self.guests[0].id, "company_id": self.property_a.id}
            )
        with self.assertRaises(AccessError):
            campaign.mailing_id.with_user(self.user_manager).write({"hotel_campaign_id": False})

    def test_other_property_hidden(self):
        """A campaign and its mailing are seen at their property only, by users and managers alike."""
        campaign = self.Campaign.create({"name": "Harbour campaign", "company_id": self.property_b.id})
        manager_a = new_test_user(
            self.env,
            login="hc_campaign_manager_a",
            groups="base.group_user,hotel_crm.hotel_crm_group_manager",
            company_id=self.property_a.id,
            company_ids=[(6, 0, self.property_a.ids)],
        )
        for user in (self.user_front, manager_a):
            with self.subTest(user=user.login):
                self.assertFalse(self.Campaign.with_user(user).search([("id", "=", campaign.id)]))
        Mailing = self.env["mailing.mailing"].with_user(manager_a)
        self.assertFalse(Mailing.search([("id", "=", campaign.mailing_id.id)]), "the mailing of another property")
        self.assertTrue(Mailing.search([("id", "=", self._campaign(self.guests).mailing_id.id)]))
