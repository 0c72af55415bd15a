from . import hotel_crm_stay_import_loyalty
