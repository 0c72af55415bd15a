"""Guest preferences: categories, stated / observed / inferred preferences, sensitive items."""

from . import hotel_crm_preference_category
from . import hotel_crm_preference
from . import res_partner
