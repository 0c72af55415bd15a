from . import hotel_crm_guest_loss_guard
