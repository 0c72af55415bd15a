from . import hotel_crm_reward_guard
