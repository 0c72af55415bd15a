from datetime import datetime, time

import pytz

from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError

SESSION_STATES = [("planned", "Planned"), ("done", "Done"), ("cancelled", "Cancelled")]
INVITATION_ACTIVITY = "hotel_crm.mail_activity_type_hotel_training_invitation"


def property_tz(company):
    """The property's time zone (``res.company._hotel_tz_name``: the Property Time Zone, which
    follows the address's time zone), the one every other day boundary of the addon uses."""
    return pytz.timezone(company._hotel_tz_name())


def local_date(company, value):
    """UTC datetime ``value`` as a date in ``company``'s (the property's) time zone."""
    if not value:
        return False
    return pytz.utc.localize(value).astimezone(property_tz(company)).date()


def utc_at(company, day, hour=9):
    """A naive UTC datetime for ``hour`` o'clock on ``day`` in the property's time zone."""
    local = property_tz(company).localize(datetime.combine(day, time(hour)))
    return local.astimezone(pytz.utc).replace(tzinfo=None)


class HotelCrmTrainingSession(models.Model):
    """One run of a course at a property: when, by whom, for whom."""

    _name = "hotel.crm.training.session"
    _description = "Training Session"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "date_start desc, id desc"
    _check_company_auto = True

    name = fields.Char(compute="_compute_name", store=True, readonly=False, required=True, precompute=True)
    course_id = fields.Many2one(
        "hotel.crm.training.course",
        required=True,
        index=True,
        tracking=True,
        ondelete="restrict",
        domain="[('company_id', 'in', [company_id, False])]",
    )
    topic_id = fields.Many2one(related="course_id.topic_id", store=True)
    method_id = fields.Many2one(related="course_id.method_id")
    company_id = fields.Many2one(
        "res.company", string="Property", required=True, index=True, default=lambda self: self.env.company
    )
    state = fields.Selection(SESSION_STATES, required=True, default="planned", index=True, tracking=True, copy=False)
    date_start = fields.Datetime(string="Start", required=True, index=True, tracking=True)
    date_end = fields.Datetime(string="End", required=True, tracking=True)
    duration_hours = fields.Float(
        string="Duration (hours)",
        compute="_compute_duration_hours",
        store=True,
        readonly=False,
        help="Training hours each attendee is credited with; the course's duration unless changed.",
    )
    user_id = fields.Many2one(
        "res.users",
        string="Organizer",
        default=lambda self: self.env.user,
        tracking=True,
        help="Follows the session up; gets the follow-up evaluations of attendees without a manager.",
    )
    trainer_employee_id = fields.Many2one("hr.employee", string="Trainer", check_company=True, tracking=True)
    trainer_name = fields.Char(string="External Trainer", tracking=True, help="A trainer who is not an employee.")
    location = fields.Char()
    notes = fields.Html()
    attendance_ids = fields.One2many("hotel.crm.training.attendance", "session_id", string="Attendees", copy=False)
    attendee_count = fields.Integer(compute="_compute_attendance_stats", string="Attendees (count)")
    passed_count = fields.Integer(compute="_compute_attendance_stats", string="Passed")
    color = fields.Integer()

    _sql_constraints = [
        ("dates_ordered", "CHECK(date_end >= date_start)", "A session cannot end before it starts."),
    ]

    @api.depends("course_id", "date_start", "company_id")
    def _compute_name(self):
        for session in self:
            day = local_date(session.company_id, session.date_start)
            if session.course_id:
                session.name = f"{session.course_id.name} ({day})" if day else session.course_id.name
            elif not session.name:
                session.name = _("New Session")

    @api.depends("course_id")
    def _compute_duration_hours(self):
        for session in self:
            session.duration_hours = session.course_id.duration_hours

    @api.depends("attendance_ids.attended", "attendance_ids.passed")
    def _compute_attendance_stats(self):
        for session in self:
            session.attendee_count = len(session.attendance_ids)
            session.passed_count = len(session.attendance_ids.filtered("passed"))

    @api.constrains("date_start", "date_end")
    def _check_dates(self):
        for session in self:
            if session.date_start and session.date_end and session.date_end < session.date_start:
                raise ValidationError(
                    _("Session %(session)s: the end is before the start.", session=session.display_name)
                )

    @api.constrains("course_id", "company_id")
    def _check_course_company(self):
        for session in self:
            course_company = session.course_id.company_id
            if course_company and course_company != session.company_id:
                raise ValidationError(
                    _(
                        "Session %(session)s: course %(course)s is offered at %(course_company)s only.",
                        session=session.display_name,
                        course=session.course_id.display_name,
                        course_company=course_company.name,
                    )
                )

    @api.onchange("date_start")
    def _onchange_date_start(self):
        if self.date_start and (not self.date_end or self.date_end < self.date_start):
            self.date_end = fields.Datetime.add(self.date_start, minutes=round((self.duration_hours or 1) * 60))

    def action_invite(self):
        """Schedule an invitation activity for every attendee with a user who was not invited yet.

        :return: ``True``
        :raise UserError: the session is not planned
        """
        for session in self:
            if session.state != "planned":
                raise UserError(
                    _("Session %(session)s: only planned sessions send invitations.", session=session.display_name)
                )
            day = local_date(session.company_id, session.date_start)
            pending = session.attendance_ids.filtered(lambda a: not a.invited and a.employee_id.user_id)
            for attendance in pending:
                session.activity_schedule(
                    INVITATION_ACTIVITY,
                    date_deadline=day,
                    user_id=attendance.employee_id.user_id.id,
                    summary=_("Training: %(session)s", session=session.name),
                    note=_(
                        "You are expected at %(session)s, %(location)s.",
                        session=session.name,
                        location=session.location or session.company_id.name,
                    ),
                )
            pending.sudo().write({"invited": True})
        return True

    def action_done(self):
        """Mark the session as held: attendances become countable; follow-ups get their due date."""
        for session in self:
            if session.state == "cancelled":
                raise UserError(
                    _("Session %(session)s is cancelled; reset it to planned first.", session=session.display_name)
                )
        self.write({"state": "done"})
        self.activity_unlink([INVITATION_ACTIVITY])
        return True

    def action_cancel(self):
        self.write({"state": "cancelled"})
        self.activity_unlink([INVITATION_ACTIVITY])
        return True

    def action_reset_planned(self):
        self.write({"state": "planned"})
        return True
