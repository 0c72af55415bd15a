from odoo import api, models


class HotelCrmReview(models.Model):
    """What the server sets on a review is refused from clients: the reply's date and author (stamped
    when the reply is saved), the normalised rating and reply figures (computed) and the complaint a
    low review opened (linked by the addon)."""

    _name = "hotel.crm.review"
    _inherit = ["hotel.crm.review", "hotel.crm.protected.fields.mixin"]

    def _hotel_protected_fields(self):
        return {
            **super()._hotel_protected_fields(),
            **dict.fromkeys(
                ("reply_date", "reply_user_id", "rating_normalized", "replied", "reply_hours", "complaint_id")
            ),
        }

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self._hotel_check_protected_fields(vals)
        return super().create(vals_list)

    def write(self, vals):
        self._hotel_check_protected_fields(vals)
        self._hotel_check_company_move(vals)
        return super().write(vals)
