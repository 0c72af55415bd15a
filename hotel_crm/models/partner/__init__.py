"""Partners: the companies that book stays or supply the hotel, and their periodic scorecards."""

from . import common
from . import res_partner
from . import hotel_crm_stay
from . import hotel_crm_partner_criterion
from . import hotel_crm_partner_evaluation
from . import hotel_crm_partner_evaluation_line
