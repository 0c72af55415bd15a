"""KPIs: the guest-relations indicators per property and period."""

from . import hotel_crm_dashboard
