from odoo import models
from odoo.tools import SQL


class BasePartnerMergeAutomaticWizard(models.TransientModel):
    _inherit = "base.partner.merge.automatic.wizard"  # pylint: disable=consider-merging-classes-inherited

    def _hotel_merge_rules(self):
        return {
            **super()._hotel_merge_rules(),
            ("hotel.crm.campaign.member", "partner_id"): self._hotel_merge_campaign_members,
        }

    def _hotel_merge_campaign_members(self, src_partners, dst_partner):
        """One selection per guest and campaign: when both guests were selected by the same campaign,
        the survivor's selection (recipient or hold-out) is kept and takes over the other's credited
        stays."""
        groups = self._hotel_merge_rows(
            "hotel.crm.campaign.member", [], lambda m: m.campaign_id.id, src_partners, dst_partner
        )
        folded = self.env["hotel.crm.campaign.member"].sudo()
        for kept, rows in groups:
            for row in rows:
                self.env.cr.execute(
                    SQL("UPDATE hotel_crm_campaign_response SET member_id = %s WHERE member_id = %s", kept.id, row.id)
                )
                folded |= row
        self.env["hotel.crm.campaign.response"].invalidate_model(["member_id"])
        folded.unlink()
        return len(folded)
