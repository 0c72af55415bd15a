from odoo import _, fields, models, tools
from odoo.exceptions import UserError
from odoo.tools import SQL

from ..models.training.hotel_crm_training_session import local_date, utc_at


class HotelCrmTrainingGapReport(models.Model):
    """Who still lacks a mandatory course: one row per active employee and active course mandatory
    for the employee's job position or department (a course of another property does not count),
    without a pass that is still valid today (expiry date empty or not passed).

    ``id`` is ``employee_id * 1,000,000 + course_id``: stable, so that a selection survives a reload.
    """

    _name = "hotel.crm.training.gap.report"
    _description = "Missing Mandatory Training"
    _auto = False
    _rec_name = "employee_id"
    _order = "company_id, employee_id, course_id"
    _depends = {
        "hotel.crm.training.attendance": ["employee_id", "course_id", "passed", "expiry_date"],
        "hotel.crm.training.course": ["active", "company_id", "mandatory_job_ids", "mandatory_department_ids"],
        "hr.employee": ["active", "job_id", "department_id", "company_id"],
    }

    employee_id = fields.Many2one("hr.employee", readonly=True)
    course_id = fields.Many2one("hotel.crm.training.course", readonly=True)
    company_id = fields.Many2one("res.company", string="Property", readonly=True)
    job_id = fields.Many2one("hr.job", string="Job Position", readonly=True)
    department_id = fields.Many2one("hr.department", readonly=True)
    reason = fields.Selection(
        [("job", "Job Position"), ("department", "Department"), ("both", "Job Position and Department")],
        string="Mandatory Through",
        readonly=True,
    )
    status = fields.Selection([("missing", "Never Passed"), ("expired", "Expired")], readonly=True)
    last_expiry_date = fields.Date(string="Expired On", readonly=True)

    def _with(self):
        return SQL(
            """
            mandatory AS (
                SELECT e.id AS employee_id, r.course_id, TRUE AS by_job, FALSE AS by_department
                  FROM hr_employee e
                  JOIN hotel_crm_training_course_job_rel r ON r.job_id = e.job_id
                 WHERE e.active
                UNION ALL
                SELECT e.id, r.course_id, FALSE, TRUE
                  FROM hr_employee e
                  JOIN hotel_crm_training_course_department_rel r ON r.department_id = e.department_id
                 WHERE e.active
            ),
            passes AS (
                SELECT employee_id, course_id,
                       BOOL_OR(expiry_date IS NULL OR expiry_date >= CURRENT_DATE) AS valid,
                       MAX(expiry_date) AS last_expiry_date
                  FROM hotel_crm_training_attendance
                 WHERE passed
                 GROUP BY employee_id, course_id
            )
            """
        )

    def _select(self):
        return SQL(
            """
            m.employee_id::bigint * 1000000 + m.course_id AS id,
            m.employee_id,
            m.course_id,
            e.company_id,
            e.job_id,
            e.department_id,
            CASE WHEN BOOL_OR(m.by_job) AND BOOL_OR(m.by_department) THEN 'both'
                 WHEN BOOL_OR(m.by_job) THEN 'job' ELSE 'department' END AS reason,
            CASE WHEN MAX(p.last_expiry_date) IS NULL THEN 'missing' ELSE 'expired' END AS status,
            MAX(p.last_expiry_date) AS last_expiry_date
            """
        )

    def _from(self):
        return SQL(
            """
            mandatory m
            JOIN hr_employee e ON e.id = m.employee_id
            JOIN hotel_crm_training_course c ON c.id = m.course_id
            LEFT JOIN passes p ON p.employee_id = m.employee_id AND p.course_id = m.course_id
            """
        )

    def _where(self):
        return SQL(
            "c.active AND (c.company_id IS NULL OR c.company_id = e.company_id) AND NOT COALESCE(p.valid, FALSE)"
        )

    def _group_by(self):
        return SQL("m.employee_id, m.course_id, e.company_id, e.job_id, e.department_id")

    def _query(self):
        return SQL(
            "WITH %s SELECT %s FROM %s WHERE %s GROUP BY %s",
            self._with(),
            self._select(),
            self._from(),
            self._where(),
            self._group_by(),
        )

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(SQL("CREATE OR REPLACE VIEW %s AS (%s)", SQL.identifier(self._table), self._query()))

    def action_plan_session(self):
        """Plan one session per course and property for the selected employees and open it.

        :return: an action opening the new sessions (planned, starting in 7 days at 9:00)
        :raise UserError: nothing selected
        """
        if not self:
            raise UserError(_("Select the employees to train first."))
        Session = self.env["hotel.crm.training.session"]
        now = fields.Datetime.now()
        groups = {}
        for gap in self:
            groups.setdefault((gap.course_id, gap.company_id), self.env["hr.employee"])
            groups[(gap.course_id, gap.company_id)] |= gap.employee_id
        vals_list = []
        for (course, company), employees in groups.items():
            start = utc_at(company, fields.Date.add(local_date(company, now), days=7), 9)
            vals_list.append(
                {
                    "course_id": course.id,
                    "company_id": company.id,
                    "date_start": start,
                    "date_end": fields.Datetime.add(start, minutes=round(course.duration_hours * 60)),
                    "attendance_ids": [fields.Command.create({"employee_id": emp.id}) for emp in employees],
                }
            )
        sessions = Session.create(vals_list)
        action = self.env["ir.actions.act_window"]._for_xml_id("hotel_crm.hotel_crm_training_session_action")
        if len(sessions) == 1:
            action.update({"res_id": sessions.id, "view_mode": "form", "views": [(False, "form")]})
        else:
            action["domain"] = [("id", "in", sessions.ids)]
        return action
