from odoo import models
from odoo.tools import SQL

# the guest's stay aggregates, kept by the ORM stay by stay (one definition, in the guest room)
from ..guest.res_partner import STAY_AGGREGATES


class HotelCrmStay(models.Model):
    _inherit = "hotel.crm.stay"  # pylint: disable=consider-merging-classes-inherited

    def _import_create_guests(self, identities):
        # a new guest's aggregates are set with its stays' below, not computed empty first
        partners = super()._import_create_guests(identities)
        for fname in STAY_AGGREGATES:
            self.env.remove_to_compute(partners._fields[fname], partners)
        return partners

    def _import_stays_created(self, rows):
        """The guests' stay aggregates of an imported batch in one UPDATE, with the statements of
        the nightly recompute (``_hotel_collect_stay_stats``, ``_hotel_update_stay_aggregates``),
        instead of the ORM's recomputation guest by guest."""
        Partner = self.env["res.partner"].sudo()
        partner_ids = sorted({row["partner_id"] for row in rows})
        partners = Partner.browse(partner_ids)
        for fname in STAY_AGGREGATES:
            self.env.remove_to_compute(Partner._fields[fname], partners)
        res = super()._import_stays_created(rows)
        self.env.flush_all()
        params = Partner._hotel_value_params(self.env.company, self.env.company._hotel_today())
        Partner._hotel_collect_stay_stats(partner_ids, params)
        Partner._hotel_update_stay_aggregates(SQL("p.id IN %s", tuple(partner_ids)))
        self.env.cr.execute(SQL("DROP TABLE IF EXISTS hotel_value_stats"))
        partners.invalidate_recordset(STAY_AGGREGATES)
        return res
