from . import hotel_crm_stay_import
from . import res_partner_import
