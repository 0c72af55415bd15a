from datetime import timedelta

from odoo import api, models
from odoo.exceptions import AccessError

from .common import KPIS

# the KPIs the dashboard leads with (codes of the KPI catalogue, hotel_crm/models/kpi/common.py)
HEADLINE_KPIS = (
    "active_guests",
    "revenue",
    "repeat_rate",
    "csat_avg",
    "nps",
    "complaints_per_100_stays",
    "sla_compliance",
)
# a guest is "newly" at risk when the life cycle moved them there within this many days
NEWLY_AT_RISK_DAYS = 7
# the SLA states of an open complaint, in the order the dashboard shows them (worst first)
OPEN_SLA_ORDER = ("overdue", "at_risk", "on_track", "none")


class HotelCrmDashboard(models.AbstractModel):
    """The guest-relations dashboard: the first screen of the Hotel CRM app.

    It holds no data of its own: each figure is a count of records the current user may read in
    the current property (the company selected in the user's company switcher), with the domain
    that opens exactly those records, so every number drills down to its records.
    """

    _name = "hotel.crm.dashboard"
    _description = "Guest Relations Dashboard"

    @api.model
    def get_dashboard_data(self):
        """The dashboard of the user's current property.

        :return: ``{"company": {"id", "name"}, "today": "YYYY-MM-DD" (the property's local date),
            "sections": [{"key", "title", "tiles": [tile, ...]}], "kpis": [kpi, ...]}`` where a
            tile is ``{"key", "label", "count", "model", "domain", "tone"}`` (``domain`` opens the
            records counted; ``tone`` is ``"danger"``, ``"warning"``, ``"success"`` or ``""``) and a
            KPI row is what :meth:`_hotel_dashboard_kpis` returns.
        :raise AccessError: the user is not a Hotel CRM user.
        """
        if not self.env.user.has_group("hotel_crm.hotel_crm_group_user"):
            raise AccessError(self.env._("The guest relations dashboard is for Hotel CRM users."))
        company = self.env.company
        today = company._hotel_today()
        sections = [
            {"key": "arrivals", "title": self.env._("Arrivals"), "tiles": self._hotel_arrival_tiles(company, today)},
            {"key": "in_house", "title": self.env._("In House"), "tiles": self._hotel_in_house_tiles(company)},
            {
                "key": "complaints",
                "title": self.env._("Open Complaints by SLA"),
                "tiles": self._hotel_complaint_tiles(company),
            },
            {"key": "guests", "title": self.env._("Guests"), "tiles": self._hotel_guest_tiles(company, today)},
        ]
        return {
            "company": {"id": company.id, "name": company.name},
            "today": today.isoformat(),
            "sections": sections,
            "kpis": self._hotel_dashboard_kpis(company, today),
        }

    # ------------------------------------------------------------------
    # Tiles
    # ------------------------------------------------------------------
    @api.model
    def _hotel_tile(self, key, label, model, domain, tone=""):
        return {
            "key": key,
            "label": label,
            "count": self.env[model].search_count(domain),
            "model": model,
            "domain": domain,
            "tone": tone,
        }

    @api.model
    def _hotel_arrival_tiles(self, company, today):
        prepare = self.env.ref("hotel_crm.mail_activity_type_hotel_preferences", raise_if_not_found=False)
        tiles = []
        for key, label, day in (
            ("today", self.env._("Arriving Today"), today),
            ("tomorrow", self.env._("Arriving Tomorrow"), today + timedelta(days=1)),
        ):
            domain = [("company_id", "=", company.id), ("state", "=", "booked"), ("arrival_date", "=", day)]
            tiles.append(self._hotel_tile(f"arrivals_{key}", label, "hotel.crm.stay", domain))
            if prepare:
                tiles.append(
                    self._hotel_tile(
                        f"arrivals_{key}_prepare",
                        self.env._("%(label)s: Preferences to Prepare", label=label),
                        "hotel.crm.stay",
                        [*domain, ("activity_type_id", "=", prepare.id)],
                        tone="warning",
                    )
                )
        return tiles

    @api.model
    def _hotel_in_house_tiles(self, company):
        in_house = [("company_id", "=", company.id), ("state", "=", "in_house")]
        return [
            self._hotel_tile("in_house", self.env._("In-house Guests"), "hotel.crm.stay", in_house),
            self._hotel_tile(
                "in_house_vip",
                self.env._("In-house VIP and Major Guests"),
                "hotel.crm.stay",
                [*in_house, ("partner_id.hotel_value_segment", "in", ("vip", "major"))],
                tone="success",
            ),
            self._hotel_tile(
                "in_house_complaint",
                self.env._("In-house Guests with an Open Complaint"),
                "hotel.crm.stay",
                [*in_house, ("partner_id", "in", self._hotel_open_complaints(company).partner_id.ids)],
                tone="danger",
            ),
        ]

    @api.model
    def _hotel_open_complaints(self, company):
        domain = [("company_id", "=", company.id), ("is_closed", "=", False)]
        Complaint = self.env["hotel.crm.complaint"]
        if "feedback_type" in Complaint._fields:
            domain.append(("feedback_type", "=", "complaint"))
        return Complaint.search(domain)

    @api.model
    def _hotel_complaint_tiles(self, company):
        """Open complaints per SLA status (computed, not stored: counted here, opened by ids)."""
        by_status = {status: [] for status in OPEN_SLA_ORDER}
        for complaint in self._hotel_open_complaints(company):
            by_status.setdefault(complaint.sla_status, []).append(complaint.id)
        Complaint = self.env["hotel.crm.complaint"]
        labels = dict(Complaint._fields["sla_status"]._description_selection(self.env))
        tones = {"overdue": "danger", "at_risk": "warning", "on_track": "success"}
        return [
            {
                "key": f"sla_{status}",
                "label": labels[status],
                "count": len(by_status[status]),
                "model": "hotel.crm.complaint",
                "domain": [("id", "in", by_status[status])],
                "tone": tones.get(status, ""),
            }
            for status in OPEN_SLA_ORDER
        ]

    @api.model
    def _hotel_guest_tiles(self, company, today):
        stayed_here = [("hotel_stay_ids.company_id", "=", company.id)]
        return [
            self._hotel_tile(
                "newly_at_risk",
                self.env._("Newly at Risk (last %(days)s days)", days=NEWLY_AT_RISK_DAYS),
                "res.partner",
                [
                    *stayed_here,
                    ("hotel_lifecycle_stage", "=", "at_risk"),
                    ("hotel_lifecycle_date", ">=", today - timedelta(days=NEWLY_AT_RISK_DAYS)),
                ],
                tone="warning",
            ),
        ]

    # ------------------------------------------------------------------
    # Headline KPIs (extension hook)
    # ------------------------------------------------------------------
    @api.model
    def _hotel_dashboard_kpis(self, company, today):
        """Headline KPI rows of the property for the month of ``today``: this month so far (computed
        live by the KPI engine, unless the month already has a snapshot), last month, the same month
        last year (their current snapshots) and this year's target with its status.

        Each row is ``{"code", "label", "value", "last_month", "last_year", "target", "status",
        "small_sample", "available"}``; a KPI whose source is not installed has ``available``
        False and is shown as not available, never 0. Extend :data:`HEADLINE_KPIS` or override.

        :return: list of rows in :data:`HEADLINE_KPIS` order
        """
        Snapshot = self.env["hotel.crm.kpi.snapshot"]
        overview = Snapshot.hotel_kpi_overview(today, company)
        live = {}
        if not overview["snapshot"]:
            # the running month has no snapshot yet: the same engine, read-only, for this property
            live = Snapshot.sudo()._hotel_kpi_figures(company, today.replace(day=1), today)
        Target = self.env["hotel.crm.kpi.target"]
        statuses = dict(Target._fields["status"]._description_selection(self.env))
        targets = {t.kpi: t for t in Target.search([("company_id", "=", company.id), ("year", "=", today.year)])}
        rows = []
        for row in overview["kpis"]:
            if row["kpi"] not in HEADLINE_KPIS:
                continue
            value, available, small = row["value"], row["available"], row["small_sample"]
            if live:
                value, sample, available = live.get(row["kpi"], (None, 0, False))
                basis = KPIS[row["kpi"]][3]
                small = bool(available and basis and (sample or 0) < (company.hotel_kpi_min_sample or 30))
            rows.append(
                {
                    "code": row["kpi"],
                    "label": row["label"],
                    "value": value if available else None,
                    "available": available,
                    "small_sample": small,
                    "last_month": row["previous"],
                    "last_year": row["last_year"],
                    "target": row["target"],
                    "status": statuses.get(targets[row["kpi"]]._hotel_status(value), "")
                    if row["kpi"] in targets
                    else "",
                }
            )
        rows.sort(key=lambda r: HEADLINE_KPIS.index(r["code"]))
        return rows
