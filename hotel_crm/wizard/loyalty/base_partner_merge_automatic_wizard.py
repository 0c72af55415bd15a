from odoo import models

from ...models.loyalty.res_partner import LOYALTY_TIER_FIELDS

# stored stay aggregates of res.partner, all computed by _compute_hotel_stay_aggregates
STAY_AGGREGATE_FIELDS = (
    "hotel_stay_count",
    "hotel_nights_total",
    "hotel_revenue_total",
    "hotel_first_stay_date",
    "hotel_last_stay_date",
    "hotel_cancel_count",
    "hotel_no_show_count",
)


class BasePartnerMergeAutomaticWizard(models.TransientModel):
    _inherit = "base.partner.merge.automatic.wizard"

    def _merge(self, partner_ids, dst_partner=None, extra_checks=True):
        """Merging duplicate guests moves their stays and points moves by SQL: recompute the stay
        aggregates, the balance and the tier of the survivor."""
        if extra_checks and self._hotel_guest_duplicates(partner_ids):
            # Odoo lets non-administrators merge only contacts whose e-mails are written the same;
            # the duplicates the guest form offers share a normalised e-mail or phone instead
            extra_checks = False
        res = super()._merge(partner_ids, dst_partner=dst_partner, extra_checks=extra_checks)
        survivors = self.env["res.partner"].browse(partner_ids).exists()
        if survivors:
            for fname in STAY_AGGREGATE_FIELDS:
                self.env.add_to_compute(survivors._fields[fname], survivors)
            self.env.add_to_compute(survivors._fields["hotel_points_balance"], survivors)
            survivors.flush_recordset([*STAY_AGGREGATE_FIELDS, "hotel_points_balance"])
            survivors._hotel_tier_evaluate()
        return res

    def _hotel_guest_duplicates(self, partner_ids):
        """Whether a Hotel CRM manager merges guests that are duplicates of each other: at least
        one is a guest and together they are linked by a shared normalised e-mail or phone."""
        if not self.env.user.has_group("hotel_crm.hotel_crm_group_manager"):
            return False
        partners = self.env["res.partner"].browse(partner_ids).exists()
        if len(partners) < 2 or not any(partners.mapped("hotel_guest")):
            return False
        linked = partners[:1]
        grown = True
        while grown:
            grown = False
            for partner in partners - linked:
                for fname in ("email_normalized", "hotel_phone_e164"):
                    if partner[fname] and partner[fname] in linked.mapped(fname):
                        linked |= partner
                        grown = True
                        break
        return linked == partners

    def _update_values(self, src_partners, dst_partner):
        """Hand the guest code and the tier fields to the survivor before Odoo's generic copy.

        Odoo copies the source's guest code onto a survivor without one while the source still
        holds it, which the unique guest code refuses: hand the code over first. Odoo also writes
        every field of the merged contacts onto the survivor with the user's rights, and
        res.partner.write() refuses the tier fields from users: set them first as superuser,
        exactly as Odoo would (the survivor's own value, else the last truthy one), so that write
        becomes an allowed no-op. The tier is evaluated again from the merged ledger in _merge().
        """
        survivor = dst_partner.sudo()
        if not survivor.hotel_guest_code:
            code = src_partners.sorted("id").filtered("hotel_guest_code")[:1].hotel_guest_code
            if code:
                src_partners.sudo().write({"hotel_guest_code": False})
                survivor.write({"hotel_guest_code": code})
        vals = {}
        for fname in LOYALTY_TIER_FIELDS:
            value = survivor[fname]
            if not value:
                value = next((p[fname] for p in reversed(src_partners.sudo()) if p[fname]), value)
            if value != survivor[fname]:
                vals[fname] = value.id if fname == "hotel_tier_id" else value
        if vals:
            survivor.write(vals)
        return super()._update_values(src_partners, dst_partner)
