"""Training: service-training programmes and sessions for hotel staff."""
