"""Guest value and life cycle: customer pyramid, RFM, lifetime value, churn warning, lost guests."""

from . import hotel_crm_guest_loss
from . import hotel_crm_stay
from . import res_partner
from . import res_partner_value_engine
from . import res_partner_lifecycle
from . import res_company
from . import res_config_settings
from . import res_partner_import_value
