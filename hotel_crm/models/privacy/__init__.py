"""Privacy: consent, data-subject requests, retention and anonymisation of guest data."""

from . import hotel_crm_consent
from . import hotel_crm_privacy_log
from . import hotel_crm_sensitive_access
from . import hotel_crm_preference
from . import res_partner
from . import res_partner_erasure
from . import res_partner_export
from . import res_company
from . import res_config_settings
from . import res_partner_retention
from . import hotel_crm_data_quality
from . import hotel_crm_data_quality_settings
