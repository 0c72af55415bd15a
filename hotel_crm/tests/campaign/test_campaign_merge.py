from datetime import date, datetime

from odoo.tests import tagged

from .common import CampaignCommon


@tagged("post_install", "-at_install", "hotel_crm_campaign", "hotel_crm_identity")
class TestCampaignMerge(CampaignCommon):
    """Merging two guests selected by the same campaign keeps one selection and every credited stay."""

    def test_merge_keeps_one_selection_and_the_responses(self):
        survivor, other = self._guests(2, prefix="Merged Guest")
        campaign = self._send(self._campaign(survivor | other))
        stay = self._booking(other, date(2025, 5, 1), booked=datetime(2025, 3, 10), revenue=300)
        self.Response._hotel_attribute(self.property_a)
        self.assertEqual(campaign.response_count, 1)
        other.email = survivor.email  # the same person (Odoo lets only administrators merge other e-mails)
        wizard = (
            self.env["base.partner.merge.automatic.wizard"]
            .with_user(self.user_manager)
            .create({"partner_ids": [(6, 0, (survivor | other).ids)], "dst_partner_id": survivor.id})
        )
        wizard.action_merge()
        self.assertFalse(other.exists())
        members = campaign.sudo().member_ids
        self.assertEqual(members.partner_id, survivor, "one selection for the merged guest")
        self.assertEqual(len(members), 1)
        response = campaign.sudo().response_ids
        self.assertEqual((response.stay_id, response.partner_id, response.member_id), (stay, survivor, members))
        self.Response._hotel_attribute(self.property_a)
        self.assertEqual((campaign.recipient_count, campaign.response_count, campaign.revenue), (1, 1, 300.0))
