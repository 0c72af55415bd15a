from . import loyalty
from . import guest
from . import campaign
from . import kpi
