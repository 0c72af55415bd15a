from . import test_care_instay_check
from . import test_care_report
from . import test_care_demo
