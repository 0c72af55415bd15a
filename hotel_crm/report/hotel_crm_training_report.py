from odoo import fields, models, tools
from odoo.tools import SQL


class HotelCrmTrainingReport(models.Model):
    """Training analysis: one row per attendance at a session that was not cancelled.

    ``hours`` are credited once the session is done and the employee attended. Rates are 100 or 0 per
    row (``NULL`` when not applicable) so that the ``avg`` of a group is the percentage: the pass rate
    over the attendances of sessions held. Satisfaction (1-5) and scores are ``NULL`` when not given.
    Group by ``date:month`` for the monthly figures.
    """

    _name = "hotel.crm.training.report"
    _description = "Training Analysis"
    _auto = False
    _rec_name = "attendance_id"
    _order = "date desc"
    _depends = {
        "hotel.crm.training.attendance": [
            "session_id",
            "employee_id",
            "attended",
            "score",
            "passed",
            "satisfaction",
            "followup_score",
            "followup_date",
            "duration_hours",
            "department_id",
            "job_id",
        ],
        "hotel.crm.training.session": ["course_id", "company_id", "state", "date_start"],
        "hotel.crm.training.course": ["topic_id", "method_id"],
    }

    attendance_id = fields.Many2one("hotel.crm.training.attendance", readonly=True)
    session_id = fields.Many2one("hotel.crm.training.session", readonly=True)
    date = fields.Datetime(readonly=True)
    company_id = fields.Many2one("res.company", string="Property", readonly=True)
    employee_id = fields.Many2one("hr.employee", readonly=True)
    department_id = fields.Many2one("hr.department", readonly=True)
    job_id = fields.Many2one("hr.job", string="Job Position", readonly=True)
    course_id = fields.Many2one("hotel.crm.training.course", readonly=True)
    topic_id = fields.Many2one("hotel.crm.training.topic", readonly=True)
    method_id = fields.Many2one("hotel.crm.training.method", readonly=True)
    state = fields.Selection(
        [("planned", "Planned"), ("done", "Done"), ("cancelled", "Cancelled")], string="Session Status", readonly=True
    )
    attended = fields.Boolean(readonly=True)
    passed = fields.Boolean(readonly=True)
    nbr = fields.Integer(string="# Attendances", readonly=True, aggregator="sum")
    hours = fields.Float(string="Training Hours", readonly=True, aggregator="sum")
    score = fields.Float(string="Average Score", readonly=True, aggregator="avg")
    pass_rate = fields.Float(string="Pass Rate (%)", readonly=True, aggregator="avg")
    satisfaction = fields.Float(string="Trainee Satisfaction (1-5)", readonly=True, aggregator="avg")
    followup_score = fields.Float(string="Follow-up Score", readonly=True, aggregator="avg")

    def _select(self):
        return SQL(
            """
            a.id AS id,
            a.id AS attendance_id,
            s.id AS session_id,
            s.date_start AS date,
            s.company_id,
            a.employee_id,
            a.department_id,
            a.job_id,
            s.course_id,
            c.topic_id,
            c.method_id,
            s.state,
            a.attended,
            COALESCE(a.passed, FALSE) AS passed,
            1 AS nbr,
            COALESCE(a.duration_hours, 0.0) AS hours,
            CASE WHEN s.state = 'done' AND a.attended THEN a.score END AS score,
            CASE WHEN s.state = 'done' AND a.attended
                 THEN CASE WHEN a.passed THEN 100.0 ELSE 0.0 END END AS pass_rate,
            NULLIF(a.satisfaction, 0)::float AS satisfaction,
            CASE WHEN a.followup_date IS NOT NULL THEN a.followup_score END AS followup_score
            """
        )

    def _from(self):
        return SQL(
            """
            hotel_crm_training_attendance a
            JOIN hotel_crm_training_session s ON s.id = a.session_id
            JOIN hotel_crm_training_course c ON c.id = s.course_id
            """
        )

    def _where(self):
        return SQL("s.state != 'cancelled'")

    def _group_by(self):
        return SQL("")

    def _query(self):
        group_by = self._group_by()
        return SQL(
            "SELECT %s FROM %s WHERE %s%s",
            self._select(),
            self._from(),
            self._where(),
            SQL(" GROUP BY %s", group_by) if group_by else SQL(""),
        )

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(SQL("CREATE OR REPLACE VIEW %s AS (%s)", SQL.identifier(self._table), self._query()))
