from odoo import api, models

# set by the campaign's own code only: the send (state, stamp, selection, mailing) and the figures
PROTECTED = (
    "state",
    "sent_date",
    "window_end",
    "mailing_id",
    "member_ids",
    "response_ids",
    "recipient_count",
    "holdout_count",
    "response_count",
    "response_stay_count",
    "revenue",
    "holdout_response_count",
    "response_rate",
    "holdout_response_rate",
    "lift",
    "roi",
)


class HotelCrmCampaign(models.Model):
    _inherit = "hotel.crm.campaign"  # pylint: disable=consider-merging-classes-inherited

    def _hotel_protected_fields(self):
        return {**super()._hotel_protected_fields(), **dict.fromkeys(PROTECTED)}

    @api.model_create_multi
    def create(self, vals_list):
        return super().create(self._hotel_guard_create(vals_list))

    def write(self, vals):
        return super().write(self._hotel_guard_write(vals, company_move=True))
