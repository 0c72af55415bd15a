from . import test_kpi_dashboard
from . import test_kpi_snapshot
from . import test_kpi_sources
from . import test_kpi_freeze
from . import test_kpi_target
from . import test_kpi_monthly_report
from . import test_kpi_properties

# what `from .kpi import *` brings into the tests package: the test modules, not `common`
__all__ = [
    "test_kpi_dashboard",
    "test_kpi_freeze",
    "test_kpi_monthly_report",
    "test_kpi_properties",
    "test_kpi_snapshot",
    "test_kpi_sources",
    "test_kpi_target",
]
