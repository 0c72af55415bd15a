from odoo import models


class BasePartnerMergeAutomaticWizard(models.TransientModel):
    _inherit = "base.partner.merge.automatic.wizard"

    def _update_values(self, src_partners, dst_partner):
        """Odoo writes the merged contacts' own values onto the survivor (the survivor's value,
        else the last one set), guest value and guest code included, which res.partner refuses
        from a client: these values come from the merged records, not from the client."""
        return super()._update_values(src_partners, dst_partner._hotel_trusted())
