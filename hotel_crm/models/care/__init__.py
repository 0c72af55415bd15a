"""Front-line guest care: the in-stay check (a courtesy call the morning after arrival)."""

from . import res_company
from . import res_config_settings
from . import hotel_crm_stay_check
from . import hotel_crm_stay
from . import hotel_crm_complaint
from . import mail_activity
