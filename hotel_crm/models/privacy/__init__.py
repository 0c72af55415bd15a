"""Privacy: consent, data-subject requests, retention and anonymisation of guest data."""
