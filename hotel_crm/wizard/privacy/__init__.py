"""Privacy wizards: the erasure of a guest's personal data on request, and the retention review."""

from . import hotel_crm_erasure_wizard
from . import hotel_crm_retention_wizard
