from . import test_training_access
from . import test_training_assessment
from . import test_training_attendance
from . import test_training_demo
from . import test_training_effect
from . import test_training_mandatory
from . import test_training_reminders
from . import test_training_breaker

# what `from .training import *` brings into the tests package: the test modules, not `common`
__all__ = [
    "test_training_access",
    "test_training_assessment",
    "test_training_attendance",
    "test_training_breaker",
    "test_training_demo",
    "test_training_effect",
    "test_training_mandatory",
    "test_training_reminders",
]
