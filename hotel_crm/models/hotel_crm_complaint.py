import logging
from collections import Counter, defaultdict
from datetime import timedelta

from odoo import _, api, fields, models, tools
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import SQL

from .models import CHAR_MAX, TEXT_MAX

_logger = logging.getLogger(__name__)
# an e-mail subject becomes the complaint subject: a line, not a page
MAIL_SUBJECT_MAX = 200

COMPLAINT_CHANNELS = [
    ("in_person", "In Person"),
    ("phone", "Phone"),
    ("email", "E-mail"),
    ("portal", "Guest Portal"),
    ("social_media", "Social Media"),
    ("ota_review", "OTA Review"),
    ("survey", "Survey"),
]
# seed 000 §5.1.1: causes of complaints
CAUSES = [
    ("product_quality", "Product Quality"),
    ("service_quality", "Service Quality"),
    ("information", "Information"),
    ("attitude", "Staff Attitude"),
    ("price", "Price"),
    ("policy", "Policy"),
    ("other", "Other"),
]
SEVERITIES = [
    ("low", "Low"),
    ("medium", "Medium"),
    ("high", "High"),
    ("critical", "Critical"),
]
COMPENSATION_TYPES = [
    ("none", "None"),
    ("apology", "Apology"),
    ("discount", "Discount"),
    ("upgrade", "Upgrade"),
    ("points", "Loyalty Points"),
    ("refund", "Refund"),
    ("gift", "Gift"),
]
SLA_FLAGS = ["sla_response_breached", "sla_resolution_breached", "sla_response_notified", "sla_resolution_notified"]
# handling data hidden from the guest: a portal user reads their own complaint through the record
# rule, and a rule limits rows, not fields; these fields are for the staff only
STAFF = "hotel_crm.hotel_crm_group_user"
MANAGER = "hotel_crm.hotel_crm_group_manager"
SLA_DEADLINES = ("response_deadline", "resolution_deadline")
# writing one of these re-runs the SLA evaluation with reset: a breach that no longer holds is cleared
SLA_RESET_FIELDS = ("severity", "date_received", "company_id", *SLA_DEADLINES, "first_response_date", "resolved_date")
# the points a non-manager may grant as compensation; above it a manager must decide
POINTS_CAP_PARAM = "hotel_crm.complaint_compensation_points_cap"
SLA_STATUSES = [
    ("none", "No SLA"),
    ("on_track", "On Track"),
    ("at_risk", "At Risk"),
    ("overdue", "Overdue"),
    ("met", "Met"),
    ("breached", "Breached"),
]


def _format_hours(env, hours):
    """``2.25`` -> ``"2 h 15 min"``; used in kanban cards and notifications."""
    _ = env._
    minutes = round(abs(hours) * 60)
    days, minutes = divmod(minutes, 24 * 60)
    hrs, mins = divmod(minutes, 60)
    if days:
        return _("%(days)s d %(hours)s h", days=days, hours=hrs)
    if hrs:
        return _("%(hours)s h %(minutes)s min", hours=hrs, minutes=mins)
    return _("%(minutes)s min", minutes=mins)


class HotelCrmComplaint(models.Model):
    """A guest complaint handled in seven steps, with SLA, crisis plan and service recovery."""

    _name = "hotel.crm.complaint"
    _description = "Guest Complaint"
    _inherit = ["portal.mixin", "mail.thread.cc", "mail.activity.mixin"]
    _order = "severity_order desc, date_received desc, id desc"
    _rec_names_search = ["reference", "name", "partner_id"]
    _primary_email = "email_from"
    _check_company_auto = True
    # the guest answers on their complaint page: reading the complaint is enough to post on it
    _mail_post_access = "read"

    def _default_stage_id(self):
        return self.env["hotel.crm.complaint.stage"].search([], limit=1)

    reference = fields.Char(readonly=True, copy=False, index=True, default="/")
    name = fields.Char(string="Subject", required=True, tracking=True)
    description = fields.Html(help="What the guest says, in their words.")
    active = fields.Boolean(default=True)
    color = fields.Integer(groups=STAFF)
    company_id = fields.Many2one(
        "res.company", string="Property", required=True, index=True, default=lambda self: self.env.company
    )
    partner_id = fields.Many2one(
        "res.partner", string="Guest", index=True, tracking=True, check_company=False, ondelete="restrict"
    )
    email_from = fields.Char(string="E-mail", help="Sender of an e-mailed complaint.")
    stay_id = fields.Many2one(
        "hotel.crm.stay",
        index=True,
        tracking=True,
        domain="[('partner_id', '=', partner_id), ('company_id', '=', company_id)]",
    )
    channel = fields.Selection(COMPLAINT_CHANNELS, required=True, default="in_person", tracking=True)
    category_id = fields.Many2one("hotel.crm.complaint.category", index=True, tracking=True)
    cause = fields.Selection(
        CAUSES, index=True, tracking=True, groups=STAFF, help="Root cause, set when the complaint is analysed."
    )
    severity = fields.Selection(SEVERITIES, required=True, default="medium", index=True, tracking=True)
    severity_order = fields.Integer(compute="_compute_severity_order", store=True)
    stage_id = fields.Many2one(
        "hotel.crm.complaint.stage",
        index=True,
        tracking=True,
        copy=False,
        default=_default_stage_id,
        group_expand="_read_group_stage_ids",
        ondelete="restrict",
    )
    is_closed = fields.Boolean(related="stage_id.is_closed", store=True, string="Closed")
    is_resolved = fields.Boolean(related="stage_id.is_resolved", store=True, string="Resolved")
    department_id = fields.Many2one(
        "hr.department",
        index=True,
        tracking=True,
        compute="_compute_department_id",
        store=True,
        readonly=False,
        check_company=True,
        groups=STAFF,
    )
    user_id = fields.Many2one(
        "res.users",
        string="Responsible",
        index=True,
        tracking=True,
        compute="_compute_user_id",
        store=True,
        readonly=False,
        domain=[("share", "=", False)],
        groups=STAFF,
    )
    date_received = fields.Datetime(
        string="Received", required=True, default=fields.Datetime.now, index=True, tracking=True
    )
    date_last_stage_update = fields.Datetime(string="Last Stage Update", readonly=True, copy=False, groups=STAFF)
    # SLA
    sla_policy_id = fields.Many2one(
        "hotel.crm.sla.policy",
        string="SLA Policy",
        compute="_compute_sla_deadlines",
        store=True,
        readonly=True,
        groups=STAFF,
    )
    response_deadline = fields.Datetime(
        compute="_compute_sla_deadlines",
        store=True,
        readonly=False,
        index=True,
        groups=STAFF,
        help="Set from the SLA policy; only a manager may change it, which re-evaluates the breach.",
    )
    resolution_deadline = fields.Datetime(
        compute="_compute_sla_deadlines",
        store=True,
        readonly=False,
        index=True,
        groups=STAFF,
        help="Set from the SLA policy; only a manager may change it, which re-evaluates the breach.",
    )
    first_response_date = fields.Datetime(
        string="First Response", readonly=True, copy=False, tracking=True, groups=STAFF
    )
    resolved_date = fields.Datetime(string="Resolved On", readonly=True, copy=False, tracking=True)
    closed_date = fields.Datetime(string="Closed On", readonly=True, copy=False, groups=STAFF)
    response_hours = fields.Float(compute="_compute_hours", store=True, aggregator="avg", digits=(16, 2), groups=STAFF)
    resolution_hours = fields.Float(
        compute="_compute_hours", store=True, aggregator="avg", digits=(16, 2), groups=STAFF
    )
    sla_response_breached = fields.Boolean(string="Response SLA Breached", readonly=True, copy=False, groups=STAFF)
    sla_resolution_breached = fields.Boolean(string="Resolution SLA Breached", readonly=True, copy=False, groups=STAFF)
    sla_breached = fields.Boolean(
        string="SLA Breached", compute="_compute_sla_breached", store=True, index=True, tracking=True, groups=STAFF
    )
    sla_response_notified = fields.Boolean(
        string="Response Breach Notified",
        readonly=True,
        copy=False,
        groups=STAFF,
        help="Set once the breach was notified.",
    )
    sla_resolution_notified = fields.Boolean(
        string="Resolution Breach Notified",
        readonly=True,
        copy=False,
        groups=STAFF,
        help="Set once the breach was notified.",
    )
    escalation_level = fields.Integer(readonly=True, copy=False, tracking=True, groups=STAFF)
    sla_status = fields.Selection(SLA_STATUSES, string="SLA Status", compute="_compute_sla_status", groups=STAFF)
    sla_status_label = fields.Char(string="Time Left", compute="_compute_sla_status", groups=STAFF)
    # crisis
    crisis_started = fields.Boolean(
        string="Crisis Plan Started", readonly=True, copy=False, groups=STAFF, help="The crisis team was notified."
    )
    # recovery
    currency_id = fields.Many2one(related="company_id.currency_id")
    compensation_type = fields.Selection(COMPENSATION_TYPES, default="none", required=True, tracking=True, groups=STAFF)
    compensation_amount = fields.Monetary(currency_field="currency_id", tracking=True, groups=STAFF)
    compensation_points = fields.Integer(
        string="Points Granted",
        tracking=True,
        groups=STAFF,
        help="Loyalty points booked for the guest when the complaint is resolved. Above the cap set in the "
        "system parameter hotel_crm.complaint_compensation_points_cap (default 0) only a manager may set them.",
    )
    compensation_points_granted = fields.Boolean(
        string="Points Booked",
        readonly=True,
        copy=False,
        groups=STAFF,
        help="The points were written to the loyalty ledger.",
    )
    compensation_note = fields.Text(groups=STAFF)
    guest_satisfied = fields.Boolean(
        tracking=True, groups=STAFF, help="The guest said they were satisfied with the resolution."
    )
    satisfaction_date = fields.Datetime(
        string="Satisfaction Checked",
        copy=False,
        groups=STAFF,
        help="When the guest was asked whether they were satisfied; stamped when Guest Satisfied is set.",
    )
    satisfaction_note = fields.Text(string="Guest Feedback", groups=STAFF)
    recovered = fields.Boolean(
        compute="_compute_recovered",
        store=True,
        compute_sudo=True,
        groups=STAFF,
        help="The guest checked out another stay that began after the complaint was resolved, within the "
        "property's recovery window.",
    )
    # handling
    checklist_ids = fields.One2many(
        "hotel.crm.complaint.checklist", "complaint_id", string="Handling Checklist", groups=STAFF
    )
    improvement_count = fields.Integer(compute="_compute_improvement_count", groups=STAFF)
    checklist_progress = fields.Float(compute="_compute_checklist_progress", string="Checklist (%)", groups=STAFF)
    resolution = fields.Html(groups=STAFF, help="Solution agreed with the guest and what was done.")
    improvement_ids = fields.Many2many(
        "hotel.crm.improvement",
        "hotel_crm_improvement_complaint_rel",
        "complaint_id",
        "improvement_id",
        string="Improvement Actions",
        groups=STAFF,
    )

    _sql_constraints = [
        ("compensation_amount_positive", "CHECK(compensation_amount >= 0)", "A compensation cannot be negative."),
        ("compensation_points_positive", "CHECK(compensation_points >= 0)", "Compensation points cannot be negative."),
    ]

    # ------------------------------------------------------------------
    # Computes
    # ------------------------------------------------------------------
    @api.depends("reference", "name")
    def _compute_display_name(self):
        for complaint in self:
            if complaint.reference and complaint.reference != "/":
                complaint.display_name = f"{complaint.reference} {complaint.name or ''}".strip()
            else:
                complaint.display_name = complaint.name or ""

    def _compute_access_url(self):
        for complaint in self:
            complaint.access_url = f"/my/complaints/{complaint.id}"

    @api.depends("severity")
    def _compute_severity_order(self):
        order = {key: i for i, (key, _label) in enumerate(SEVERITIES)}
        for complaint in self:
            complaint.severity_order = order.get(complaint.severity, 0)

    @api.depends("category_id", "company_id")
    def _compute_department_id(self):
        """Route by category; at another property than the category's department, to that property's
        department of the same name (one search per batch), else to no department."""

        def fits(department, company):
            return not department.company_id or department.company_id == company

        elsewhere = self.filtered(
            lambda c: c.category_id.department_id and not fits(c.category_id.department_id, c.company_id)
        )
        namesakes = {}
        if elsewhere:
            departments = (
                self.env["hr.department"]
                .sudo()
                .search(
                    [
                        ("name", "in", list(set(elsewhere.category_id.department_id.mapped("name")))),
                        ("company_id", "in", elsewhere.company_id.ids),
                    ],
                    order="id",
                )
            )
            for department in departments:
                namesakes.setdefault((department.name, department.company_id.id), department.id)
        for complaint in self:
            department = complaint.category_id.department_id
            if department and fits(department, complaint.company_id):
                complaint.department_id = department
            elif department and namesakes.get((department.name, complaint.company_id.id)):
                complaint.department_id = namesakes[(department.name, complaint.company_id.id)]
            elif not complaint.department_id or not fits(complaint.department_id, complaint.company_id):
                complaint.department_id = False

    @api.depends("department_id")
    def _compute_user_id(self):
        for complaint in self:
            responsible = complaint.department_id and complaint.department_id._hotel_complaint_responsible()
            if responsible:
                complaint.user_id = responsible
            elif not complaint.user_id:
                complaint.user_id = False

    @api.depends("severity", "company_id", "date_received")
    def _compute_sla_deadlines(self):
        policies = self.env["hotel.crm.sla.policy"]._hotel_policy_map(self.company_id)
        for complaint in self:
            policy = policies.get((complaint.company_id.id, complaint.severity)) or policies.get(
                (False, complaint.severity)
            )
            complaint.sla_policy_id = policy
            if not policy:
                complaint.response_deadline = complaint.resolution_deadline = False
                continue
            start = complaint.date_received or fields.Datetime.now()
            complaint.response_deadline = start + timedelta(hours=policy.response_hours)
            complaint.resolution_deadline = start + timedelta(hours=policy.resolution_hours)

    @api.depends("date_received", "first_response_date", "resolved_date")
    def _compute_hours(self):
        for complaint in self:
            start = complaint.date_received
            complaint.response_hours = (
                (complaint.first_response_date - start).total_seconds() / 3600
                if start and complaint.first_response_date
                else 0.0
            )
            complaint.resolution_hours = (
                (complaint.resolved_date - start).total_seconds() / 3600 if start and complaint.resolved_date else 0.0
            )

    @api.depends("sla_response_breached", "sla_resolution_breached")
    def _compute_sla_breached(self):
        for complaint in self:
            complaint.sla_breached = complaint.sla_response_breached or complaint.sla_resolution_breached

    @api.depends_context("uid")
    @api.depends("response_deadline", "resolution_deadline", "first_response_date", "resolved_date", "sla_breached")
    def _compute_sla_status(self):
        now = fields.Datetime.now()
        for complaint in self:
            if complaint.first_response_date:
                deadline, done = complaint.resolution_deadline, complaint.resolved_date
                total = (complaint.resolution_deadline - complaint.date_received) if deadline else None
            else:
                deadline, done = complaint.response_deadline, False
                total = (complaint.response_deadline - complaint.date_received) if deadline else None
            if not deadline:
                complaint.sla_status, complaint.sla_status_label = "none", False
            elif done:
                complaint.sla_status = "breached" if complaint.sla_breached else "met"
                complaint.sla_status_label = False
            else:
                left = (deadline - now).total_seconds() / 3600
                if left < 0:
                    complaint.sla_status = "overdue"
                    complaint.sla_status_label = _("Overdue by %(time)s", time=_format_hours(self.env, left))
                else:
                    at_risk = total and left <= total.total_seconds() / 3600 * 0.25
                    complaint.sla_status = "at_risk" if at_risk else "on_track"
                    complaint.sla_status_label = _("%(time)s left", time=_format_hours(self.env, left))

    @api.depends(
        "resolved_date",
        "partner_id",
        "stay_id",
        "company_id.hotel_complaint_recovery_days",
        "partner_id.hotel_stay_ids.state",
        "partner_id.hotel_stay_ids.arrival_date",
    )
    def _compute_recovered(self):
        """One stay query per batch: checked-out stays of the batch's guests that began after resolution."""
        candidates = self.filtered(lambda c: c.resolved_date and c.partner_id)
        (self - candidates).recovered = False
        if not candidates:
            return
        first = min(candidates.mapped("resolved_date")).date()
        stays = (
            self.env["hotel.crm.stay"]
            .sudo()
            .search_read(
                [
                    ("partner_id", "in", candidates.partner_id.ids),
                    ("state", "=", "checked_out"),
                    ("arrival_date", ">=", first),
                ],
                ["partner_id", "arrival_date"],
                order="arrival_date",
            )
        )
        by_partner = defaultdict(list)
        for stay in stays:
            by_partner[stay["partner_id"][0]].append((stay["id"], stay["arrival_date"]))
        for complaint in candidates:
            start = complaint.resolved_date.date()
            end = start + timedelta(days=complaint.company_id.hotel_complaint_recovery_days or 365)
            complaint.recovered = any(
                stay_id != complaint.stay_id.id and start <= arrival <= end
                for stay_id, arrival in by_partner.get(complaint.partner_id.id, ())
            )

    @api.depends("improvement_ids")
    def _compute_improvement_count(self):
        for complaint in self:
            complaint.improvement_count = len(complaint.improvement_ids)

    @api.depends("checklist_ids.done")
    def _compute_checklist_progress(self):
        for complaint in self:
            lines = complaint.checklist_ids
            complaint.checklist_progress = 100.0 * len(lines.filtered("done")) / len(lines) if lines else 0.0

    @api.model
    def _read_group_stage_ids(self, stages, domain):
        return stages.search([], order=stages._order)

    # ------------------------------------------------------------------
    # Constraints
    # ------------------------------------------------------------------
    @api.constrains("compensation_type", "compensation_amount", "compensation_points", "partner_id")
    def _check_compensation(self):
        for complaint in self:
            if complaint.compensation_amount < 0 or complaint.compensation_points < 0:
                raise ValidationError(
                    _("Complaint %(complaint)s: a compensation cannot be negative.", complaint=complaint.display_name)
                )
            if complaint.compensation_type == "points" and not complaint.partner_id:
                raise ValidationError(
                    _(
                        "Complaint %(complaint)s: points can only be granted to a guest; set the Guest first.",
                        complaint=complaint.display_name,
                    )
                )
            if complaint.compensation_points and complaint.compensation_type != "points":
                raise ValidationError(
                    _(
                        "Complaint %(complaint)s: Points Granted is only used with the 'Loyalty Points' "
                        "compensation type.",
                        complaint=complaint.display_name,
                    )
                )

    @api.constrains("stay_id", "partner_id", "company_id")
    def _check_stay(self):
        for complaint in self.filtered("stay_id"):
            stay = complaint.stay_id.sudo()
            if complaint.partner_id and stay.partner_id != complaint.partner_id:
                raise ValidationError(
                    _(
                        "Complaint %(complaint)s: stay %(stay)s belongs to %(owner)s, not to the guest %(guest)s.",
                        complaint=complaint.display_name,
                        stay=stay.display_name,
                        owner=stay.partner_id.name,
                        guest=complaint.partner_id.name,
                    )
                )
            if stay.company_id != complaint.company_id:
                raise ValidationError(
                    _(
                        "Complaint %(complaint)s: stay %(stay)s is at %(stay_company)s, the complaint at %(company)s.",
                        complaint=complaint.display_name,
                        stay=stay.display_name,
                        stay_company=stay.company_id.name,
                        company=complaint.company_id.name,
                    )
                )

    @api.onchange("stay_id")
    def _onchange_stay_id(self):
        if self.stay_id and not self.partner_id:
            self.partner_id = self.stay_id.partner_id

    # ------------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------------
    @api.model_create_multi
    def create(self, vals_list):
        now = fields.Datetime.now()
        stages = self.env["hotel.crm.complaint.stage"]
        manager = self._hotel_is_manager()
        complaints = self
        if not manager:
            # the deadlines follow the SLA policy: no context default may fill them in either (a
            # default_x=False would, hence the keys are dropped from the context)
            dropped = {f"default_{fname}" for fname in SLA_DEADLINES}
            complaints = self.with_context(  # pylint: disable=context-overridden
                {key: value for key, value in self.env.context.items() if key not in dropped}
            )
        if not self.env.su:
            # check what will be written: default_* context keys and ir.default rows included
            vals_list = [complaints._add_missing_default_values(vals) for vals in vals_list]
        for vals in vals_list:
            self._hotel_check_compensation_points(vals.get("compensation_points"))
            if not manager:
                # the deadlines follow the SLA policy; only a manager sets them by hand
                for fname in SLA_DEADLINES:
                    vals.pop(fname, None)
                # a complaint taken down late keeps its real time, but none in the future:
                # that would push its deadlines back
                if vals.get("date_received") and fields.Datetime.to_datetime(vals["date_received"]) > now:
                    vals["date_received"] = now
            if vals.get("guest_satisfied"):
                vals.setdefault("satisfaction_date", now)
            if vals.get("reference", "/") == "/":
                company = self.env["res.company"].browse(vals.get("company_id")) or self.env.company
                vals["reference"] = (
                    self.env["ir.sequence"].with_company(company).next_by_code("hotel.crm.complaint") or "/"
                )
            if vals.get("stay_id") and not vals.get("partner_id"):
                vals["partner_id"] = self.env["hotel.crm.stay"].sudo().browse(vals["stay_id"]).partner_id.id
            vals.setdefault("date_last_stage_update", now)
            stage = stages.browse(vals.get("stage_id")) if vals.get("stage_id") else None
            if stage:
                # explicit dates win: history imported from another system keeps its real timings
                for fname, value in self._hotel_stage_stamps(
                    stage, now, has_response=False, has_resolved=False
                ).items():
                    vals.setdefault(fname, value)
        complaints = super(HotelCrmComplaint, complaints).create(vals_list).with_env(self.env)
        for complaint in complaints.filtered("partner_id"):
            complaint.message_subscribe(partner_ids=complaint.partner_id.ids)
        complaints._hotel_create_checklist()
        complaints._hotel_sla_evaluate(now)
        complaints.filtered(lambda c: c.severity == "critical")._hotel_start_crisis()
        complaints.filtered("is_resolved")._hotel_on_resolved()
        return complaints

    def write(self, vals):
        now = fields.Datetime.now()
        if "compensation_points" in vals:
            self._hotel_check_compensation_points(vals["compensation_points"])
        if "date_received" in vals and not self._hotel_is_manager():
            received = fields.Datetime.to_datetime(vals["date_received"])
            if any(complaint.date_received != received for complaint in self):
                # the SLA deadlines run from it: moving it is moving them
                raise AccessError(
                    _(
                        "Complaints %(complaints)s: only a Hotel CRM manager may change the date received, "
                        "which the SLA deadlines run from.",
                        complaints=", ".join(self.mapped("display_name")),
                    )
                )
        if any(fname in vals for fname in SLA_DEADLINES) and not self._hotel_is_manager():
            if not any(fname in vals for fname in ("severity", "date_received", "company_id")):
                raise AccessError(
                    _(
                        "Complaints %(complaints)s: only a Hotel CRM manager may change the SLA deadlines.",
                        complaints=", ".join(self.mapped("display_name")),
                    )
                )
            # sent along with a new severity by the form: the policy recomputes them
            vals = {fname: value for fname, value in vals.items() if fname not in SLA_DEADLINES}
        satisfaction_checked = self.browse()
        if "guest_satisfied" in vals and "satisfaction_date" not in vals:
            # ticking Guest Satisfied is the answer to the follow-up: stamp when it was given
            satisfaction_checked = self.filtered(
                lambda c: c.guest_satisfied != bool(vals["guest_satisfied"]) or not c.satisfaction_date
            )
        if "stage_id" not in vals:
            res = super().write(vals)
        else:
            # stamp the SLA dates per group of records (OCA helpdesk_mgmt style), one write per group;
            # dates given in the same call win, as in create (history imported from another system)
            vals = dict(vals, date_last_stage_update=now)
            stage = self.env["hotel.crm.complaint.stage"].browse(vals["stage_id"])
            groups = defaultdict(lambda: self.browse())
            for complaint in self:
                groups[(bool(complaint.first_response_date), bool(complaint.resolved_date))] |= complaint
            res = True
            for (has_response, has_resolved), complaints in groups.items():
                stamps = self._hotel_stage_stamps(stage, now, has_response, has_resolved)
                stamps = {fname: value for fname, value in stamps.items() if fname not in vals}
                res &= super(HotelCrmComplaint, complaints).write(dict(vals, **stamps))
            if stage.is_resolved:
                self._hotel_on_resolved()
        if satisfaction_checked:
            super(HotelCrmComplaint, satisfaction_checked).write({"satisfaction_date": now})
            satisfaction_checked.activity_feedback(["hotel_crm.mail_activity_type_hotel_complaint_followup"])
        if any(fname in vals for fname in SLA_RESET_FIELDS):
            self._hotel_sla_evaluate(fields.Datetime.now(), reset=True)
            if vals.get("severity") == "critical":
                self._hotel_start_crisis()
        elif "stage_id" in vals:
            self._hotel_sla_evaluate(fields.Datetime.now())
        if vals.get("partner_id"):
            for complaint in self:
                complaint.message_subscribe(partner_ids=complaint.partner_id.ids)
        return res

    def _hotel_is_manager(self):
        return self.env.su or self.env.user.has_group(MANAGER)

    def _hotel_check_compensation_points(self, points):
        """Points are money: above the cap (system parameter, default 0) only a manager grants them."""
        if not points or points <= 0 or self._hotel_is_manager():
            return
        cap = int(self.env["ir.config_parameter"].sudo().get_param(POINTS_CAP_PARAM, "0") or 0)
        if points > cap:
            raise UserError(
                _(
                    "Only a Hotel CRM manager may grant %(points)s loyalty points as compensation (your limit "
                    "is %(cap)s points): ask a manager to set or book them.",
                    points=points,
                    cap=cap,
                )
            )

    @api.model
    def _hotel_stage_stamps(self, stage, now, has_response, has_resolved):
        stamps = {}
        if not stage.is_new and not has_response:
            stamps["first_response_date"] = now
        if stage.is_resolved and not has_resolved:
            stamps["resolved_date"] = now
        elif not stage.is_resolved and has_resolved:
            stamps["resolved_date"] = False
        stamps["closed_date"] = now if stage.is_closed else False
        return stamps

    def _hotel_create_checklist(self):
        steps = self.env["hotel.crm.complaint.checklist.step"].sudo().search([])
        if not steps or not self:
            return
        self.env["hotel.crm.complaint.checklist"].sudo().create(
            [
                {
                    "complaint_id": complaint.id,
                    "step_id": step.id,
                    "name": step.name,
                    "description": step.description,
                    "sequence": step.sequence,
                }
                for complaint in self
                for step in steps
            ]
        )

    # ------------------------------------------------------------------
    # Mail gateway and chatter
    # ------------------------------------------------------------------
    @api.model
    def message_new(self, msg_dict, custom_values=None):
        """E-mail intake: the sender is matched to a guest by normalised address."""
        values = dict(custom_values or {})
        email_from = msg_dict.get("email_from") or ""
        normalized = tools.email_normalize(email_from)
        partner = self.env["res.partner"]
        if msg_dict.get("author_id"):
            partner = partner.browse(msg_dict["author_id"])
        if not partner and normalized:
            partner = partner.search([("email_normalized", "=", normalized)], order="hotel_guest desc, id", limit=1)
        # an e-mail cannot be sent back to be fixed: overlong headers and bodies are shortened to
        # what the fields take (the whole message stays in the chatter)
        subject = (msg_dict.get("subject") or "").strip()
        if len(subject) > MAIL_SUBJECT_MAX:
            subject = subject[: MAIL_SUBJECT_MAX - 1] + "…"
        values.setdefault("name", subject or _("Complaint by e-mail"))
        values.setdefault("channel", "email")
        values.setdefault("email_from", email_from[:CHAR_MAX])
        if msg_dict.get("body"):
            values.setdefault("description", msg_dict["body"][:TEXT_MAX])
        if partner:
            values.setdefault("partner_id", partner.id)
        # a property alias sets company_id (custom_values); else the property of the guest's latest
        # stay that has begun, else the main company
        values.setdefault(
            "company_id",
            (partner._hotel_last_property()[partner.id] if partner else self.env.company).id,
        )
        try:
            sent = fields.Datetime.to_datetime(msg_dict.get("date")) or False
        except (TypeError, ValueError):
            sent = False  # an unreadable Date header: received now
        if sent:
            # a wrong clock or a forged header must not push the SLA deadlines into the future
            values.setdefault("date_received", min(sent, fields.Datetime.now()))
        return super().message_new(msg_dict, custom_values=values)

    @api.model
    def _message_get_suggested_recipients(self):
        recipients = super()._message_get_suggested_recipients()
        for complaint in self:
            if complaint.partner_id:
                complaint._message_add_suggested_recipient(recipients, partner=complaint.partner_id, reason=_("Guest"))
            elif complaint.email_from:
                complaint._message_add_suggested_recipient(recipients, email=complaint.email_from, reason=_("Guest"))
        return recipients

    def message_post(self, **kwargs):
        """A reply to the guest from an internal user counts as the first response."""
        message = super().message_post(**kwargs)
        if (
            message.message_type in ("comment", "email")
            and message.subtype_id == self.env.ref("mail.mt_comment")
            and message.author_id
            and message.author_id.user_ids.filtered(lambda u: not u.share)
        ):
            # sudo: the guest may post too (portal chatter), and the write re-evaluates the SLA
            unanswered = self.sudo().filtered(lambda c: not c.first_response_date)
            if unanswered:
                unanswered.write({"first_response_date": fields.Datetime.now()})
        return message

    # ------------------------------------------------------------------
    # SLA
    # ------------------------------------------------------------------
    def _hotel_lock(self, fnames):
        """Lock the rows and re-read ``fnames``, so a side effect guarded by them runs once even with
        two workers at the same time (the second one waits, then sees the first one's flags)."""
        self.flush_recordset(fnames)
        self.env.cr.execute(
            SQL("SELECT id FROM hotel_crm_complaint WHERE id IN %s ORDER BY id FOR UPDATE", tuple(self.ids))
        )
        self.invalidate_recordset(fnames)

    def _hotel_sla_evaluate(self, now, reset=False):
        """Set the breach flags from the deadlines; notify and escalate every new breach once.

        With ``reset`` (deadlines changed), breaches that no longer hold are cleared together with
        their notification flag, so a later breach of the new deadline is notified again.
        """
        newly = defaultdict(lambda: self.browse())
        to_write = defaultdict(list)
        if not self:
            return newly
        self._hotel_lock(SLA_FLAGS)
        for complaint in self:
            response = bool(
                complaint.response_deadline and (complaint.first_response_date or now) > complaint.response_deadline
            )
            resolution = bool(
                complaint.resolution_deadline and (complaint.resolved_date or now) > complaint.resolution_deadline
            )
            vals = {}
            for kind, breached in (("response", response), ("resolution", resolution)):
                flag, notified = f"sla_{kind}_breached", f"sla_{kind}_notified"
                if breached and not complaint[flag]:
                    vals[flag] = True
                elif reset and not breached and complaint[flag]:
                    vals.update({flag: False, notified: False})
                if breached and not complaint[notified]:
                    vals[notified] = True
                    newly[kind] |= complaint
            if vals:
                to_write[tuple(sorted(vals.items()))].append(complaint.id)
        # one write per combination of flags, not one per complaint
        for vals, ids in to_write.items():
            self.browse(ids).sudo().write(dict(vals))
        for kind, complaints in newly.items():
            complaints._hotel_notify_breach(kind)
        return newly

    @api.model
    def _cron_check_sla(self, limit=1000):
        """Every 15 minutes: mark, notify and escalate SLA breaches.

        Candidates are picked and locked in SQL (``SKIP LOCKED``), so two workers never notify the
        same breach twice; the notified flags make repeated runs do nothing more.
        """
        now = fields.Datetime.now()
        self.flush_model()
        seen = set()
        while True:
            self.env.cr.execute(
                SQL(
                    """
                    SELECT id FROM hotel_crm_complaint
                     WHERE active
                       AND ((NOT COALESCE(sla_response_notified, FALSE)
                             AND response_deadline < %(now)s
                             AND (first_response_date IS NULL OR first_response_date > response_deadline))
                         OR (NOT COALESCE(sla_resolution_notified, FALSE)
                             AND resolution_deadline < %(now)s
                             AND (resolved_date IS NULL OR resolved_date > resolution_deadline)))
                     ORDER BY id
                     LIMIT %(limit)s
                     FOR UPDATE SKIP LOCKED
                    """,
                    now=now,
                    limit=limit,
                )
            )
            ids = [row[0] for row in self.env.cr.fetchall()]
            if not ids or seen.issuperset(ids):
                break
            seen.update(ids)
            self.browse(ids).with_context(mail_notify_force_send=False)._hotel_sla_evaluate(now)
            if len(ids) < limit:
                break
        return True

    def _hotel_breach_recipients(self):
        """Users told about a breach: the department responsible and the department manager."""
        self.ensure_one()
        users = self.env["res.users"]
        department = self.department_id.sudo()
        users |= department.hotel_complaint_user_id or self.user_id
        users |= department.manager_id.user_id
        return users.filtered(lambda u: u.active)

    def _hotel_escalation_user(self):
        self.ensure_one()
        department = self.department_id.sudo()
        return (
            department.manager_id.user_id
            or department.parent_id.manager_id.user_id
            or self.company_id.hotel_complaint_escalation_user_id
            or self.user_id
        )

    def _hotel_notify_breach(self, kind):
        activity_type = self.env.ref(
            "hotel_crm.mail_activity_type_hotel_complaint_escalation", raise_if_not_found=False
        )
        severities = dict(self._fields["severity"]._description_selection(self.env))
        for complaint in self:
            if complaint.resolved_date:
                # resolved late, or closed history imported: the breach stays recorded (sla_breached) for
                # the reporting, but there is nobody left to chase
                continue
            recipients = complaint._hotel_breach_recipients()
            deadline = complaint.response_deadline if kind == "response" else complaint.resolution_deadline
            # the property's local time, which is the time the staff works in
            deadline = complaint.company_id._hotel_format_datetime(deadline)
            if kind == "response":
                body = _(
                    "SLA breach: complaint %(complaint)s (%(severity)s) was not answered by %(deadline)s.",
                    complaint=complaint.display_name,
                    severity=severities[complaint.severity],
                    deadline=deadline,
                )
            else:
                body = _(
                    "SLA breach: complaint %(complaint)s (%(severity)s) was not resolved by %(deadline)s.",
                    complaint=complaint.display_name,
                    severity=severities[complaint.severity],
                    deadline=deadline,
                )
            complaint = complaint.sudo()
            if recipients:
                complaint.message_subscribe(partner_ids=recipients.partner_id.ids)
            complaint.message_post(
                body=body,
                partner_ids=recipients.partner_id.ids,
                message_type="notification",
                subtype_xmlid="mail.mt_note",
            )
            complaint.escalation_level += 1
            escalate_to = complaint._hotel_escalation_user()
            if activity_type and escalate_to:
                complaint.activity_schedule(
                    activity_type_id=activity_type.id,
                    user_id=escalate_to.id,
                    summary=_(
                        "Escalated: %(kind)s SLA breached",
                        kind=_("response") if kind == "response" else _("resolution"),
                    ),
                    note=body,
                )

    # ------------------------------------------------------------------
    # Crisis
    # ------------------------------------------------------------------
    def _hotel_crisis_team(self):
        self.ensure_one()
        group = self.env.ref("hotel_crm.hotel_crm_group_crisis_team", raise_if_not_found=False)
        if not group:
            return self.env["res.users"]
        return group.sudo().users.filtered(lambda u: u.active and self.company_id in u.company_ids)

    def _hotel_start_crisis(self):
        """Critical complaint: notify the crisis team and schedule the crisis plan, once per complaint."""
        activity_type = self.env.ref("hotel_crm.mail_activity_type_hotel_crisis_step", raise_if_not_found=False)
        steps = self.env["hotel.crm.crisis.step"].sudo().search([])
        now = fields.Datetime.now()
        todo = self.filtered(lambda c: c.severity == "critical" and not c.crisis_started)
        if not todo:
            return
        todo._hotel_lock(["crisis_started"])
        for complaint in todo.filtered(lambda c: not c.crisis_started).sudo():
            team = complaint._hotel_crisis_team()
            complaint.crisis_started = True
            if team:
                complaint.message_subscribe(partner_ids=team.partner_id.ids)
            complaint.message_post(
                body=_(
                    "Crisis: complaint %(complaint)s is critical. The crisis team is notified and the crisis "
                    "plan is scheduled.",
                    complaint=complaint.display_name,
                ),
                partner_ids=team.partner_id.ids,
                message_type="notification",
                subtype_xmlid="mail.mt_note",
            )
            if not activity_type:
                continue
            for step in steps.filtered(lambda s, c=complaint: not s.company_id or s.company_id == c.company_id):
                user = step.user_id or complaint.user_id or team[:1] or self.env.user
                due = fields.Datetime.context_timestamp(complaint, now + timedelta(hours=step.delay_hours)).date()
                complaint.activity_schedule(
                    activity_type_id=activity_type.id,
                    date_deadline=due,
                    user_id=user.id,
                    summary=step.name,
                    note=step.note,
                )

    # ------------------------------------------------------------------
    # Recovery
    # ------------------------------------------------------------------
    def _hotel_on_resolved(self):
        """Called after complaints enter a resolved stage: book points, ask the guest if satisfied."""
        self.filtered(lambda c: c.compensation_type == "points")._hotel_grant_compensation_points()
        self._hotel_schedule_followup()

    def _hotel_schedule_followup(self):
        """One 'check the guest's satisfaction' activity per resolved complaint (seed 003 step 11)."""
        activity_type = self.env.ref("hotel_crm.mail_activity_type_hotel_complaint_followup", raise_if_not_found=False)
        if not activity_type:
            return
        todo = self.filtered(lambda c: not c.satisfaction_date and c.partner_id and not c.is_closed)
        if not todo:
            return
        existing = set(
            self.env["mail.activity"]
            .sudo()
            .search(
                [
                    ("res_model", "=", self._name),
                    ("res_id", "in", todo.ids),
                    ("activity_type_id", "=", activity_type.id),
                ]
            )
            .mapped("res_id")
        )
        for complaint in todo.filtered(lambda c: c.id not in existing).sudo():
            complaint.activity_schedule(
                activity_type_id=activity_type.id,
                user_id=(complaint.user_id or self.env.user).id,
                summary=_("Ask %(guest)s whether the solution satisfied them", guest=complaint.partner_id.name),
            )

    def _hotel_grant_compensation_points(self):
        """Book each points compensation as a ``bonus`` move in the loyalty ledger, once.

        The complaint rows are locked first, so two workers never book the same compensation
        twice; the move goes through the ledger's public API (``res.partner._hotel_points_grant``)
        with the complaint as its origin.
        :return: the created ``hotel.crm.points.move`` records
        """
        Move = self.env["hotel.crm.points.move"]
        todo = self.filtered(
            lambda c: (
                c.compensation_type == "points" and c.compensation_points > 0 and not c.compensation_points_granted
            )
        )
        if not todo:
            return Move
        self.env.cr.execute(
            SQL(
                "SELECT id FROM hotel_crm_complaint "
                "WHERE id IN %s AND NOT COALESCE(compensation_points_granted, FALSE) FOR UPDATE",
                tuple(todo.ids),
            )
        )
        todo &= self.browse([row[0] for row in self.env.cr.fetchall()])
        for complaint in todo:
            move = complaint.partner_id._hotel_points_grant(
                complaint.compensation_points,
                move_type="bonus",
                reason=_("Compensation for complaint %(complaint)s", complaint=complaint.display_name),
                origin=complaint,
                company_id=complaint.company_id.id,
                date=complaint.company_id._hotel_today(),
            )
            Move |= move
            complaint.message_post(
                body=_("%(points)s loyalty points granted as compensation.", points=move.points),
                subtype_xmlid="mail.mt_note",
            )
        todo.sudo().write({"compensation_points_granted": True})
        return Move

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------
    def action_grant_compensation(self):
        self.ensure_one()
        if self.compensation_type != "points":
            raise UserError(
                _(
                    "Complaint %(complaint)s: only a 'Loyalty Points' compensation is booked from here.",
                    complaint=self.display_name,
                )
            )
        if "hotel.crm.points.move" not in self.env:
            raise UserError(_("The loyalty points ledger is not installed: the points cannot be booked."))
        self._hotel_check_compensation_points(self.compensation_points)
        self._hotel_grant_compensation_points()
        return True

    def action_mark_satisfied(self):
        self.ensure_one()
        self.write({"guest_satisfied": True, "satisfaction_date": fields.Datetime.now()})
        self.activity_feedback(["hotel_crm.mail_activity_type_hotel_complaint_followup"])
        return True

    def action_mark_unsatisfied(self):
        self.ensure_one()
        self.write({"guest_satisfied": False, "satisfaction_date": fields.Datetime.now()})
        self.activity_feedback(["hotel_crm.mail_activity_type_hotel_complaint_followup"])
        return True

    def action_create_improvement(self):
        """'Create improvement' on selected complaints: a PDCA action linked to them."""
        if not self:
            raise UserError(_("Select the complaints the improvement action addresses."))
        companies = self.company_id
        if len(companies) > 1:
            raise UserError(
                _(
                    "The selected complaints belong to several properties (%(companies)s): create one improvement "
                    "action per property.",
                    companies=", ".join(companies.mapped("name")),
                )
            )
        causes = Counter(c.cause for c in self if c.cause)
        categories = Counter(c.category_id for c in self if c.category_id)
        cause = causes.most_common(1)[0][0] if causes else False
        category = categories.most_common(1)[0][0] if categories else self.env["hotel.crm.complaint.category"]
        label = category.name or (cause and dict(CAUSES)[cause]) or _("complaints")
        improvement = self.env["hotel.crm.improvement"].create(
            {
                "name": _("Reduce %(topic)s complaints", topic=label),
                "company_id": companies.id,
                "cause": cause,
                "category_id": category.id,
                "complaint_ids": [fields.Command.set(self.ids)],
                "target_metric": _("Complaints per month"),
            }
        )
        return {
            "type": "ir.actions.act_window",
            "res_model": "hotel.crm.improvement",
            "res_id": improvement.id,
            "view_mode": "form",
            "target": "current",
        }

    def action_view_improvements(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": _("Improvement Actions"),
            "res_model": "hotel.crm.improvement",
            "view_mode": "kanban,list,form",
            "domain": [("id", "in", self.improvement_ids.ids)],
        }

    def _get_report_base_filename(self):
        self.ensure_one()
        return f"Complaint {self.reference}"
