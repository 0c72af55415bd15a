from . import test_campaign_send
from . import test_campaign_attribution
from . import test_campaign_access
from . import test_campaign_merge
