# One room (sub-package) per capability. The order is the order of the override chains: a room
# extends the models of the rooms above it (loyalty before value: their res.partner create/write
# overrides run in this order).
from . import guest
from . import preference
from . import loyalty
from . import value
from . import complaint
from . import survey
from . import care
from . import training
from . import campaign
from . import kpi
from . import partner
from . import privacy

# generic input checks of every hotel_crm.* model and hotel_* field (a `base` extension, named
# models.py as Odoo addons name theirs)
from . import models

# one run of a job at a time (the crons that send or create), a `base` extension
from . import job_lock

# demo-data generators, called only by the demo XML files
from . import demo

# server-side guards: imported last, so that each sees what a client sends before any other
# override of its model (the complaint's own write adds stage stamps that the guard must allow)
from .guest import res_partner_guard, hotel_crm_stay_guard
from .loyalty import hotel_crm_reward_guard
from .value import hotel_crm_guest_loss_guard
from .complaint import hotel_crm_complaint_guard
from .campaign import hotel_crm_campaign_guard
from .care import hotel_crm_stay_check_guard
from .loyalty import hotel_crm_tier_grant_guard
from .partner import hotel_crm_partner_evaluation_guard
