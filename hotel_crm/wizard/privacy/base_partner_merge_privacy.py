from odoo import models
from odoo.exceptions import UserError


class BasePartnerMergeAutomaticWizard(models.TransientModel):
    _inherit = "base.partner.merge.automatic.wizard"  # pylint: disable=consider-merging-classes-inherited

    def _merge(self, partner_ids, dst_partner=None, extra_checks=True):
        """A merge moves the merged guests' preferences to the guest kept, by SQL, and keeps the
        sensitive-data consent any of them gave (Odoo writes the set values onto the survivor).
        A merge that would still leave sensitive preferences on a guest without that consent
        (records older than the rule) is refused, nothing merged.

        :raise UserError: naming the guest kept
        """
        res = super()._merge(partner_ids, dst_partner=dst_partner, extra_checks=extra_checks)
        survivor = self.env["res.partner"].sudo().browse(partner_ids).exists()
        for guest in survivor:
            if guest.hotel_consent_sensitive:
                continue
            if (
                self.env["hotel.crm.preference"]
                .sudo()
                .with_context(active_test=False)
                .search_count([("partner_id", "=", guest.id), ("sensitive", "=", True)], limit=1)
            ):
                raise UserError(
                    self.env._(
                        "%(guest)s would keep sensitive preferences without the guest's separate consent "
                        "to sensitive personal information. Record the Sensitive Data Consent on the "
                        "contacts first, or delete those preferences, then merge.",
                        guest=guest.display_name,
                    )
                )
        return res
