"""Campaigns: a guest segment e-mailed through Odoo's Email Marketing, with a hold-out and measured effect."""

from . import common
from . import hotel_crm_stay
from . import hotel_crm_campaign
from . import hotel_crm_campaign_member
from . import hotel_crm_campaign_response
from . import mailing_mailing
from . import res_partner
from . import hotel_crm_campaign_kpi
