"""Loyalty wizards: redeem and adjust points, the programme summary, partner merge of the ledger."""

from . import base_partner_merge_automatic_wizard
from . import hotel_crm_loyalty_summary
from . import hotel_crm_points_adjust
from . import hotel_crm_points_redeem
from . import hotel_crm_tier_grant_wizard
from . import hotel_crm_tier_grant_revoke_wizard
