from . import loyalty
