from . import loyalty
from . import guest
from . import privacy
