from . import base_partner_merge_campaign
