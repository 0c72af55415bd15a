from odoo import api, fields, models
from odoo.tools import SQL

from ..models.complaint.common import CAUSES, COMPLAINT_CHANNELS, JUDGEMENTS, SEVERITIES


class HotelCrmComplaintReport(models.Model):
    """Complaint analysis: one row per complaint (suggestions and compliments left out) with rate
    columns ready to average.

    Rates are 100 or 0 per complaint (``NULL`` when not applicable), so the ``avg`` aggregate of a
    group is the percentage: SLA compliance over the complaints whose SLA is decided, recovery rate
    over the resolved complaints. The query is split in ``_select/_from/_where/_group_by`` so that
    other modules can extend it.
    """

    _name = "hotel.crm.complaint.report"
    _inherit = ["hotel.crm.sql.report"]
    _description = "Complaint Analysis"
    _auto = False
    _rec_name = "complaint_id"
    _order = "date_received desc"
    _depends = {
        "hotel.crm.complaint": [
            "date_received", "company_id", "partner_id", "category_id", "cause", "severity", "channel",
            "department_id", "user_id", "stage_id", "compensation_type", "resolved_date", "sla_breached",
            "recovered", "first_response_date", "resolution_deadline", "satisfaction_date", "guest_satisfied",
            "compensation_amount", "active", "feedback_type", "judgement",
        ],
    }  # fmt: skip

    complaint_id = fields.Many2one("hotel.crm.complaint", readonly=True)
    date_received = fields.Datetime(string="Received", readonly=True)
    company_id = fields.Many2one("res.company", string="Property", readonly=True)
    partner_id = fields.Many2one("res.partner", string="Guest", readonly=True)
    category_id = fields.Many2one("hotel.crm.complaint.category", readonly=True)
    cause = fields.Selection(CAUSES, readonly=True)
    judgement = fields.Selection(JUDGEMENTS, readonly=True)
    severity = fields.Selection(SEVERITIES, readonly=True)
    channel = fields.Selection(COMPLAINT_CHANNELS, readonly=True)
    department_id = fields.Many2one("hr.department", readonly=True)
    user_id = fields.Many2one("res.users", string="Responsible", readonly=True)
    stage_id = fields.Many2one("hotel.crm.complaint.stage", readonly=True)
    compensation_type = fields.Selection(
        selection=lambda self: self.env["hotel.crm.complaint"]._fields["compensation_type"].selection,
        readonly=True,
    )
    is_resolved = fields.Boolean(string="Resolved", readonly=True)
    sla_breached = fields.Boolean(string="SLA Breached", readonly=True)
    recovered = fields.Boolean(readonly=True)
    nbr = fields.Integer(string="# Complaints", readonly=True, aggregator="sum")
    response_hours = fields.Float(readonly=True, aggregator="avg")
    resolution_hours = fields.Float(readonly=True, aggregator="avg")
    median_resolution_hours = fields.Float(
        readonly=True,
        aggregator="avg",
        help="Median of the resolution hours of the group (computed in SQL, see _read_group_select).",
    )
    sla_compliance = fields.Float(string="SLA Compliance (%)", readonly=True, aggregator="avg")
    recovery_rate = fields.Float(string="Recovery Rate (%)", readonly=True, aggregator="avg")
    satisfaction_rate = fields.Float(string="Satisfied After Resolution (%)", readonly=True, aggregator="avg")
    compensation_amount = fields.Float(string="Compensation", readonly=True, aggregator="sum")

    def _select(self):
        return SQL(
            """
            c.id AS id,
            c.id AS complaint_id,
            c.date_received,
            c.company_id,
            c.partner_id,
            c.category_id,
            c.cause,
            c.judgement,
            c.severity,
            c.channel,
            c.department_id,
            c.user_id,
            c.stage_id,
            c.compensation_type,
            (c.resolved_date IS NOT NULL) AS is_resolved,
            COALESCE(c.sla_breached, FALSE) AS sla_breached,
            COALESCE(c.recovered, FALSE) AS recovered,
            1 AS nbr,
            CASE WHEN c.first_response_date IS NOT NULL
                 THEN EXTRACT(EPOCH FROM c.first_response_date - c.date_received) / 3600.0 END AS response_hours,
            CASE WHEN c.resolved_date IS NOT NULL
                 THEN EXTRACT(EPOCH FROM c.resolved_date - c.date_received) / 3600.0 END AS resolution_hours,
            CASE WHEN c.resolved_date IS NOT NULL
                 THEN EXTRACT(EPOCH FROM c.resolved_date - c.date_received) / 3600.0 END AS median_resolution_hours,
            CASE WHEN COALESCE(c.sla_breached, FALSE) THEN 0.0
                 WHEN c.resolved_date IS NOT NULL AND c.resolution_deadline IS NOT NULL THEN 100.0
                 END AS sla_compliance,
            CASE WHEN c.resolved_date IS NULL OR c.partner_id IS NULL THEN NULL
                 WHEN COALESCE(c.recovered, FALSE) THEN 100.0 ELSE 0.0 END AS recovery_rate,
            CASE WHEN c.satisfaction_date IS NULL THEN NULL
                 WHEN COALESCE(c.guest_satisfied, FALSE) THEN 100.0 ELSE 0.0 END AS satisfaction_rate,
            COALESCE(c.compensation_amount, 0.0) AS compensation_amount
            """
        )

    def _from(self):
        return SQL("hotel_crm_complaint c")

    def _where(self):
        # complaints only: suggestions and compliments have no SLA and are no complaint figures
        return SQL("c.active AND c.feedback_type = 'complaint'")

    def _read_group_select(self, aggregate_spec, query):
        # the pivot asks "median_resolution_hours:avg"; answer with the median instead of the mean
        if aggregate_spec.split(":")[0] == "median_resolution_hours":
            column = self._field_to_sql(self._table, "median_resolution_hours", query)
            return SQL("percentile_cont(0.5) WITHIN GROUP (ORDER BY %s)", column)
        return super()._read_group_select(aggregate_spec, query)

    @api.model
    def hotel_complaint_kpis(self, domain=None):
        """Complaint KPIs over the rows matching ``domain`` (the record rules apply).

        :return: ``{"count", "resolved", "median_resolution_hours", "sla_compliance", "recovery_rate"}``,
            rates in percent (0-100), ``None`` when there is nothing to measure.
        """
        query = self._search(domain or [])
        self.env.cr.execute(
            SQL(
                """
                SELECT COUNT(*),
                       COUNT(*) FILTER (WHERE is_resolved),
                       percentile_cont(0.5) WITHIN GROUP (ORDER BY resolution_hours)
                           FILTER (WHERE resolution_hours IS NOT NULL),
                       AVG(sla_compliance),
                       AVG(recovery_rate)
                  FROM %s
                 WHERE id IN %s
                """,
                SQL.identifier(self._table),
                query.subselect(),
            )
        )
        count, resolved, median, sla, recovery = self.env.cr.fetchone()
        return {
            "count": count,
            "resolved": resolved,
            "median_resolution_hours": median,
            "sla_compliance": float(sla) if sla is not None else None,
            "recovery_rate": float(recovery) if recovery is not None else None,
        }
