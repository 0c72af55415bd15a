"""Guests and stays: the guest profile on res.partner, the stay and its import from a PMS."""

from . import res_partner
from . import hotel_crm_stay
from . import hotel_crm_stay_import
from . import hotel_crm_protected_fields_mixin
from . import res_partner_import
from . import mail_thread
from . import res_partner_desk
from . import res_company
from . import res_company_time
from . import res_partner_phone
from . import hotel_crm_stay_time
from . import res_partner_search
