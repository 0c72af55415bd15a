from . import test_privacy_consent
from . import test_privacy_erasure
from . import test_privacy_export
