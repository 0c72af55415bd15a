from . import test_guest
from . import test_guest_tour
from . import test_import
from . import test_stay
from . import test_stay_concurrency
from . import test_stay_import_batch
