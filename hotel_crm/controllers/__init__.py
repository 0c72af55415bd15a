from . import loyalty
from . import complaint
