from . import res_company_time
from . import res_partner_phone
from . import hotel_crm_stay_time
