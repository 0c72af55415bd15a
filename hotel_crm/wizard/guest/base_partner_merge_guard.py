from odoo import _, models
from odoo.exceptions import AccessError


class BasePartnerMergeAutomaticWizard(models.TransientModel):
    _inherit = "base.partner.merge.automatic.wizard"  # pylint: disable=consider-merging-classes-inherited

    def _merge(self, partner_ids, dst_partner=None, extra_checks=True):
        """Merging guests is a Hotel CRM manager's (the *Merge Duplicates* button is theirs).

        Odoo's contact merge is open to every contact creator, which the front desk is; a merge
        moves a guest's stays, points and preferences at every property, so guests are refused
        to anyone else, also when the wizard is called over RPC.
        """
        partners = self.env["res.partner"].sudo().browse(partner_ids).exists()
        if (
            not self.env.su
            and not self.env.user.has_group("hotel_crm.hotel_crm_group_manager")
            and any(partners.mapped("hotel_guest"))
        ):
            raise AccessError(_("Only a Hotel CRM manager may merge guests."))
        return super()._merge(partner_ids, dst_partner=dst_partner, extra_checks=extra_checks)

    def _update_values(self, src_partners, dst_partner):
        """Odoo writes the merged contacts' own values onto the survivor (the survivor's value,
        else the last one set), guest value and guest code included, which res.partner refuses
        from a client: these values come from the merged records, not from the client."""
        return super()._update_values(src_partners, dst_partner._hotel_trusted())
