from odoo import fields, models, tools
from odoo.tools import SQL

from .hotel_crm_training_effect_report import COHORTS, MIN_SAMPLE_PARAM, PERIODS, HotelCrmTrainingEffectReport


class HotelCrmTrainingEffectSummary(models.Model):
    """The training effect report summed up: one row per trained employee (anchor), cohort and period,
    with the number of complaints, the median resolution hours, the rates, and whether the sample is
    too small to read anything into (fewer complaints than ``hotel_crm.training_effect_min_sample``,
    default 5). Rows are the groups of ``hotel.crm.training.effect.report``; the complaints behind a
    row open with ``action_open_complaints``."""

    _name = "hotel.crm.training.effect.summary"
    _description = "Training Effect Summary"
    _auto = False
    _rec_name = "anchor_employee_id"
    _order = "trained_date desc, anchor_employee_id, cohort desc, period desc"
    _depends = HotelCrmTrainingEffectReport._depends

    anchor_employee_id = fields.Many2one("hr.employee", string="Trained Employee", readonly=True)
    trained_date = fields.Datetime(string="Trained On", readonly=True)
    company_id = fields.Many2one("res.company", string="Property", readonly=True)
    cohort = fields.Selection(COHORTS, readonly=True)
    period = fields.Selection(PERIODS, readonly=True)
    employee_count = fields.Integer(string="# Employees", readonly=True)
    nbr = fields.Integer(string="# Complaints", readonly=True)
    median_resolution_hours = fields.Float(readonly=True)
    sla_compliance = fields.Float(string="SLA Compliance (%)", readonly=True)
    satisfaction_rate = fields.Float(string="Satisfied After Resolution (%)", readonly=True)
    recovery_rate = fields.Float(string="Recovered (%)", readonly=True)
    small_sample = fields.Boolean(readonly=True, help="Fewer complaints than the smallest reliable sample.")

    def _query(self):
        effect = self.env["hotel.crm.training.effect.report"]
        return SQL(
            """
            SELECT MIN(r.id) AS id,
                   r.anchor_employee_id, r.trained_date, r.company_id, r.cohort, r.period,
                   COUNT(DISTINCT r.employee_id) AS employee_count,
                   COUNT(*) AS nbr,
                   percentile_cont(0.5) WITHIN GROUP (ORDER BY r.median_resolution_hours)
                       FILTER (WHERE r.median_resolution_hours IS NOT NULL) AS median_resolution_hours,
                   AVG(r.sla_compliance) AS sla_compliance,
                   AVG(r.satisfaction_rate) AS satisfaction_rate,
                   AVG(r.recovery_rate) AS recovery_rate,
                   COUNT(*) < COALESCE(
                       (SELECT NULLIF(value, '')::int FROM ir_config_parameter WHERE key = %(param)s), 5
                   ) AS small_sample
              FROM (%(effect)s) r
             GROUP BY r.anchor_employee_id, r.trained_date, r.company_id, r.cohort, r.period
            """,
            param=MIN_SAMPLE_PARAM,
            effect=effect._query(),
        )

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(SQL("CREATE OR REPLACE VIEW %s AS (%s)", SQL.identifier(self._table), self._query()))

    def action_open_complaints(self):
        """The complaints behind this row (drill-down)."""
        self.ensure_one()
        rows = self.env["hotel.crm.training.effect.report"].search(
            [
                ("anchor_employee_id", "=", self.anchor_employee_id.id),
                ("cohort", "=", self.cohort),
                ("period", "=", self.period),
            ]
        )
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Complaints"),
            "res_model": "hotel.crm.complaint",
            "view_mode": "list,form",
            "views": [(False, "list"), (False, "form")],
            "domain": [("id", "in", rows.complaint_id.ids)],
        }
