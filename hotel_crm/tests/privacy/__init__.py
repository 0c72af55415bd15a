from . import test_privacy_consent
from . import test_privacy_access_matrix
from . import test_privacy_concurrency
from . import test_privacy_search
from . import test_privacy_erasure
from . import test_privacy_export
from . import test_privacy_sensitive
