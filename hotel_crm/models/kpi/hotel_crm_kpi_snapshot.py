import logging
from datetime import date, timedelta

from odoo import Command, _, api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import SQL

from .common import KPIS, SNAPSHOT_COLUMNS, NullableFloat

_logger = logging.getLogger(__name__)

# one computation of a property's period at a time (pg advisory lock: "hotel_crm kpi" as a number)
KPI_LOCK_KEY = 7_004_301_016
# the days a KPI period may cover (compute_snapshot, hotel_kpi_overview, the Compute KPIs wizard)
KPI_DATE_MIN = date(1900, 1, 1)
KPI_DATE_MAX = date(2999, 12, 31)
# the snapshot columns that are counts (never "not available": the stays are always there)
COUNT_COLUMNS = ("active_guests", "new_guests", "churned_guests")


class HotelCrmKpiSnapshot(models.Model):
    """The KPIs of one property (or of the whole group) for one period, as computed at one moment.

    Rows are immutable versions: a recomputation of a period creates version n + 1, which becomes
    the current one (``is_current``), and keeps the previous versions as they were. The month-end
    job freezes the closed month (``frozen``): a version computed for a frozen period is frozen too.
    Nobody writes a snapshot through the UI or RPC: only :meth:`compute_snapshot` creates them
    (the server refuses any other create, write or delete, whatever the access rights).

    The figures are the lines (``line_ids``, one per KPI of ``common.KPIS`` with its sample size,
    small-sample and availability flags); the KPIs named by the integrator contract are also
    columns of the snapshot (``active_guests``, ``repeat_rate``, ...), NULL (read as ``False``)
    when there is nothing to measure or no source.
    """

    _name = "hotel.crm.kpi.snapshot"
    _description = "KPI Snapshot"
    _order = "date_from desc, company_id, version desc"

    name = fields.Char(compute="_compute_name", store=True)
    company_id = fields.Many2one(
        "res.company", string="Property", index=True, readonly=True, help="Empty for the group-wide figures."
    )
    covered_company_ids = fields.Many2many(
        "res.company",
        "hotel_crm_kpi_snapshot_company_rel",
        "snapshot_id",
        "company_id",
        string="Properties Covered",
        readonly=True,
    )
    group_visible = fields.Boolean(
        compute="_compute_group_visible",
        search="_search_group_visible",
        help="A group-wide snapshot whose properties are all among the user's current properties.",
    )
    date_from = fields.Date(string="From", required=True, readonly=True, index=True)
    date_to = fields.Date(string="To", required=True, readonly=True)
    version = fields.Integer(required=True, readonly=True, default=1)
    is_current = fields.Boolean(string="Current Version", readonly=True, default=True, index=True)
    frozen = fields.Boolean(readonly=True, help="Computed after the period closed: the official figures.")
    computed_on = fields.Datetime(readonly=True)
    computed_by_id = fields.Many2one("res.users", string="Computed by", readonly=True)
    min_sample = fields.Integer(string="Minimum Sample", readonly=True)
    currency_id = fields.Many2one("res.currency", readonly=True)
    line_ids = fields.One2many("hotel.crm.kpi.snapshot.line", "snapshot_id", string="KPIs", readonly=True)
    # the KPIs of the integrator contract, as columns (rates in percent, 0-100)
    active_guests = fields.Integer(readonly=True, aggregator="sum")
    new_guests = fields.Integer(readonly=True, aggregator="sum")
    churned_guests = fields.Integer(readonly=True, aggregator="sum")
    repeat_rate = NullableFloat(string="Repeat Rate (%)", readonly=True, aggregator="avg")
    retention_rate = NullableFloat(string="Retention Rate (%)", readonly=True, aggregator="avg")
    top20_revenue_share = NullableFloat(string="Top-20% Revenue Share (%)", readonly=True, aggregator="avg")
    revenue_per_guest = NullableFloat(string="Revenue per Active Guest", readonly=True, aggregator="avg")
    csat_avg = NullableFloat(string="CSAT", readonly=True, aggregator="avg")
    nps = NullableFloat(string="NPS", readonly=True, aggregator="avg")
    ces_avg = NullableFloat(string="CES", readonly=True, aggregator="avg")
    complaints_per_100_stays = NullableFloat(string="Complaints per 100 Stays", readonly=True, aggregator="avg")
    sla_compliance = NullableFloat(string="SLA Compliance (%)", readonly=True, aggregator="avg")
    recovery_rate = NullableFloat(string="Recovery Rate (%)", readonly=True, aggregator="avg")

    def init(self):
        # one current version per property (or group) and period
        self.env.cr.execute(
            SQL(
                """
                CREATE UNIQUE INDEX IF NOT EXISTS hotel_crm_kpi_snapshot_current_uniq
                    ON hotel_crm_kpi_snapshot (COALESCE(company_id, 0), date_from, date_to) WHERE is_current
                """
            )
        )
        self.env.cr.execute(
            SQL(
                """
                CREATE UNIQUE INDEX IF NOT EXISTS hotel_crm_kpi_snapshot_version_uniq
                    ON hotel_crm_kpi_snapshot (COALESCE(company_id, 0), date_from, date_to, version)
                """
            )
        )

    @api.depends("company_id", "date_from", "date_to", "version")
    def _compute_name(self):
        for snapshot in self:
            scope = snapshot.company_id.name or _("Group")
            if snapshot.date_from and snapshot.date_to:
                period = f"{snapshot.date_from} – {snapshot.date_to}"
                if snapshot.date_from.day == 1 and snapshot.date_to == _month_end(snapshot.date_from):
                    period = snapshot.date_from.strftime("%Y-%m")
            else:
                period = ""
            snapshot.name = f"{scope} {period} v{snapshot.version}"

    def _compute_group_visible(self):
        others = self._hotel_other_companies()
        for snapshot in self:
            snapshot.group_visible = not snapshot.company_id and not (snapshot.covered_company_ids & others)

    def _search_group_visible(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise UserError(_("KPI snapshots: unsupported search on “group_visible”."))
        others = self._hotel_other_companies()
        domain = [("company_id", "=", False)]
        if others:
            domain.append(("covered_company_ids", "not in", others.ids))
        if (operator == "=") != value:
            return ["!", "&", *domain] if len(domain) == 2 else ["!", *domain]
        return domain

    def _hotel_other_companies(self):
        """The properties outside the user's current ones (``self.env.companies``)."""
        return self.env["res.company"].sudo().search([("id", "not in", self.env.companies.ids)])

    # ------------------------------------------------------------------
    # The server refuses every change that does not come from compute_snapshot
    # ------------------------------------------------------------------
    @api.model_create_multi
    def create(self, vals_list):
        self._hotel_check_trusted()
        return super().create(vals_list)

    def write(self, vals):
        self._hotel_check_trusted()
        if set(vals) - {"is_current"}:
            raise UserError(_("KPI snapshots are never changed: compute the period again to get a new version."))
        return super().write(vals)

    def unlink(self):
        self._hotel_check_trusted()
        frozen = self.filtered("frozen")
        if frozen:
            raise UserError(
                _("Frozen KPI snapshots are kept: %(snapshots)s.", snapshots=", ".join(frozen.mapped("name")))
            )
        return super().unlink()

    def _hotel_check_trusted(self):
        if not self.env.su:
            raise AccessError(_("KPI snapshots are created only by computing them (Compute KPIs), never edited."))

    # ------------------------------------------------------------------
    # Computation
    # ------------------------------------------------------------------
    @api.model
    def compute_snapshot(self, date_from, date_to, company=False, freeze=False):
        """Compute the KPIs of a property (or of the group) for a period and store them as a new version.

        The definitions are those of the README (``hotel_crm/readme/USAGE.md``, *KPIs*) and of
        ``hotel_crm_kpi_snapshot_engine.py``: a period's stays are the checked-out stays departing
        in it (``date_from`` to ``date_to``, both included, in the property's own calendar);
        datetimes (complaints, survey answers, reviews, training) are cut at the property's
        midnight. The previous current version of the same period, if any, is kept with
        ``is_current`` off.

        :param date_from: first day of the period (``date`` or ``"YYYY-MM-DD"``)
        :param date_to: last day of the period, included
        :param company: the property (``res.company`` record or id); ``False`` for the group-wide
            row over all properties (then the caller must have access to all of them)
        :param freeze: mark the version frozen (the month-end job); a version of a period that is
            already frozen is frozen too
        :return: the new ``hotel.crm.kpi.snapshot`` record (as the caller)
        :raise AccessError: the caller is not a Hotel CRM manager, or may not see the property
            (or, group-wide, all properties)
        :raise UserError: invalid dates (not dates, in the wrong order, outside the years 1900 to
            2999), property or ``freeze`` (not a boolean)
        """
        if not self.env.su and not self.env.user.has_group("hotel_crm.hotel_crm_group_manager"):
            raise AccessError(_("Only Hotel CRM managers may compute KPI snapshots."))
        date_from, date_to = self._hotel_check_period(date_from, date_to)
        if freeze is not None and not isinstance(freeze, bool):
            raise UserError(_("KPI snapshot: “freeze” must be true or false, not %s.", repr(freeze)[:40]))
        company = self._hotel_check_company(company)
        companies = company or self.env["res.company"].sudo().search([])
        if not self.env.su and not companies <= self.env.user.company_ids:
            raise AccessError(_("You may compute the KPIs only of the properties you have access to."))
        Snapshot = self.sudo()
        cr = self.env.cr
        self.env.flush_all()
        cr.execute(SQL("SELECT pg_advisory_xact_lock(%s, %s)", KPI_LOCK_KEY % 2**31, company.id or 0))
        previous = Snapshot.search(
            [("company_id", "=", company.id), ("date_from", "=", date_from), ("date_to", "=", date_to)],
            order="version desc",
        )
        figures = self._hotel_kpi_figures(companies, date_from, date_to)
        min_sample = max(companies.mapped("hotel_kpi_min_sample") or [0]) or 30
        lines = []
        columns = {}
        for code, (_label, unit, higher, basis) in KPIS.items():
            value, sample, available = figures.get(code, (None, 0, False))
            lines.append(
                Command.create(
                    {
                        "kpi": code,
                        "value": value,
                        "sample_size": sample or 0,
                        "available": available,
                        "small_sample": bool(available and basis and (sample or 0) < min_sample),
                        "unit": unit,
                        "higher_is_better": higher,
                    }
                )
            )
            if code in SNAPSHOT_COLUMNS:
                columns[code] = (value or 0) if code in COUNT_COLUMNS else value
        previous.filtered("is_current").write({"is_current": False})
        # one current version per period (a partial unique index): the old one is written first
        previous.flush_recordset(["is_current"])
        snapshot = Snapshot.create(
            {
                "company_id": company.id,
                "covered_company_ids": [Command.set(companies.ids)],
                "date_from": date_from,
                "date_to": date_to,
                "version": (previous[:1].version or 0) + 1,
                "is_current": True,
                "frozen": bool(freeze or any(previous.mapped("frozen"))),
                "computed_on": fields.Datetime.now(),
                "computed_by_id": self.env.uid,
                "min_sample": min_sample,
                "currency_id": (company or self.env.company).currency_id.id,
                "line_ids": lines,
                **columns,
            }
        )
        return snapshot.with_env(self.env)

    @api.model
    def _hotel_check_period(self, date_from, date_to):
        try:
            start, end = fields.Date.to_date(date_from), fields.Date.to_date(date_to)
        except (TypeError, ValueError):
            start = end = None
        if not isinstance(start, date) or not isinstance(end, date):
            raise UserError(
                _(
                    "KPI snapshot: “date_from” and “date_to” must be dates (YYYY-MM-DD), not %(from)s and %(to)s.",
                    **{"from": date_from, "to": date_to},
                )
            )
        if start > end:
            raise UserError(
                _("KPI snapshot: the period starts on %(from)s, after its end %(to)s.", **{"from": start, "to": end})
            )
        # the figures look back (previous periods, a year before): far-off years are no hotel's
        # period and would run out of the calendar
        if start < KPI_DATE_MIN or end > KPI_DATE_MAX:
            raise UserError(
                _(
                    "KPI snapshot: the period %(from)s to %(to)s is outside the years %(min)s to %(max)s.",
                    min=KPI_DATE_MIN.year,
                    max=KPI_DATE_MAX.year,
                    **{"from": start, "to": end},
                )
            )
        return start, end

    @api.model
    def _hotel_check_company(self, company):
        Company = self.env["res.company"].sudo()
        if not company:
            return Company
        if isinstance(company, models.BaseModel):
            company = company.id if company._name == "res.company" and len(company) == 1 else None
        if not isinstance(company, int) or isinstance(company, bool) or not Company.browse(company).exists():
            raise UserError(_("KPI snapshot: “company” must be one property (res.company) or False for the group."))
        return Company.browse(company)

    # ------------------------------------------------------------------
    # Month-end job
    # ------------------------------------------------------------------
    @api.model
    def _cron_freeze_closed_months(self):
        """Daily: freeze each property's previous month once it has closed in the property's time zone.

        A property whose previous month has no frozen version gets one (computed now, frozen); the
        group-wide row of a month is frozen once the month has closed at every property. Each
        property runs in a savepoint: one failing property does not stop the others.

        One run at a time (``base._hotel_job_lock``): a second run started meanwhile freezes
        nothing instead of failing on the unique index of the current version.

        :return: the snapshots created
        """
        Snapshot = self.sudo()
        if not self._hotel_job_lock("kpi_freeze"):
            return Snapshot.browse()
        created = Snapshot.browse()
        companies = self.env["res.company"].sudo().search([])
        months = {}
        for company in companies:
            month_from, month_to = _previous_month(company._hotel_today())
            months[company.id] = month_from
            created |= Snapshot._hotel_freeze(company, month_from, month_to)
        if months:
            # the group's month is closed when it is closed everywhere: the earliest one
            month_from = min(months.values())
            created |= Snapshot._hotel_freeze(Snapshot.env["res.company"], month_from, _month_end(month_from))
        return created

    @api.model
    def _hotel_freeze(self, company, month_from, month_to):
        if self.search_count(
            [
                ("company_id", "=", company.id),
                ("date_from", "=", month_from),
                ("date_to", "=", month_to),
                ("frozen", "=", True),
            ]
        ):
            return self.browse()
        try:
            with self.env.cr.savepoint():
                return self.compute_snapshot(month_from, month_to, company, freeze=True)
        except Exception:
            _logger.exception("KPI snapshot of %s for %s could not be frozen", company.name or "the group", month_from)
            return self.browse()

    # ------------------------------------------------------------------
    # Reading
    # ------------------------------------------------------------------
    def hotel_kpi_values(self):
        """The figures of this snapshot by KPI code.

        :return: ``{code: {"value": float or None, "sample_size": int, "small_sample": bool,
            "available": bool, "unit": str, "higher_is_better": bool, "display": str}}``
        """
        self._hotel_ensure_one()
        return {
            line.kpi: {
                "value": line.value if line.value is not False else None,
                "sample_size": line.sample_size,
                "small_sample": line.small_sample,
                "available": line.available,
                "unit": line.unit,
                "higher_is_better": line.higher_is_better,
                "display": line.display_value,
            }
            for line in self.line_ids
        }

    @api.model
    def hotel_kpi_overview(self, month, company=False):
        """The KPIs of a month beside the month before, the same month a year before and the target.

        What the guest-relations dashboard and the monthly report read: the current snapshots
        (the caller's record rules apply; a month without snapshot gives no figures).

        :param month: any day of the month (``date`` or ``"YYYY-MM-DD"``)
        :param company: the property (record or id), ``False`` for the group-wide figures
        :return: ``{"snapshot": record or empty, "kpis": [{"kpi", "label", "unit",
            "higher_is_better", "value", "display", "sample_size", "small_sample", "available",
            "previous", "last_year", "target", "status", "gap"}, ...]}`` in catalogue order;
            ``previous`` / ``last_year`` / ``target`` / ``gap`` are ``None`` when unknown,
            ``status`` as the target's (``no_data`` without target)
        """
        month_from, _month_to = self._hotel_check_period(month, month)
        month_from = month_from.replace(day=1)
        company = self._hotel_check_company(company)
        previous_from = (month_from - timedelta(days=1)).replace(day=1)
        last_year_from = month_from.replace(year=month_from.year - 1)

        def current(day):
            return self.search(
                [("company_id", "=", company.id), ("date_from", "=", day), ("is_current", "=", True)], limit=1
            )

        snapshot, previous, last_year = current(month_from), current(previous_from), current(last_year_from)
        values = snapshot.hotel_kpi_values() if snapshot else {}
        before = previous.hotel_kpi_values() if previous else {}
        year_before = last_year.hotel_kpi_values() if last_year else {}
        targets = {
            t.kpi: t
            for t in self.env["hotel.crm.kpi.target"].search(
                [("company_id", "=", company.id), ("year", "=", month_from.year)]
            )
        }
        labels = dict(self.env["hotel.crm.kpi.snapshot.line"]._fields["kpi"]._description_selection(self.env))
        rows = []
        for code, (_label, unit, higher, _basis) in KPIS.items():
            figure = values.get(code, {})
            target = targets.get(code)
            value = figure.get("value") if figure.get("available") else None
            rows.append(
                {
                    "kpi": code,
                    "label": labels.get(code, code),
                    "unit": unit,
                    "higher_is_better": higher,
                    "value": value,
                    "display": figure.get("display", ""),
                    "sample_size": figure.get("sample_size", 0),
                    "small_sample": figure.get("small_sample", False),
                    "available": figure.get("available", False),
                    "previous": before.get(code, {}).get("value"),
                    "last_year": year_before.get(code, {}).get("value"),
                    "target": target.target if target else None,
                    "status": target._hotel_status(value) if target else "no_data",
                    "gap": value - target.target if target and value is not None else None,
                }
            )
        return {"snapshot": snapshot, "kpis": rows}

    def action_recompute(self):
        """Manager button: compute this period again (a new version; this one is kept)."""
        self._hotel_ensure_one()
        snapshot = self.compute_snapshot(self.date_from, self.date_to, self.company_id)
        return {
            "type": "ir.actions.act_window",
            "res_model": self._name,
            "res_id": snapshot.id,
            "view_mode": "form",
            "target": "current",
        }

    def action_view_lines(self):
        self._hotel_ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("hotel_crm.hotel_crm_kpi_snapshot_line_action")
        action["domain"] = [("snapshot_id", "=", self.id)]
        action["context"] = {}
        return action


def _month_end(day):
    first_next = (day.replace(day=1) + timedelta(days=32)).replace(day=1)
    return first_next - timedelta(days=1)


def _previous_month(today):
    last = today.replace(day=1) - timedelta(days=1)
    return last.replace(day=1), last
