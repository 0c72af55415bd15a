from . import (
    base_partner_merge_loyalty,
    base_partner_merge_guest,
    hotel_crm_loyalty_summary,
    hotel_crm_points_adjust,
    hotel_crm_points_redeem,
)
