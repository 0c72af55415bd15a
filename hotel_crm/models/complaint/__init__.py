"""Complaints, suggestions and compliments: intake and routing, SLA, judgement, crisis plan and early
warning, recovery and compensation, improvement actions."""

from . import hr_department
from . import hotel_crm_sla_mixin
from . import hotel_crm_complaint
from . import hotel_crm_complaint_crisis
from . import hotel_crm_complaint_recovery
from . import hotel_crm_complaint_mail
from . import hotel_crm_complaint_improvement
from . import hotel_crm_complaint_feedback
from . import hotel_crm_complaint_judgement
from . import hotel_crm_complaint_category
from . import hotel_crm_complaint_checklist
from . import hotel_crm_complaint_stage
from . import hotel_crm_crisis_step
from . import hotel_crm_crisis_type
from . import hotel_crm_crisis_alert
from . import hotel_crm_improvement
from . import hotel_crm_sla_policy
from . import res_partner
from . import res_company
from . import res_config_settings
from . import hotel_crm_guest_loss
