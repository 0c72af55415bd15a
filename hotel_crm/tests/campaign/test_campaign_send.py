from ast import literal_eval

from odoo.exceptions import UserError
from odoo.tests import Form, tagged

from .common import CampaignCommon


@tagged("post_install", "-at_install", "hotel_crm_campaign")
class TestCampaignSend(CampaignCommon):
    """Who a campaign writes to: consenting guests only, never the hold-out, whatever the domain says."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.consenting = cls._guests(10, prefix="Consenting Guest")
        cls.refusing = cls._guests(2, prefix="Refusing Guest", consent=False)
        cls.not_a_guest = cls.env["res.partner"].create({"name": "Supplier Contact", "email": "supplier@example.com"})

    def test_consent_enforced_whatever_the_domain(self):
        campaign = self._send(self._campaign(self.consenting | self.refusing | self.not_a_guest))
        traced = self._traced(campaign)
        self.assertEqual(traced, self.consenting, "the consenting guests, and only they, get the e-mail")
        self.assertEqual(campaign.recipient_count, 10)
        self.assertFalse(campaign.sudo().member_ids.partner_id & (self.refusing | self.not_a_guest))

    def test_marketing_consent_required_on_top_of_e_mail_consent(self):
        mail_only = self._guests(1, prefix="Mail Only Guest")
        mail_only.hotel_consent_marketing = False
        campaign = self._send(self._campaign(self.consenting | mail_only))
        self.assertEqual(self._traced(campaign), self.consenting, "a campaign is marketing: the consent gate's rule")

    def test_explicit_recipients_cannot_bypass_consent(self):
        """A caller handing the mailing the ids of guests who refused e-mails gets nobody written to."""
        campaign = self._campaign(self.consenting)
        campaign.action_send()
        mailing = campaign.mailing_id.with_user(self.user_manager)
        with self.assertRaises(UserError):
            mailing.action_send_mail(res_ids=self.refusing.ids)
        self.assertFalse(self._traced(campaign), "no trace for a guest who refused e-mails")

    def test_plain_mailing_on_contacts_skips_refusing_guests(self):
        """Email Marketing's own mailings to contacts leave out guests without e-mail consent too."""
        mailing = self.env["mailing.mailing"].create(
            {
                "subject": "Newsletter",
                "mailing_model_id": self.env["ir.model"]._get_id("res.partner"),
                "mailing_domain": repr([("id", "in", (self.consenting[:2] | self.refusing | self.not_a_guest).ids)]),
                "body_html": "<p>News</p>",
            }
        )
        mailing.action_send_mail()
        traces = self.env["mailing.trace"].search([("mass_mailing_id", "=", mailing.id)])
        self.assertEqual(set(traces.mapped("res_id")), set((self.consenting[:2] | self.not_a_guest).ids))

    def test_holdout_share_receives_nothing(self):
        campaign = self._send(self._campaign(self.consenting, holdout_pct=20))
        holdout = self._members(campaign, holdout=True)
        recipients = self._members(campaign, holdout=False)
        self.assertEqual(len(holdout), 2, "20 % of 10 consenting guests are held out")
        self.assertEqual((campaign.recipient_count, campaign.holdout_count), (8, 2))
        self.assertEqual(self._traced(campaign), recipients, "the mailing goes to the recipients only")
        self.assertFalse(self._traced(campaign) & holdout, "the hold-out gets no e-mail")
        # a second send of the same mailing reaches nobody new, the hold-out included
        with self.assertRaises(UserError):
            campaign.mailing_id.sudo().action_send_mail()
        self.assertFalse(self._traced(campaign) & holdout)

    def test_holdout_rounded_half_up(self):
        campaign = self._send(self._campaign(self.consenting[:5], holdout_pct=10))
        self.assertEqual((campaign.recipient_count, campaign.holdout_count), (4, 1), "10 % of 5 = 0.5 → 1")

    def test_sending_from_email_marketing_selects_the_holdout(self):
        """The mailing sent from Email Marketing (not the campaign's button) still keeps the hold-out out."""
        campaign = self._campaign(self.consenting, holdout_pct=30)
        campaign.mailing_id.with_user(self.user_manager).action_send_mail()
        self.assertEqual(campaign.state, "sent")
        self.assertEqual(len(self._members(campaign, holdout=True)), 3)
        self.assertFalse(self._traced(campaign) & self._members(campaign, holdout=True))

    def test_sent_campaign_segment_frozen(self):
        campaign = self._send(self._campaign(self.consenting))
        with self.assertRaises(UserError):
            campaign.with_user(self.user_manager).write({"segment_domain": "[]"})
        with self.assertRaises(UserError):
            campaign.with_user(self.user_manager).action_send()

    def test_winback_template(self):
        """The ready win-back campaign: the at-risk and churned guests' filter and the message."""
        at_risk, churned, loyal = self.consenting[:3]
        at_risk.hotel_lifecycle_stage = "at_risk"
        churned.hotel_lifecycle_stage = "churned"
        loyal.hotel_lifecycle_stage = "loyal"
        action = self.env.ref("hotel_crm.hotel_crm_campaign_action_winback")
        context = dict(literal_eval(action.context), default_name="Win-back")
        Campaign = self.Campaign.with_user(self.user_manager).with_company(self.property_a).with_context(**context)
        with Form(Campaign) as form:
            pass
        campaign = form.record
        self.assertIn("We miss you", campaign.mailing_id.subject)
        self.assertIn("It has been a while", campaign.mailing_id.body_html)
        campaign.action_send()
        selected = campaign.sudo().member_ids.partner_id
        self.assertIn(at_risk, selected)
        self.assertIn(churned, selected)
        self.assertNotIn(loyal, selected)
