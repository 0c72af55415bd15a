"""Training: service-training programmes and sessions for hotel staff."""

from . import hotel_crm_training_topic
from . import hotel_crm_training_method
from . import hotel_crm_training_course
from . import hotel_crm_training_session
from . import hotel_crm_training_attendance
from . import hr_employee
from . import hr_job
from . import hr_department
from . import res_company
from . import res_config_settings
from . import survey_user_input
