"""Demo-data generators: methods called by the demo XML files only (``<function .../>``), kept
apart from the business models so that no production path reaches them."""

from . import hotel_crm_stay
from . import hotel_crm_points_move
from . import res_partner
from . import res_company
from . import hotel_crm_complaint
from . import hotel_crm_training_session
from . import hotel_crm_survey_invitation
from . import hotel_crm_complaint_feedback
from . import hotel_crm_stay_check
from . import hotel_crm_partner_evaluation
