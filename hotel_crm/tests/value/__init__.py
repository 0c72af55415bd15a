from . import test_value_access
from . import test_value_clv
from . import test_value_cron
from . import test_value_lifecycle
from . import test_value_multi_company
from . import test_value_pyramid
from . import test_value_recompute
from . import test_value_rfm
