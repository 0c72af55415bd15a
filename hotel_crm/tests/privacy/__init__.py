from . import test_privacy_consent
