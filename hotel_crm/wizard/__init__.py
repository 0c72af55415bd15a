from . import (
    base_partner_merge_loyalty,
    hotel_crm_loyalty_summary,
    hotel_crm_points_adjust,
    hotel_crm_points_redeem,
)
from . import guest
