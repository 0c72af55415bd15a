"""KPIs: the guest-relations indicators per property and period."""

from . import hotel_crm_dashboard
from . import res_company
from . import res_config_settings
from . import hotel_crm_stay
from . import hotel_crm_marketing_spend
from . import hotel_crm_kpi_snapshot
from . import hotel_crm_kpi_snapshot_engine
from . import hotel_crm_kpi_snapshot_line
from . import hotel_crm_kpi_target
from . import hotel_crm_kpi_snapshot_report
