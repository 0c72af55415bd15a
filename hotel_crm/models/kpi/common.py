"""The KPI catalogue: one home for the code, label, unit and direction of every indicator.

A snapshot stores one line per KPI of :data:`KPIS` (``hotel.crm.kpi.snapshot.line``); the codes
that the integrator contract names are also columns of the snapshot (:data:`SNAPSHOT_COLUMNS`).
A target names a KPI by the same code.
"""

from odoo import fields

from ..survey.metrics import NullableColumn

# code -> (label, unit, higher_is_better, sample basis)
#   unit: "count", "pct" (0-100), "amount" (the property's currency), "hours", "score"
#   sample basis: what the sample size counts (the denominator of a rate or mean), or None for
#   plain counts and totals, which are never flagged small-sample
KPIS = {
    "stays": ("Stays", "count", True, None),
    "revenue": ("Revenue", "amount", True, None),
    "active_guests": ("Active Guests", "count", True, None),
    "new_guests": ("New Guests", "count", True, None),
    "repeat_rate": ("Repeat Rate (%)", "pct", True, "guests"),
    "retention_rate": ("Retention Rate (%)", "pct", True, "guests"),
    "churned_guests": ("Churned Guests", "count", False, None),
    "top20_revenue_share": ("Top-20% Revenue Share (%)", "pct", True, "guests"),
    "revenue_per_guest": ("Revenue per Active Guest", "amount", True, "guests"),
    "profit_contribution": ("Profit Contribution", "amount", True, None),
    "clv_avg": ("Average CLV of Active Guests", "amount", True, "guests"),
    "acquisition_cost": ("Acquisition Cost per New Guest", "amount", False, "guests"),
    "csat_avg": ("CSAT (1-5)", "score", True, "answers"),
    "nps": ("NPS (-100 to +100)", "score", True, "answers"),
    "ces_avg": ("CES (1-7)", "score", True, "answers"),
    "survey_response_rate": ("Survey Response Rate (%)", "pct", True, "invitations"),
    "review_index": ("Review Index (0-100)", "score", True, "reviews"),
    "complaints_per_100_stays": ("Complaints per 100 Stays", "score", False, "stays"),
    "median_resolution_hours": ("Median Hours to Resolution", "hours", False, "complaints"),
    "sla_compliance": ("SLA Compliance (%)", "pct", True, "complaints"),
    "recovery_rate": ("Recovery Rate (%)", "pct", True, "complaints"),
    "personalised_service": ("Personalised Service (%)", "pct", True, "arrivals"),
    "training_hours_per_employee": ("Training Hours per Employee", "hours", True, "employees"),
    "training_pass_rate": ("Training Pass Rate (%)", "pct", True, "attendances"),
    "campaign_responses": ("Campaign Responses", "count", True, None),
    "campaign_revenue": ("Campaign Attributed Revenue", "amount", True, None),
}
KPI_SELECTION = [(code, label) for code, (label, _unit, _higher, _basis) in KPIS.items()]
UNITS = [("count", "Count"), ("pct", "Percent"), ("amount", "Amount"), ("hours", "Hours"), ("score", "Score")]

# the KPIs of the integrator contract, stored as columns of the snapshot as well
SNAPSHOT_COLUMNS = (
    "active_guests",
    "new_guests",
    "repeat_rate",
    "retention_rate",
    "churned_guests",
    "top20_revenue_share",
    "revenue_per_guest",
    "csat_avg",
    "nps",
    "ces_avg",
    "complaints_per_100_stays",
    "sla_compliance",
    "recovery_rate",
)

DEFAULT_MIN_SAMPLE = 30
TARGET_STATUSES = [
    ("on_track", "On Track"),
    ("at_risk", "At Risk"),
    ("off_track", "Off Track"),
    ("no_data", "No Data"),
]


def kpi_label(env, code):
    """Translated label of a KPI (the selection's label in the user's language)."""
    selection = dict(env["hotel.crm.kpi.snapshot.line"]._fields["kpi"]._description_selection(env))
    return selection.get(code, code)


class NullableFloat(NullableColumn, fields.Float):
    """A float column that keeps NULL for "no figure".

    Odoo's ``Float`` stores ``False`` as 0.0, but a KPI without data (no answers, no source) is
    not a KPI of 0: the value stays NULL, reads as ``False`` and ``AVG`` in a pivot leaves it out.
    """

    def convert_to_column(self, value, record, values=None, validate=True):
        return None if value is None or value is False else float(value)
