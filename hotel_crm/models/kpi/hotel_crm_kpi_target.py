from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

from .common import KPI_SELECTION, KPIS, TARGET_STATUSES, NullableFloat


class HotelCrmKpiTarget(models.Model):
    """The level a KPI should reach at a property (or group-wide) in a year, against the actuals.

    The target applies to every month of its year: the actual is the KPI of the latest current
    monthly snapshot of that year. Status, by the KPI's direction (``common.KPIS``):

    * higher is better: *on track* when actual ≥ target, *at risk* when actual ≥ target − tolerance,
      else *off track*;
    * lower is better: *on track* when actual ≤ target, *at risk* when actual ≤ target + tolerance,
      else *off track*;
    * *no data* when there is no snapshot of the year or the KPI has no value in it.

    The tolerance is a percentage of the target's size (``|target| × tolerance % / 100``). The gap is
    actual − target. Changes of the target and tolerance are tracked in the chatter (the history
    of a target changed mid-year).
    """

    _name = "hotel.crm.kpi.target"
    _description = "KPI Target"
    _inherit = ["mail.thread"]
    _order = "year desc, company_id, kpi"
    _rec_name = "kpi"

    company_id = fields.Many2one(
        "res.company",
        string="Property",
        index=True,
        tracking=True,
        default=lambda self: self.env.company,
        help="Empty: a target for the group-wide figures.",
    )
    year = fields.Integer(required=True, tracking=True, default=lambda self: self.env.company._hotel_today().year)
    kpi = fields.Selection(KPI_SELECTION, string="KPI", required=True, tracking=True)
    target = fields.Float(required=True, tracking=True, digits=(16, 2))
    tolerance_pct = fields.Float(
        string="Tolerance (%)",
        default=5.0,
        tracking=True,
        digits=(5, 2),
        help="How far from the target (in % of it) a KPI is still 'at risk' rather than 'off track'.",
    )
    higher_is_better = fields.Boolean(compute="_compute_higher_is_better")
    note = fields.Text(help="The strategic goal behind the target, and why it was changed.")
    snapshot_id = fields.Many2one(
        "hotel.crm.kpi.snapshot",
        compute="_compute_actual",
        string="Latest Snapshot",
        help="The latest current monthly snapshot of the year.",
    )
    actual = NullableFloat(compute="_compute_actual")
    actual_display = fields.Char(string="Actual (figure)", compute="_compute_actual")
    gap = NullableFloat(compute="_compute_actual", help="Actual minus target.")
    status = fields.Selection(TARGET_STATUSES, compute="_compute_actual")

    _sql_constraints = [
        ("tolerance_check", "CHECK(tolerance_pct >= 0)", "The tolerance cannot be negative."),
    ]

    @api.depends("kpi")
    def _compute_higher_is_better(self):
        for target in self:
            target.higher_is_better = KPIS[target.kpi][2] if target.kpi else True

    @api.depends("kpi", "year", "company_id", "target", "tolerance_pct")
    def _compute_actual(self):
        Line = self.env["hotel.crm.kpi.snapshot.line"]
        for target in self:
            line = Line.browse()
            if target.kpi and target.year:
                line = Line.search(
                    [
                        ("company_id", "=", target.company_id.id),
                        ("kpi", "=", target.kpi),
                        ("is_current", "=", True),
                        ("date_from", ">=", f"{target.year}-01-01"),
                        ("date_from", "<=", f"{target.year}-12-31"),
                    ],
                    order="date_from desc",
                    limit=1,
                )
            target.snapshot_id = line.snapshot_id
            target.actual_display = line.display_value or False
            actual = line.value if line and line.available and line.value is not False else None
            target.actual = actual
            target.gap = actual - target.target if actual is not None else None
            target.status = target._hotel_status(actual)

    def _hotel_status(self, actual):
        """``on_track`` / ``at_risk`` / ``off_track`` of ``actual`` against this target, ``no_data`` for ``None``."""
        self.ensure_one()
        if actual is None or not self.kpi:
            return "no_data"
        margin = abs(self.target) * (self.tolerance_pct or 0.0) / 100.0
        # compare "how much better than the target", whatever the direction
        better = actual - self.target if KPIS[self.kpi][2] else self.target - actual
        if better >= 0:
            return "on_track"
        if better >= -margin:
            return "at_risk"
        return "off_track"

    @api.constrains("year", "company_id", "kpi")
    def _check_year(self):
        for target in self:
            if not 2000 <= target.year <= 2999:
                raise ValidationError(
                    _(
                        "KPI target %(kpi)s: the year %(year)s is not a valid year.",
                        kpi=target.display_name,
                        year=target.year,
                    )
                )
            duplicate = self.search_count(
                [
                    ("id", "!=", target.id),
                    ("company_id", "=", target.company_id.id),
                    ("year", "=", target.year),
                    ("kpi", "=", target.kpi),
                ]
            )
            if duplicate:
                raise ValidationError(
                    _(
                        "There is already a target for %(kpi)s in %(year)s at %(company)s: change it instead "
                        "(its history is kept).",
                        kpi=target.display_name,
                        year=target.year,
                        company=target.company_id.name or _("Group"),
                    )
                )

    @api.depends("kpi", "year", "company_id")
    def _compute_display_name(self):
        labels = dict(self._fields["kpi"]._description_selection(self.env))
        for target in self:
            target.display_name = f"{labels.get(target.kpi, '')} {target.year or ''}".strip()
