from . import loyalty
from . import complaint
from . import survey
