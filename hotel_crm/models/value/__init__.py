from . import res_partner_import_value
