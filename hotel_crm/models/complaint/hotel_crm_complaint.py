from collections import defaultdict

from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

# re-exported: the complaint's selections, imported from here by reports and other modules
from .common import CAUSES, COMPENSATION_TYPES, COMPLAINT_CHANNELS, SEVERITIES, STAFF  # noqa: F401


class HotelCrmComplaint(models.Model):
    """A guest complaint handled in seven steps: the record, its routing and its stages.

    The other jobs live in files of their own in this room: the SLA (``hotel.crm.sla.mixin``,
    hotel_crm_sla_mixin.py), the crisis plan (hotel_crm_complaint_crisis.py), recovery and
    compensation (hotel_crm_complaint_recovery.py), the mail gateway (hotel_crm_complaint_mail.py)
    and improvement actions (hotel_crm_complaint_improvement.py).
    """

    _name = "hotel.crm.complaint"
    _description = "Guest Complaint"
    _inherit = ["portal.mixin", "mail.thread.cc", "mail.activity.mixin", "hotel.crm.sla.mixin"]
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
    first_response_date = fields.Datetime(
        string="First Response", readonly=True, copy=False, tracking=True, groups=STAFF
    )
    resolved_date = fields.Datetime(string="Resolved On", readonly=True, copy=False, tracking=True)
    closed_date = fields.Datetime(string="Closed On", readonly=True, copy=False, groups=STAFF)
    # handling
    checklist_ids = fields.One2many(
        "hotel.crm.complaint.checklist", "complaint_id", string="Handling Checklist", groups=STAFF
    )
    checklist_progress = fields.Float(compute="_compute_checklist_progress", string="Checklist (%)", groups=STAFF)
    resolution = fields.Html(groups=STAFF, help="Solution agreed with the guest and what was done.")

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
    @api.constrains("stay_id", "partner_id", "company_id")
    def _check_stay(self):
        for complaint in self.filtered("stay_id"):
            stay = complaint.stay_id.sudo()
            # the message names only what the user may read (the stay may be another property's)
            name = complaint._hotel_readable_name
            if complaint.partner_id and stay.partner_id != complaint.partner_id:
                raise ValidationError(
                    _(
                        "Complaint %(complaint)s: stay %(stay)s belongs to %(owner)s, not to the guest %(guest)s.",
                        complaint=complaint.display_name,
                        stay=name(stay),
                        owner=name(stay.partner_id),
                        guest=complaint.partner_id.name,
                    )
                )
            if stay.company_id != complaint.company_id:
                raise ValidationError(
                    _(
                        "Complaint %(complaint)s: stay %(stay)s is at %(stay_company)s, the complaint at %(company)s.",
                        complaint=complaint.display_name,
                        stay=name(stay),
                        stay_company=name(stay.company_id),
                        company=complaint.company_id.name,
                    )
                )

    @api.onchange("stay_id")
    def _onchange_stay_id(self):
        if self.stay_id and not self.partner_id:
            self.partner_id = self.stay_id.partner_id

    # ------------------------------------------------------------------
    # CRUD: one hook per concern
    # ------------------------------------------------------------------
    @api.model_create_multi
    def create(self, vals_list):
        now = fields.Datetime.now()
        complaints = self._hotel_sla_create_context()
        if not self.env.su:
            # check what will be written: default_* context keys and ir.default rows included
            vals_list = [complaints._add_missing_default_values(vals) for vals in vals_list]
        for vals in vals_list:
            self._hotel_prepare_create_vals(vals, now)
        complaints = super(HotelCrmComplaint, complaints).create(vals_list).with_env(self.env)
        for complaint in complaints.filtered("partner_id"):
            complaint.message_subscribe(partner_ids=complaint.partner_id.ids)
        complaints._hotel_create_checklist()
        complaints._hotel_sla_evaluate(now)
        complaints.filtered(lambda c: c.severity == "critical")._hotel_start_crisis()
        complaints.filtered("is_resolved")._hotel_on_resolved()
        return complaints

    @api.model
    def _hotel_prepare_create_vals(self, vals, now):
        """Complete the values of a new complaint, in place: compensation cap and satisfaction
        stamp, SLA protection, reference, guest of the stay, stage stamps."""
        self._hotel_recovery_prepare_create_vals(vals, now)
        self._hotel_sla_prepare_create_vals(vals, now)
        if vals.get("reference", "/") == "/":
            company = self.env["res.company"].browse(vals.get("company_id")) or self.env.company
            vals["reference"] = self.env["ir.sequence"].with_company(company).next_by_code("hotel.crm.complaint") or "/"
        if vals.get("stay_id") and not vals.get("partner_id"):
            vals["partner_id"] = self.env["hotel.crm.stay"].sudo().browse(vals["stay_id"]).partner_id.id
        vals.setdefault("date_last_stage_update", now)
        if vals.get("stage_id"):
            stage = self.env["hotel.crm.complaint.stage"].browse(vals["stage_id"])
            # explicit dates win: history imported from another system keeps its real timings
            for fname, value in self._hotel_stage_stamps(stage, now, has_response=False, has_resolved=False).items():
                vals.setdefault(fname, value)

    def write(self, vals):
        now = fields.Datetime.now()
        vals = self._hotel_check_write_rights(vals)
        satisfaction_checked = self._hotel_satisfaction_to_stamp(vals)
        res = self._hotel_write_stage(vals, now) if "stage_id" in vals else super().write(vals)
        satisfaction_checked._hotel_stamp_satisfaction(now)
        if self._hotel_sla_after_write(vals) and vals.get("severity") == "critical":
            self._hotel_start_crisis()
        if vals.get("partner_id"):
            for complaint in self:
                complaint.message_subscribe(partner_ids=complaint.partner_id.ids)
        return res

    def _hotel_stamp_satisfaction(self, now):
        """Stamp the satisfaction date of these complaints and mark their follow-up done (a write
        below this class's :meth:`write`: nothing else of it applies)."""
        if not self:
            return
        super().write({"satisfaction_date": now})
        self.activity_feedback(["hotel_crm.mail_activity_type_hotel_complaint_followup"])

    def _hotel_check_write_rights(self, vals):
        """Refuse what the user may not change (compensation points above their cap, the SLA
        unless a manager); return the values to write."""
        if "compensation_points" in vals:
            self._hotel_check_compensation_points(vals["compensation_points"])
        return self._hotel_sla_check_write(vals)

    def _hotel_write_stage(self, vals, now):
        """Write ``vals`` (with a ``stage_id``), stamping the stage dates per group of records.

        Stamps the SLA dates per group of records (OCA helpdesk_mgmt style), one write per group;
        dates given in the same call win, as in create (history imported from another system).
        Entering a resolved stage runs :meth:`_hotel_on_resolved`.
        """
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
        return res

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
    # Routing of SLA breaches (hooks of hotel.crm.sla.mixin)
    # ------------------------------------------------------------------
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

    # ------------------------------------------------------------------
    # Report
    # ------------------------------------------------------------------
    def _get_report_base_filename(self):
        self.ensure_one()
        return f"Complaint {self.reference}"
