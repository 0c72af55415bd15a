"""Post-stay survey pages: staff fill in an answer the guest gives by phone or in person."""

from . import main
