"""Guests and stays: the guest profile on res.partner, the stay, the arrival preparation settings."""

from . import res_partner
from . import hotel_crm_stay
from . import hotel_crm_stay_import
from . import res_company
from . import res_config_settings
