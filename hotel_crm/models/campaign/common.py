"""Values shared by the campaign room's models, views and tests."""

# stays that never count as a response: the guest did not come (cancelled, no-show)
EXCLUDED_STATES = ("cancelled", "no_show")
STATES = [
    ("draft", "Draft"),
    ("sent", "Sent"),
]
USER = "hotel_crm.hotel_crm_group_user"
MANAGER = "hotel_crm.hotel_crm_group_manager"
