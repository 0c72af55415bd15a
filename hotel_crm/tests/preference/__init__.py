from . import test_preference
from . import test_preference_inferred
