"""Complaint portal: /my/complaints."""

from . import portal
