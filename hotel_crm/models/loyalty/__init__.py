"""Loyalty programme: tiers, rewards, the points ledger, points earned by stays, greetings."""

from . import hotel_crm_tier
from . import hotel_crm_reward
from . import hotel_crm_points_move
from . import hotel_crm_greeting
from . import hotel_crm_stay
from . import res_partner
from . import res_config_settings
from . import res_partner_import_loyalty
from . import hotel_crm_stay_import_loyalty
from . import hotel_crm_tier_grant
from . import res_partner_tier_grant
