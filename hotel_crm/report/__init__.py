from . import hotel_crm_sql_report
from . import hotel_crm_points_report
from . import hotel_crm_complaint_report
from . import hotel_crm_value_pyramid_report
