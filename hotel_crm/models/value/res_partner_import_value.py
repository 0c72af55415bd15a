from odoo import models


class ResPartner(models.Model):
    _inherit = "res.partner"  # pylint: disable=consider-merging-classes-inherited

    def _hotel_import_guest_values(self, vals_list):
        # a new guest is a prospect, as ``create`` makes it (see models/value/res_partner.py), so that its
        # first classification is a transition like any other
        prospect = {"hotel_lifecycle_stage": "prospect", "hotel_lifecycle_date": self.env.company._hotel_today()}
        vals_list = [
            {**prospect, **vals} if vals.get("hotel_guest") and "hotel_lifecycle_stage" not in vals else vals
            for vals in vals_list
        ]
        return super()._hotel_import_guest_values(vals_list)
