from . import hotel_crm_points_report
from . import hotel_crm_complaint_report
from . import hotel_crm_satisfaction_report
from . import hotel_crm_nps_loyalty_report
