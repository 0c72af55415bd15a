"""Privacy wizards: the erasure of a guest's personal data on request, the retention review;
merges keep the consent rule."""

from . import base_partner_merge_privacy
from . import hotel_crm_erasure_wizard
from . import hotel_crm_retention_wizard
