"""Surveys and reviews: post-stay surveys (Odoo survey), CSAT / NPS on the answers, online reviews."""

from . import metrics
from . import res_company
from . import res_config_settings
from . import survey_question
from . import survey_user_input
from . import hotel_crm_survey_invitation
from . import hotel_crm_review
from . import hotel_crm_stay
from . import hotel_crm_complaint
from . import res_partner
