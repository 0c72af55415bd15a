"""The web client as hotel staff and guests meet it: forms, filters, portal pages and tours."""

from . import test_blocking
from . import test_numbers
from . import test_tours
from . import test_i18n_data
from . import test_desk
from . import test_figures
