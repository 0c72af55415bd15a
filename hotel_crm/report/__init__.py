from . import hotel_crm_points_report
from . import hotel_crm_complaint_report
