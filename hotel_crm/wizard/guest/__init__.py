from . import base_partner_merge_guest

# the guard last: it refuses a merge before any other override of the wizard runs
from . import base_partner_merge_guard
