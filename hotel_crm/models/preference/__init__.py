"""Guest preferences: categories, stated / observed / inferred preferences, sensitive items, their
inference from repeated stays and the preparation of a booked stay's arrival."""

from . import hotel_crm_preference_category
from . import hotel_crm_preference
from . import res_partner
from . import hotel_crm_stay
from . import res_company
from . import res_config_settings
