from . import loyalty
from . import guest
