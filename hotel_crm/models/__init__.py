# One room (sub-package) per capability. The order is the order of the override chains: a room
# extends the models of the rooms above it (loyalty before value: their res.partner create/write
# overrides run in this order).
from . import guest
from . import preference
from . import loyalty
from . import value
from . import complaint
from . import survey
from . import training
from . import kpi
from . import privacy

# demo-data generators, called only by the demo XML files
from . import demo
