from . import test_identity_phone
from . import test_identity_timezone
from . import test_identity_merge
from . import test_identity_input
