from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

# who sees and manages every training record (the rest of the staff see their own)
TRAINING_MANAGERS = ("hotel_crm.hotel_crm_group_manager", "hr.group_hr_user")


def is_training_manager(env):
    """Whether the current user manages training: superuser, Hotel CRM manager or HR officer."""
    return env.su or any(env.user.has_group(group) for group in TRAINING_MANAGERS)


class HotelCrmTrainingCourse(models.Model):
    """A staff course: topic, method, duration, material, pass score, validity and an optional
    assessment (an Odoo survey in certification mode whose score becomes the attendance score)."""

    _name = "hotel.crm.training.course"
    _description = "Training Course"
    _inherit = ["mail.thread"]
    _order = "sequence, name, id"

    name = fields.Char(required=True, translate=True, tracking=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company",
        string="Property",
        index=True,
        help="Empty: the course is offered at every property.",
    )
    topic_id = fields.Many2one("hotel.crm.training.topic", required=True, index=True, tracking=True)
    method_id = fields.Many2one("hotel.crm.training.method", required=True, tracking=True)
    complaint_handling = fields.Boolean(related="topic_id.complaint_handling", store=True)
    description = fields.Html(translate=True)
    duration_hours = fields.Float(string="Duration (hours)", required=True, default=2.0, tracking=True)
    attachment_ids = fields.Many2many(
        "ir.attachment",
        "hotel_crm_training_course_attachment_rel",
        "course_id",
        "attachment_id",
        string="Material",
        help="Slides, handouts and case studies given to the trainees.",
    )
    pass_score = fields.Float(
        default=60.0,
        tracking=True,
        help="Score (0-100) an attendee needs to pass; a score equal to it passes. 0: attending is passing.",
    )
    validity_months = fields.Integer(
        string="Validity (months)",
        tracking=True,
        help="How long a pass stays valid before the course must be taken again; 0: it never expires.",
    )
    survey_id = fields.Many2one(
        "survey.survey",
        string="Assessment",
        domain=[("certification", "=", True)],
        tracking=True,
        help="A survey in certification mode; when an attendee completes it, its score (%) becomes the "
        "attendance score.",
    )
    has_assessment = fields.Boolean(
        compute="_compute_has_assessment", store=True, compute_sudo=True, help="The course has an assessment survey."
    )
    mandatory_job_ids = fields.Many2many(
        "hr.job",
        "hotel_crm_training_course_job_rel",
        "course_id",
        "job_id",
        string="Mandatory for Job Positions",
    )
    mandatory_department_ids = fields.Many2many(
        "hr.department",
        "hotel_crm_training_course_department_rel",
        "course_id",
        "department_id",
        string="Mandatory for Departments",
    )
    session_ids = fields.One2many("hotel.crm.training.session", "course_id", string="Sessions")
    session_count = fields.Integer(compute="_compute_session_count")

    _sql_constraints = [
        ("pass_score_range", "CHECK(pass_score >= 0 AND pass_score <= 100)", "The pass score must be within 0-100."),
        ("validity_positive", "CHECK(validity_months >= 0)", "The validity cannot be negative."),
        ("duration_positive", "CHECK(duration_hours > 0)", "A course lasts more than 0 hours."),
    ]

    @api.depends("survey_id")
    def _compute_has_assessment(self):
        for course in self:
            course.has_assessment = bool(course.survey_id)

    @api.depends("session_ids")
    def _compute_session_count(self):
        counts = dict(
            self.env["hotel.crm.training.session"]._read_group(
                [("course_id", "in", self.ids)], ["course_id"], ["__count"]
            )
        )
        for course in self:
            course.session_count = counts.get(course, 0)

    @api.constrains("pass_score", "validity_months", "duration_hours")
    def _check_numbers(self):
        for course in self:
            if not 0 <= course.pass_score <= 100:
                raise ValidationError(
                    _("Course %(course)s: the pass score must be within 0 and 100.", course=course.display_name)
                )
            if course.validity_months < 0:
                raise ValidationError(
                    _("Course %(course)s: the validity cannot be negative.", course=course.display_name)
                )
            if course.duration_hours <= 0:
                raise ValidationError(
                    _("Course %(course)s: the duration must be more than 0 hours.", course=course.display_name)
                )

    @api.constrains("survey_id")
    def _check_survey_id(self):
        for course in self.filtered("survey_id"):
            if not course.survey_id.certification:
                raise ValidationError(
                    _(
                        "Course %(course)s: the assessment %(survey)s is not a certification; turn on "
                        "'Is a Certification' on the survey first.",
                        course=course.display_name,
                        survey=course.survey_id.display_name,
                    )
                )

    def action_view_sessions(self):
        self._hotel_ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("hotel_crm.hotel_crm_training_session_action")
        action["domain"] = [("course_id", "=", self.id)]
        action["context"] = {"default_course_id": self.id}
        return action
