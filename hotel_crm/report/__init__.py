from . import hotel_crm_sql_report
from . import hotel_crm_points_report
from . import hotel_crm_complaint_report
from . import hotel_crm_value_pyramid_report
from . import hotel_crm_training_report
from . import hotel_crm_training_gap_report
from . import hotel_crm_training_effect_report
from . import hotel_crm_training_effect_summary
