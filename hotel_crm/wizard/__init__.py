from . import loyalty
from . import guest
from . import campaign
from . import kpi
from . import privacy
