from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import format_amount, formatLang

from .common import KPI_SELECTION, UNITS, NullableFloat


class HotelCrmKpiSnapshotLine(models.Model):
    """One KPI of a snapshot: its value, the sample it was computed over and its flags.

    ``value`` is empty (NULL) when there was nothing to measure or the KPI has no source
    (``available`` off: shown as "Not available", never as 0). ``small_sample``: a rate or mean
    over fewer guests (answers, complaints, ...) than the property's minimum sample. Lines are
    written only with their snapshot, by ``compute_snapshot``.
    """

    _name = "hotel.crm.kpi.snapshot.line"
    _description = "KPI Snapshot Line"
    _order = "date_from desc, company_id, snapshot_id, id"
    _rec_name = "kpi"

    snapshot_id = fields.Many2one(
        "hotel.crm.kpi.snapshot", required=True, index=True, ondelete="cascade", readonly=True
    )
    company_id = fields.Many2one(related="snapshot_id.company_id", store=True, index=True, string="Property")
    date_from = fields.Date(related="snapshot_id.date_from", store=True, string="From")
    date_to = fields.Date(related="snapshot_id.date_to", store=True, string="To")
    is_current = fields.Boolean(related="snapshot_id.is_current", store=True, string="Current Version")
    frozen = fields.Boolean(related="snapshot_id.frozen", store=True)
    version = fields.Integer(related="snapshot_id.version", store=True)
    currency_id = fields.Many2one(related="snapshot_id.currency_id")
    kpi = fields.Selection(KPI_SELECTION, string="KPI", required=True, readonly=True, index=True)
    value = NullableFloat(readonly=True, aggregator="avg")
    sample_size = fields.Integer(readonly=True, aggregator="sum")
    small_sample = fields.Boolean(readonly=True)
    available = fields.Boolean(readonly=True, default=True)
    unit = fields.Selection(UNITS, readonly=True)
    higher_is_better = fields.Boolean(readonly=True)
    display_value = fields.Char(string="Figure", compute="_compute_display_value")

    _sql_constraints = [
        ("kpi_unique", "UNIQUE(snapshot_id, kpi)", "A snapshot has one line per KPI."),
    ]

    @api.depends("value", "available", "unit", "small_sample", "sample_size")
    def _compute_display_value(self):
        for line in self:
            line.display_value = line._hotel_format_value()

    def _hotel_format_value(self):
        """The figure as shown to users: "Not available", "No data", or the value in its unit."""
        self.ensure_one()
        if not self.available:
            return _("Not available")
        if self.value is False:
            return _("No data")
        if self.unit == "count":
            text = formatLang(self.env, self.value, digits=0)
        elif self.unit == "pct":
            text = f"{formatLang(self.env, self.value, digits=1)} %"
        elif self.unit == "amount" and self.currency_id:
            text = format_amount(self.env, self.value, self.currency_id)
        else:
            text = formatLang(self.env, self.value, digits=2)
        if self.small_sample:
            text = _("%(value)s (small sample: %(size)s)", value=text, size=self.sample_size)
        return text

    @api.model_create_multi
    def create(self, vals_list):
        self._hotel_check_trusted()
        return super().create(vals_list)

    def write(self, vals):
        self._hotel_check_trusted()
        if vals:
            raise UserError(_("KPI figures are never changed: compute the period again to get a new version."))
        return super().write(vals)

    def unlink(self):
        self._hotel_check_trusted()
        if not self.env.context.get("hotel_kpi_cascade") and any(self.mapped("frozen")):
            raise UserError(_("The figures of frozen KPI snapshots are kept."))
        return super().unlink()

    def _hotel_check_trusted(self):
        if not self.env.su:
            raise AccessError(_("KPI figures are created only by computing a snapshot, never edited."))
