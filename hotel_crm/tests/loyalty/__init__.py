from . import test_loyalty_concurrency
from . import test_loyalty_expiry
from . import test_loyalty_greetings
from . import test_loyalty_points
from . import test_loyalty_portal
from . import test_loyalty_report
from . import test_loyalty_tier
from . import test_loyalty_tour
