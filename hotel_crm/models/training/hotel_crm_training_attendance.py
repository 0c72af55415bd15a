from collections import defaultdict
from datetime import timedelta

from dateutil.relativedelta import relativedelta

from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import float_compare

from .hotel_crm_training_course import is_training_manager
from .hotel_crm_training_session import local_date

FOLLOWUP_ACTIVITY = "hotel_crm.mail_activity_type_hotel_training_followup"
EXPIRY_ACTIVITY = "hotel_crm.mail_activity_type_hotel_training_expiry"
# what a trainee may change on their own attendance: their reaction to the course
TRAINEE_FIELDS = {"satisfaction", "satisfaction_note"}
# computed from the session and the score, or stamped by the addon's own steps: a client writing
# them (a manager included) would credit hours or a pass the session and the score do not give
SERVER_FIELDS = (
    "passed",
    "duration_hours",
    "expiry_date",
    "followup_due_date",
    "invited",
    "followup_activity_sent",
    "expiry_reminded",
    "survey_user_input_id",
)


class HotelCrmTrainingAttendance(models.Model):
    """One employee at one session, evaluated on Kirkpatrick's first three levels: reaction
    (``satisfaction`` 1-5), learning (``score`` 0-100, ``passed``) and behaviour (``followup_score``
    0-100, entered by the manager a configurable number of days after the session)."""

    _name = "hotel.crm.training.attendance"
    _description = "Training Attendance"
    _inherit = ["mail.thread", "mail.activity.mixin", "hotel.crm.protected.fields.mixin"]
    _order = "date desc, id desc"
    _rec_name = "employee_id"
    _check_company_auto = True

    session_id = fields.Many2one(
        "hotel.crm.training.session", required=True, index=True, ondelete="cascade", check_company=True
    )
    course_id = fields.Many2one(related="session_id.course_id", store=True, index=True)
    topic_id = fields.Many2one(related="session_id.course_id.topic_id", store=True)
    company_id = fields.Many2one(related="session_id.company_id", store=True, index=True, string="Property")
    session_state = fields.Selection(related="session_id.state", store=True, string="Session Status")
    date = fields.Datetime(related="session_id.date_start", store=True, index=True)
    employee_id = fields.Many2one("hr.employee", required=True, index=True, check_company=True, tracking=True)
    user_id = fields.Many2one(related="employee_id.user_id", store=True, index=True, string="User")
    department_id = fields.Many2one(related="employee_id.department_id", store=True, string="Department")
    job_id = fields.Many2one(related="employee_id.job_id", store=True, string="Job Position")
    invited = fields.Boolean(readonly=True, copy=False, help="The invitation activity was scheduled.")
    attended = fields.Boolean(default=True, tracking=True)
    duration_hours = fields.Float(
        string="Hours",
        compute="_compute_duration_hours",
        store=True,
        help="Training hours credited: the session's duration once it is done and the employee attended.",
    )
    # learning
    score = fields.Float(tracking=True, help="Assessment score, 0-100; set from the course's certification survey.")
    passed = fields.Boolean(compute="_compute_passed", store=True, index=True)
    survey_user_input_id = fields.Many2one(
        "survey.user_input", string="Assessment Answer", readonly=True, copy=False, index="btree_not_null"
    )
    # reaction
    satisfaction = fields.Integer(
        string="Trainee Satisfaction",
        aggregator="avg",
        help="How satisfied the trainee was with the course, 1 (not at all) to 5 (very); 0: not given.",
    )
    satisfaction_note = fields.Text(string="Trainee Comment")
    # behaviour
    followup_due_date = fields.Date(
        string="Follow-up Due",
        compute="_compute_followup_due_date",
        store=True,
        index=True,
        help="When the manager evaluates on the job what the employee learnt: the session's end plus the "
        "property's follow-up delay.",
    )
    followup_score = fields.Float(
        string="Follow-up Score", tracking=True, help="The manager's evaluation on the job, 0-100."
    )
    followup_date = fields.Date(string="Follow-up Done", readonly=True, copy=False)
    followup_note = fields.Text(string="Follow-up Comment")
    followup_activity_sent = fields.Boolean(readonly=True, copy=False)
    # validity
    expiry_date = fields.Date(
        compute="_compute_expiry_date",
        store=True,
        index=True,
        help="A passed course expires this many months after the session (the course's validity).",
    )
    expiry_reminded = fields.Boolean(readonly=True, copy=False)
    has_assessment = fields.Boolean(related="course_id.has_assessment")
    can_manage = fields.Boolean(compute="_compute_can_manage", help="The current user manages training.")

    _sql_constraints = [
        ("employee_session_unique", "UNIQUE(session_id, employee_id)", "An employee attends a session once."),
        ("satisfaction_range", "CHECK(satisfaction >= 0 AND satisfaction <= 5)", "Satisfaction is 1-5 (0: none)."),
        ("score_range", "CHECK(score >= 0 AND score <= 100)", "The score must be within 0-100."),
        (
            "followup_score_range",
            "CHECK(followup_score >= 0 AND followup_score <= 100)",
            "The follow-up score must be within 0-100.",
        ),
    ]

    @api.depends_context("uid")
    def _compute_can_manage(self):
        self.can_manage = is_training_manager(self.env)

    @api.depends("attended", "session_id.state", "session_id.duration_hours")
    def _compute_duration_hours(self):
        for attendance in self:
            done = attendance.attended and attendance.session_id.state == "done"
            attendance.duration_hours = attendance.session_id.duration_hours if done else 0.0

    @api.depends("attended", "score", "course_id.pass_score", "session_id.state")
    def _compute_passed(self):
        """Passed: attended a session that was held (done) and scored at least the course's pass score
        (a score equal to the pass score passes)."""
        for attendance in self:
            attendance.passed = bool(
                attendance.attended
                and attendance.session_id.state == "done"
                and float_compare(attendance.score, attendance.course_id.pass_score, precision_digits=2) >= 0
            )

    @api.depends("attended", "session_id.state", "session_id.date_end", "company_id.hotel_training_followup_days")
    def _compute_followup_due_date(self):
        for attendance in self:
            session = attendance.session_id
            if attendance.attended and session.state == "done" and session.date_end:
                delay = attendance.company_id.hotel_training_followup_days
                attendance.followup_due_date = local_date(session.company_id, session.date_end) + timedelta(days=delay)
            else:
                attendance.followup_due_date = False

    @api.depends("passed", "session_id.date_end", "course_id.validity_months")
    def _compute_expiry_date(self):
        for attendance in self:
            months = attendance.course_id.validity_months
            if attendance.passed and months and attendance.session_id.date_end:
                end = local_date(attendance.session_id.company_id, attendance.session_id.date_end)
                attendance.expiry_date = end + relativedelta(months=months)
            else:
                attendance.expiry_date = False

    @api.constrains("score", "followup_score", "satisfaction")
    def _check_scores(self):
        for attendance in self:
            if not 0 <= attendance.satisfaction <= 5:
                raise ValidationError(
                    _(
                        "Attendance of %(employee)s at %(session)s: the trainee satisfaction is 1 to 5.",
                        employee=attendance.employee_id.name,
                        session=attendance.session_id.name,
                    )
                )
            for fname in ("score", "followup_score"):
                if not 0 <= attendance[fname] <= 100:
                    raise ValidationError(
                        _(
                            "Attendance of %(employee)s at %(session)s: %(field)s must be within 0 and 100.",
                            employee=attendance.employee_id.name,
                            session=attendance.session_id.name,
                            field=attendance._fields[fname].get_description(self.env)["string"],
                        )
                    )

    @api.constrains("employee_id", "session_id")
    def _check_employee_company(self):
        for attendance in self:
            company = attendance.employee_id.company_id
            if company and company != attendance.session_id.company_id:
                raise ValidationError(
                    _(
                        "%(employee)s works at %(company)s and cannot attend session %(session)s at %(property)s.",
                        employee=attendance.employee_id.name,
                        company=company.name,
                        session=attendance.session_id.name,
                        property=attendance.session_id.company_id.name,
                    )
                )

    def _hotel_protected_fields(self):
        # computed from the session and the score, or stamped by the addon's own steps
        return {**super()._hotel_protected_fields(), **dict.fromkeys(SERVER_FIELDS)}

    @api.model_create_multi
    def create(self, vals_list):
        if not is_training_manager(self.env):
            raise AccessError(_("Only Hotel CRM managers and HR officers register attendees."))
        for vals in vals_list:
            self._hotel_check_protected_fields(vals)
        return super().create(vals_list)

    def write(self, vals):
        self._hotel_check_protected_fields(vals)
        if not is_training_manager(self.env):
            refused = set(vals) - TRAINEE_FIELDS
            if refused or any(attendance.user_id != self.env.user for attendance in self):
                raise AccessError(
                    _(
                        "You may only give your own satisfaction with a course; %(fields)s of %(records)s are "
                        "set by Hotel CRM managers and HR officers.",
                        fields=", ".join(sorted(refused)) or _("the attendance"),
                        records=", ".join(self.mapped("display_name")),
                    )
                )
        if "followup_score" in vals and "followup_date" not in vals:
            # the property's day, not the day of the browser of whoever enters the score
            vals = dict(vals, followup_date=(self.company_id[:1] or self.env.company)._hotel_today())
        res = super().write(vals)
        if "followup_score" in vals:
            self.activity_feedback([FOLLOWUP_ACTIVITY])
        return res

    # ------------------------------------------------------------------
    # Assessment (learning)
    # ------------------------------------------------------------------
    def _hotel_assessment_answer(self):
        """The attendee's answer to the course's certification survey, created if missing.

        :return: ``survey.user_input`` record
        :raise UserError: the course has no assessment or the employee no user
        """
        self.ensure_one()
        survey = self.course_id.survey_id
        if not survey:
            raise UserError(_("Course %(course)s has no assessment.", course=self.course_id.display_name))
        user = self.employee_id.user_id
        if not user:
            raise UserError(_("%(employee)s has no user to take the assessment with.", employee=self.employee_id.name))
        # read as the system: an employee has no access to survey answers, their own included
        answer = self.sudo().survey_user_input_id
        if not answer or answer.state == "done":
            # the certification's attempts limit holds per attendance: every attempt of this
            # attendance shares one invite token, which Odoo's survey counts the attempts by
            token = answer.invite_token or self.env["survey.user_input"]._generate_invite_token()
            answer = survey.sudo()._create_answer(
                user=user, check_attempts=True, invite_token=token, hotel_training_attendance_id=self.id
            )
            self.sudo().survey_user_input_id = answer
        return answer.sudo(False)

    def action_start_assessment(self):
        """Open the assessment for the attendee themselves."""
        self._hotel_ensure_one()
        if self.user_id != self.env.user:
            raise UserError(_("Only %(employee)s can take their own assessment.", employee=self.employee_id.name))
        answer = self._hotel_assessment_answer()
        return {"type": "ir.actions.act_url", "target": "self", "url": answer.sudo().get_start_url()}

    def _hotel_apply_assessment(self, answer):
        """Copy the score (percentage, 0-100) of a completed certification answer to the attendance."""
        self.sudo().write({"score": round(answer.scoring_percentage, 2), "survey_user_input_id": answer.id})

    # ------------------------------------------------------------------
    # Crons: follow-up (behaviour) and expiry reminders
    # ------------------------------------------------------------------
    @api.model
    def _hotel_today_by_company(self, companies):
        now = fields.Datetime.now()
        return {company: local_date(company, now) for company in companies}

    def _hotel_followup_user(self):
        self.ensure_one()
        return (
            self.employee_id.parent_id.user_id
            or self.employee_id.department_id.manager_id.user_id
            or self.session_id.user_id
            or self.env.ref("base.user_admin", raise_if_not_found=False)
        )

    @api.model
    def _cron_training_followup(self):
        """Daily: schedule one follow-up activity for the manager of every attendee whose follow-up is
        due (session end + the property's delay, in the property's time zone) and not yet entered.

        :return: the attendances that got an activity
        """
        candidates = self.search(
            [
                ("followup_due_date", "!=", False),
                ("followup_due_date", "<=", fields.Date.today() + timedelta(days=1)),
                ("followup_date", "=", False),
                ("followup_activity_sent", "=", False),
            ]
        )
        today = self._hotel_today_by_company(candidates.company_id)
        due = candidates.filtered(lambda a: a.followup_due_date <= today[a.company_id])
        for attendance in due:
            attendance.activity_schedule(
                FOLLOWUP_ACTIVITY,
                date_deadline=attendance.followup_due_date,
                user_id=attendance._hotel_followup_user().id,
                summary=_("Evaluate %(employee)s on the job", employee=attendance.employee_id.name),
                note=_(
                    "%(employee)s attended %(session)s. Enter the follow-up score (0-100): how much of the "
                    "course shows in their work?",
                    employee=attendance.employee_id.name,
                    session=attendance.session_id.name,
                ),
            )
        due.write({"followup_activity_sent": True})
        return due

    @api.model
    def _cron_training_expiry(self):
        """Daily: remind the employee (or their manager) that a passed course expires within the
        property's reminder delay, once per attendance, unless a later pass of the course renews it.

        :return: the attendances that got a reminder
        """
        horizon = max(self.env["res.company"].sudo().search([]).mapped("hotel_training_expiry_reminder_days") or [0])
        candidates = self.search(
            [
                ("passed", "=", True),
                ("expiry_date", "!=", False),
                ("expiry_date", "<=", fields.Date.today() + timedelta(days=horizon + 1)),
                ("expiry_reminded", "=", False),
            ]
        )
        today = self._hotel_today_by_company(candidates.company_id)
        due = candidates.filtered(
            lambda a: (
                a.expiry_date - timedelta(days=a.company_id.hotel_training_expiry_reminder_days) <= today[a.company_id]
            )
        )
        # renewed: the same employee passed the same course later, with a later expiry (or none)
        renewals = defaultdict(list)
        if due:
            for later in self.search(
                [
                    ("passed", "=", True),
                    ("employee_id", "in", due.employee_id.ids),
                    ("course_id", "in", due.course_id.ids),
                ]
            ):
                renewals[(later.employee_id.id, later.course_id.id)].append(later.expiry_date)
        renewed = due.filtered(
            lambda a: any(not other or other > a.expiry_date for other in renewals[(a.employee_id.id, a.course_id.id)])
        )
        remind = due - renewed
        for attendance in remind:
            attendance.activity_schedule(
                EXPIRY_ACTIVITY,
                date_deadline=attendance.expiry_date,
                user_id=(attendance.employee_id.user_id or attendance._hotel_followup_user()).id,
                summary=_("%(course)s expires", course=attendance.course_id.name),
                note=_(
                    "The pass of %(employee)s in %(course)s expires on %(date)s: book a session to renew it.",
                    employee=attendance.employee_id.name,
                    course=attendance.course_id.name,
                    date=attendance.expiry_date,
                ),
            )
        due.write({"expiry_reminded": True})
        return remind
