"""Loyalty portal: /my/loyalty."""

from . import portal
