from . import hotel_crm_kpi_compute
