"""KPIs: the guest-relations indicators per property and period."""
