from odoo import models


class ResPartner(models.Model):
    _inherit = "res.partner"  # pylint: disable=consider-merging-classes-inherited

    def _hotel_import_guest_values(self, vals_list):
        # a new guest has no points move yet: its balance (a stored compute, the ledger's sum) is
        # 0, given with its row rather than computed and written back after the insert; the
        # import's loyalty pass sets it with the earn moves of its stays
        vals_list = [{"hotel_points_balance": 0, **vals} for vals in vals_list]
        return super()._hotel_import_guest_values(vals_list)
