"""Privacy wizards: the erasure of a guest's personal data on request; merges keep the consent rule."""

from . import base_partner_merge_privacy
from . import hotel_crm_erasure_wizard
