from odoo import models


class BasePartnerMergeAutomaticWizard(models.TransientModel):
    _inherit = "base.partner.merge.automatic.wizard"

    def _merge(self, partner_ids, dst_partner=None, extra_checks=True):
        """Merging duplicate guests moves their points moves by SQL: recompute the balance and tier."""
        res = super()._merge(partner_ids, dst_partner=dst_partner, extra_checks=extra_checks)
        survivors = self.env["res.partner"].browse(partner_ids).exists()
        if survivors:
            self.env.add_to_compute(survivors._fields["hotel_points_balance"], survivors)
            survivors._hotel_tier_evaluate()
        return res
