from odoo import api, fields, models

TRAINING_GROUPS = "hotel_crm.hotel_crm_group_manager,hr.group_hr_user"


class HrEmployee(models.Model):
    _inherit = "hr.employee"

    hotel_training_attendance_ids = fields.One2many(
        "hotel.crm.training.attendance", "employee_id", string="Training History", groups=TRAINING_GROUPS
    )
    hotel_training_hours = fields.Float(
        string="Training Hours", compute="_compute_hotel_training_stats", groups=TRAINING_GROUPS
    )
    hotel_training_count = fields.Integer(
        string="Courses Attended", compute="_compute_hotel_training_stats", groups=TRAINING_GROUPS
    )
    hotel_training_pass_rate = fields.Float(
        string="Pass Rate (%)",
        compute="_compute_hotel_training_stats",
        groups=TRAINING_GROUPS,
        help="Passed attendances over attendances at sessions held, in percent.",
    )
    hotel_training_certificate_ids = fields.Many2many(
        "hotel.crm.training.attendance",
        compute="_compute_hotel_training_stats",
        string="Certificates",
        groups=TRAINING_GROUPS,
        help="Passed courses, with the date each pass expires.",
    )
    hotel_training_missing_course_ids = fields.Many2many(
        "hotel.crm.training.course",
        compute="_compute_hotel_training_missing",
        string="Missing Mandatory Training",
        groups=TRAINING_GROUPS,
        help="Mandatory courses of the job position or department without a valid pass.",
    )

    @api.depends("hotel_training_attendance_ids.passed", "hotel_training_attendance_ids.duration_hours")
    def _compute_hotel_training_stats(self):
        Attendance = self.env["hotel.crm.training.attendance"]
        held = [("employee_id", "in", self.ids), ("attended", "=", True), ("session_state", "=", "done")]
        stats = {
            employee: (hours, count)
            for employee, hours, count in Attendance._read_group(
                held, ["employee_id"], ["duration_hours:sum", "__count"]
            )
        }
        passed_counts = dict(Attendance._read_group([*held, ("passed", "=", True)], ["employee_id"], ["__count"]))
        certificates = Attendance.search([("employee_id", "in", self.ids), ("passed", "=", True)])
        for employee in self:
            hours, count = stats.get(employee, (0.0, 0))
            employee.hotel_training_hours = hours
            employee.hotel_training_count = count
            employee.hotel_training_pass_rate = 100.0 * passed_counts.get(employee, 0) / count if count else 0.0
            employee.hotel_training_certificate_ids = certificates.filtered(lambda a, e=employee: a.employee_id == e)

    def _compute_hotel_training_missing(self):
        gaps = (
            self.env["hotel.crm.training.gap.report"]
            .sudo()
            .search_read([("employee_id", "in", self.ids)], ["employee_id", "course_id"])
        )
        by_employee = {}
        for gap in gaps:
            by_employee.setdefault(gap["employee_id"][0], []).append(gap["course_id"][0])
        for employee in self:
            employee.hotel_training_missing_course_ids = [fields.Command.set(by_employee.get(employee.id, []))]

    def action_hotel_training_history(self):
        self._hotel_ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("hotel_crm.hotel_crm_training_attendance_action")
        action["domain"] = [("employee_id", "=", self.id)]
        return action
