from . import test_partner_booker_import
from . import test_partner_scorecard
from . import test_partner_figures
from . import test_partner_access
from . import test_partner_demo
