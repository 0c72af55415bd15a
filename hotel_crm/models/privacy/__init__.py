"""Privacy: consent, data-subject requests, retention and anonymisation of guest data."""

from . import hotel_crm_consent
from . import res_partner
