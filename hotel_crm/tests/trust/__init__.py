from . import test_trust_archived
from . import test_trust_attack_s10
from . import test_trust_company_move
from . import test_trust_errors
from . import test_trust_portal_fields
from . import test_trust_readonly_fields
from . import test_trust_state_flags
from . import test_trust_web_save
