from . import hotel_crm_protected_fields_mixin
from . import hotel_crm_stay_guard
from . import res_partner_guard
