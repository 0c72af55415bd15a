"""Privacy wizards: the erasure of a guest's personal data on request."""

from . import hotel_crm_erasure_wizard
