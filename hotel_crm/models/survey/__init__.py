"""Surveys and reviews: post-stay surveys (Odoo survey), CSAT / NPS on the answers, online reviews."""
