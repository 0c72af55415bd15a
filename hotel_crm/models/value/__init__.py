from . import res_partner_import_value
from . import hotel_crm_stay_import_value
