from . import test_survey_metrics
from . import test_survey_invitation
from . import test_survey_recovery
from . import test_review
from . import test_survey_report
from . import test_survey_demo
from . import test_survey_breaker
from . import test_survey_sms
