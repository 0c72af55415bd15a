from odoo import api, fields, models, tools
from odoo.tools import SQL

WINDOW_PARAM = "hotel_crm.training_effect_window_days"
MIN_SAMPLE_PARAM = "hotel_crm.training_effect_min_sample"
COHORTS = [("trained", "Trained"), ("control", "Not Yet Trained")]
PERIODS = [("before", "Before"), ("after", "After")]
METRICS = ("median_resolution_hours", "sla_compliance", "satisfaction_rate", "recovery_rate")


class HotelCrmTrainingEffectReport(models.Model):
    """Training effect on complaint handling (Kirkpatrick level 4, results).

    Every employee who passed a complaint-handling course is an *anchor*; the end of the session of
    their first such pass is their training date D. Around D lie two windows of W days (system
    parameter ``hotel_crm.training_effect_window_days``, default 90): *before* = [D - W, D) and
    *after* = [D, D + W), complaints placed by the date received. One row per complaint handled in
    those windows at the anchor's property:

    - cohort ``trained``: the complaints of the anchor themselves;
    - cohort ``control``: the complaints of their colleagues at the same property who had not passed
      a complaint-handling course by D + W (not yet trained), over the same calendar windows.

    The handler of a complaint is its responsible user (``user_id``), matched to the employee of that
    user at the complaint's property. Rates are 100 or 0 per complaint (``NULL`` when not applicable),
    as in the complaint analysis: the ``avg`` of a group is the percentage. The change a course made
    is the trained cohort's change minus the control cohort's change (see ``hotel_training_effect``).
    """

    _name = "hotel.crm.training.effect.report"
    _description = "Training Effect on Complaints"
    _auto = False
    _rec_name = "complaint_id"
    _order = "anchor_employee_id, cohort desc, period desc, date_received"
    _depends = {
        "hotel.crm.training.attendance": ["employee_id", "passed", "session_id"],
        "hotel.crm.training.session": ["state", "date_end"],
        "hotel.crm.training.course": ["topic_id"],
        "hotel.crm.training.topic": ["complaint_handling"],
        "hotel.crm.complaint": [
            "user_id",
            "company_id",
            "date_received",
            "resolved_date",
            "resolution_deadline",
            "sla_breached",
            "satisfaction_date",
            "guest_satisfied",
            "recovered",
            "partner_id",
            "active",
            "feedback_type",
        ],
        "hr.employee": ["user_id", "company_id", "active"],
        # the window length is a system parameter read by the view itself
        "ir.config_parameter": ["key", "value"],
    }

    anchor_employee_id = fields.Many2one("hr.employee", string="Trained Employee", readonly=True)
    trained_date = fields.Datetime(string="Trained On", readonly=True)
    employee_id = fields.Many2one("hr.employee", string="Handled By", readonly=True)
    cohort = fields.Selection(COHORTS, readonly=True)
    period = fields.Selection(PERIODS, readonly=True)
    company_id = fields.Many2one("res.company", string="Property", readonly=True)
    complaint_id = fields.Many2one("hotel.crm.complaint", readonly=True)
    date_received = fields.Datetime(string="Received", readonly=True)
    is_resolved = fields.Boolean(string="Resolved", readonly=True)
    nbr = fields.Integer(string="# Complaints", readonly=True, aggregator="sum")
    median_resolution_hours = fields.Float(
        readonly=True,
        aggregator="avg",
        help="Median of the resolution hours of the group (computed in SQL, see _read_group_select).",
    )
    sla_compliance = fields.Float(string="SLA Compliance (%)", readonly=True, aggregator="avg")
    satisfaction_rate = fields.Float(string="Satisfied After Resolution (%)", readonly=True, aggregator="avg")
    recovery_rate = fields.Float(string="Recovered (%)", readonly=True, aggregator="avg")

    def _with(self):
        return SQL(
            """
            params AS (
                SELECT COALESCE(
                    (SELECT NULLIF(value, '')::int FROM ir_config_parameter WHERE key = %(window)s), 90
                ) AS days
            ),
            handler AS (
                SELECT DISTINCT ON (e.user_id, e.company_id) e.id AS employee_id, e.user_id, e.company_id
                  FROM hr_employee e
                 WHERE e.user_id IS NOT NULL AND e.active
                 ORDER BY e.user_id, e.company_id, e.id
            ),
            first_pass AS (
                SELECT a.employee_id, MIN(s.date_end) AS trained_date
                  FROM hotel_crm_training_attendance a
                  JOIN hotel_crm_training_session s ON s.id = a.session_id
                  JOIN hotel_crm_training_course c ON c.id = s.course_id
                  JOIN hotel_crm_training_topic t ON t.id = c.topic_id
                 WHERE a.passed AND s.state = 'done' AND t.complaint_handling
                 GROUP BY a.employee_id
            ),
            anchor AS (
                SELECT fp.employee_id AS anchor_employee_id, e.company_id, fp.trained_date,
                       fp.trained_date - make_interval(days => p.days) AS window_start,
                       fp.trained_date + make_interval(days => p.days) AS window_end
                  FROM first_pass fp
                  JOIN hr_employee e ON e.id = fp.employee_id
                 CROSS JOIN params p
            ),
            subject AS (
                SELECT a.*, a.anchor_employee_id AS employee_id, 'trained' AS cohort
                  FROM anchor a
                UNION ALL
                SELECT a.*, h.employee_id, 'control' AS cohort
                  FROM anchor a
                  JOIN handler h ON h.company_id = a.company_id AND h.employee_id != a.anchor_employee_id
                  LEFT JOIN first_pass fp ON fp.employee_id = h.employee_id
                 WHERE fp.trained_date IS NULL OR fp.trained_date >= a.window_end
            )
            """,
            window=WINDOW_PARAM,
        )

    def _select(self):
        return SQL(
            """
            ROW_NUMBER() OVER (ORDER BY sb.anchor_employee_id, c.id) AS id,
            sb.anchor_employee_id,
            sb.trained_date,
            sb.employee_id,
            sb.cohort,
            CASE WHEN c.date_received < sb.trained_date THEN 'before' ELSE 'after' END AS period,
            c.company_id,
            c.id AS complaint_id,
            c.date_received,
            (c.resolved_date IS NOT NULL) AS is_resolved,
            1 AS nbr,
            CASE WHEN c.resolved_date IS NOT NULL
                 THEN EXTRACT(EPOCH FROM c.resolved_date - c.date_received) / 3600.0 END AS median_resolution_hours,
            CASE WHEN COALESCE(c.sla_breached, FALSE) THEN 0.0
                 WHEN c.resolved_date IS NOT NULL AND c.resolution_deadline IS NOT NULL THEN 100.0
                 END AS sla_compliance,
            CASE WHEN c.satisfaction_date IS NULL THEN NULL
                 WHEN COALESCE(c.guest_satisfied, FALSE) THEN 100.0 ELSE 0.0 END AS satisfaction_rate,
            CASE WHEN c.resolved_date IS NULL OR c.partner_id IS NULL THEN NULL
                 WHEN COALESCE(c.recovered, FALSE) THEN 100.0 ELSE 0.0 END AS recovery_rate
            """
        )

    def _from(self):
        return SQL(
            """
            subject sb
            JOIN handler h ON h.employee_id = sb.employee_id
            JOIN hotel_crm_complaint c
              ON c.user_id = h.user_id
             AND c.company_id = sb.company_id
             AND c.date_received >= sb.window_start
             AND c.date_received < sb.window_end
            """
        )

    def _where(self):
        # complaints only: suggestions and compliments are not handled under the SLA
        return SQL("c.active AND c.feedback_type = 'complaint'")

    def _group_by(self):
        return SQL("")

    def _query(self):
        group_by = self._group_by()
        return SQL(
            "WITH %s SELECT %s FROM %s WHERE %s%s",
            self._with(),
            self._select(),
            self._from(),
            self._where(),
            SQL(" GROUP BY %s", group_by) if group_by else SQL(""),
        )

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(SQL("CREATE OR REPLACE VIEW %s AS (%s)", SQL.identifier(self._table), self._query()))

    def _read_group_select(self, aggregate_spec, query):
        # the pivot asks "median_resolution_hours:avg"; answer with the median instead of the mean
        if aggregate_spec.split(":")[0] == "median_resolution_hours":
            column = self._field_to_sql(self._table, "median_resolution_hours", query)
            return SQL("percentile_cont(0.5) WITHIN GROUP (ORDER BY %s)", column)
        return super()._read_group_select(aggregate_spec, query)

    @api.model
    def hotel_min_sample(self):
        """Groups with fewer complaints than this (system parameter, default 5) are small samples."""
        value = self.env["ir.config_parameter"].sudo().get_param(MIN_SAMPLE_PARAM, "5")
        return int(value or 5)

    @api.model
    def hotel_training_effect(self, domain=None):
        """Complaint handling before and after training, trained against not yet trained.

        :param domain: restricts the rows (e.g. ``[("anchor_employee_id", "=", id)]``); record rules apply
        :return: ``{"trained": {"before": m, "after": m}, "control": {...}, "difference": d, "min_sample": n}``
            where each ``m`` is ``{"count", "resolved", "median_resolution_hours", "sla_compliance",
            "satisfaction_rate", "recovery_rate", "small_sample"}`` (hours, rates in percent 0-100,
            ``None`` when nothing to measure; ``small_sample`` when ``count`` < ``min_sample``) and ``d``
            maps each metric to (trained after - trained before) - (control after - control before),
            ``None`` when a term is missing. A control complaint counts once per anchor it is compared with.
        """
        # the view reads complaints, attendances and employees: write what is pending first
        self.env.flush_all()
        query = self._search(domain or [])
        rows = self.env.execute_query(
            SQL(
                """
                SELECT cohort, period, COUNT(*), COUNT(*) FILTER (WHERE is_resolved),
                       percentile_cont(0.5) WITHIN GROUP (ORDER BY median_resolution_hours)
                           FILTER (WHERE median_resolution_hours IS NOT NULL),
                       AVG(sla_compliance), AVG(satisfaction_rate), AVG(recovery_rate)
                  FROM %s
                 WHERE id IN %s
                 GROUP BY cohort, period
                """,
                SQL.identifier(self._table),
                query.subselect(),
            )
        )
        min_sample = self.hotel_min_sample()
        empty = dict.fromkeys(("count", "resolved"), 0) | dict.fromkeys(METRICS)
        result = {cohort: {period: dict(empty, small_sample=True) for period, _l in PERIODS} for cohort, _l in COHORTS}
        for cohort, period, count, resolved, median, sla, satisfaction, recovery in rows:
            result[cohort][period] = {
                "count": count,
                "resolved": resolved,
                "median_resolution_hours": median,
                "sla_compliance": float(sla) if sla is not None else None,
                "satisfaction_rate": float(satisfaction) if satisfaction is not None else None,
                "recovery_rate": float(recovery) if recovery is not None else None,
                "small_sample": count < min_sample,
            }

        def change(cohort, metric):
            after, before = result[cohort]["after"][metric], result[cohort]["before"][metric]
            return None if after is None or before is None else after - before

        difference = {}
        for metric in METRICS:
            trained, control = change("trained", metric), change("control", metric)
            difference[metric] = None if trained is None or control is None else trained - control
        result["difference"] = difference
        result["min_sample"] = min_sample
        return result

    def action_open_complaint(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "hotel.crm.complaint",
            "res_id": self.complaint_id.id,
            "view_mode": "form",
            "views": [(False, "form")],
        }
