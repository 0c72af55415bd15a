from . import hotel_crm_complaint_guard
