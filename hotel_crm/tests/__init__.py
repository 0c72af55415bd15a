"""Tests of hotel_crm, one sub-package per capability.

Every test class is tagged ``post_install``, ``-at_install`` and the tag of its capability, so
that one capability runs alone (Odoo's ``--test-tags``; ``tools/run-tests`` passes ``TEST_TAGS``)::

    TEST_TAGS=hotel_crm_loyalty tools/run-tests
    TEST_TAGS=hotel_crm_guest,hotel_crm_preference tools/run-tests
    TEST_TAGS=/hotel_crm:TestComplaintSla tools/run-tests       (one class, as before)

==========================  =====================  ==================================================
Tag                         Folder                 What
==========================  =====================  ==================================================
``hotel_crm_guest``         ``guest/``             guests, stays, stay import, duplicates, stay
                                                   aggregates under concurrency, front-desk tour
``hotel_crm_preference``    ``preference/``        preferences, arrival notes, inferred preferences
``hotel_crm_value``         ``value/``             value pyramid, RFM, CLV, life cycle, multi-company,
                                                   recompute and its cron, access
``hotel_crm_loyalty``       ``loyalty/``           points ledger, tiers, tier grants, expiry,
                                                   greetings, report, portal, tour, concurrency
``hotel_crm_complaint``     ``complaint/``         flow, SLA, crisis, recovery, improvement, report,
                                                   access, mail gateway, portal, tour, concurrency,
                                                   suggestions and compliments, staff recognition,
                                                   judgement, crisis early warning, crisis types
``hotel_crm_campaign``      ``campaign/``          campaigns: consent, hold-out, attribution window,
                                                   single credit, lift and ROI, access
``hotel_crm_care``          ``care/``              in-stay checks: criteria, courtesy call due date per
                                                   time zone, outcome, complaint, report
``hotel_crm_partner``       ``partner/``           booking companies on stays and their import, partner
                                                   scorecards: weights, ranks, trends, measured
                                                   figures, access
``hotel_crm_privacy``       ``privacy/``           access matrix (every persona against every model),
                                                   search indexes, concurrent imports
                                                   access, mail gateway, portal, tour, concurrency
``hotel_crm_kpi``           ``kpi/``               KPI snapshots (each figure), versions, freezing,
                                                   targets, access
``hotel_crm_install``       ``test_install.py``    what an install (with or without demo) provides
``hotel_crm_demo``          ``test_demo.py``       the demo data's story
``hotel_crm_i18n``          ``test_i18n.py``       the translations
==========================  =====================  ==================================================

A class that crosses two capabilities carries both tags: the inferred preferences
(``hotel_crm_preference`` and ``hotel_crm_value``, as the value recompute infers them) and the
recompute racing a stay booking (``hotel_crm_guest`` and ``hotel_crm_value``).

The bases are in ``common.py``: ``HotelCrmCommon`` (two properties, a user per group, ``_guest``,
``_stay``) and its specialisations ``LoyaltyCase``, ``TestValueCommon`` and ``ComplaintCommon``;
``common_concurrency.py`` holds the mixin for tests of two workers at once. A sub-package's test
modules carry its capability in their name (``test_loyalty_points``): they are imported here with
``import *``, where two modules of the same name would hide one another from Odoo's runner.
"""

from . import test_demo
from . import test_docs
from . import test_i18n
from . import test_install
from .complaint import *  # noqa: F403
from .guest import *  # noqa: F403
from .loyalty import *  # noqa: F403
from .preference import *  # noqa: F403
from .value import *  # noqa: F403
from .trust import *  # noqa: F403
from .training import *  # noqa: F403
from .survey import *  # noqa: F403
from .webclient import *  # noqa: F403
from .identity import *  # noqa: F403
from .kpi import *  # noqa: F403
from .privacy import *  # noqa: F403
from .campaign import *  # noqa: F403
from .care import *  # noqa: F403
from .partner import *  # noqa: F403
