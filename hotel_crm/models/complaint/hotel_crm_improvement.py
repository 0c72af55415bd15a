from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError

from .common import CAUSES

PDCA_STAGES = [
    ("plan", "Plan"),
    ("do", "Do"),
    ("check", "Check"),
    ("act", "Act"),
]


class HotelCrmImprovement(models.Model):
    """A PDCA (plan, do, check, act) improvement action run by a quality circle, fed by complaint causes."""

    _name = "hotel.crm.improvement"
    _description = "Improvement Action (PDCA)"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "priority desc, date_deadline, id desc"
    _check_company_auto = True

    name = fields.Char(string="Theme", required=True, tracking=True)
    company_id = fields.Many2one(
        "res.company", string="Property", required=True, index=True, default=lambda self: self.env.company
    )
    stage = fields.Selection(
        PDCA_STAGES, string="PDCA Stage", required=True, default="plan", tracking=True, group_expand=True
    )
    priority = fields.Selection([("0", "Normal"), ("1", "High")], default="0")
    color = fields.Integer()
    active = fields.Boolean(default=True)
    user_id = fields.Many2one(
        "res.users",
        string="Circle Leader",
        default=lambda self: self.env.user,
        tracking=True,
        domain=[("share", "=", False)],
    )
    member_ids = fields.Many2many(
        "res.users",
        "hotel_crm_improvement_member_rel",
        "improvement_id",
        "user_id",
        string="Quality Circle",
        domain=[("share", "=", False)],
        help="Members of the quality circle (about six people from the same or related work places).",
    )
    department_id = fields.Many2one("hr.department", check_company=True)
    complaint_ids = fields.Many2many(
        "hotel.crm.complaint",
        "hotel_crm_improvement_complaint_rel",
        "improvement_id",
        "complaint_id",
        string="Complaints",
        check_company=True,
    )
    complaint_count = fields.Integer(compute="_compute_complaint_count")
    guest_loss_ids = fields.Many2many(
        "hotel.crm.guest.loss",
        "hotel_crm_improvement_guest_loss_rel",
        "improvement_id",
        "guest_loss_id",
        string="Lost Guests",
        check_company=True,
        help="The lost-guest analyses this action answers.",
    )
    guest_loss_count = fields.Integer(compute="_compute_complaint_count")
    cause = fields.Selection(CAUSES, tracking=True)
    category_id = fields.Many2one("hotel.crm.complaint.category")
    problem = fields.Html(string="Current Situation", help="Plan: the problem and its analysed causes.")
    action_plan = fields.Html(string="Countermeasures", help="Plan/Do: the measures decided and carried out.")
    check_notes = fields.Html(string="Check", help="Check: the effect measured against the target.")
    standardisation = fields.Html(help="Act: what becomes the standard; what goes to the next cycle.")
    target_metric = fields.Char(help="What is measured, e.g. 'noise complaints per month'.")
    baseline = fields.Float(help="Value of the metric before the action.")
    target = fields.Float(help="Value the circle aims for.")
    result = fields.Float(help="Value measured in the Check stage.")
    improvement_pct = fields.Float(
        string="Improvement (%)",
        compute="_compute_improvement_pct",
        store=True,
        aggregator="avg",
        help="Change from baseline to result towards the target, in percent of the baseline: positive when the "
        "result moved the way the target asks (down for complaint counts, up for e.g. a satisfaction score).",
    )
    target_reached = fields.Boolean(compute="_compute_improvement_pct", store=True)
    date_start = fields.Date(default=lambda self: self.env.company._hotel_today())
    date_deadline = fields.Date(string="Deadline")
    date_done = fields.Date(string="Completed On", readonly=True)

    @api.depends("complaint_ids", "guest_loss_ids")
    def _compute_complaint_count(self):
        for improvement in self:
            improvement.complaint_count = len(improvement.complaint_ids)
            improvement.guest_loss_count = len(improvement.guest_loss_ids)

    @api.depends("baseline", "target", "result", "stage")
    def _compute_improvement_pct(self):
        for improvement in self:
            measured = improvement.stage in ("check", "act")
            # lower is better when the target is below the baseline (complaint counts), else higher is
            # better (satisfaction, repeat rate): the sign follows the direction the target asks for
            lower_is_better = improvement.target <= improvement.baseline
            if measured and improvement.baseline:
                change = improvement.baseline - improvement.result
                if not lower_is_better:
                    change = -change
                improvement.improvement_pct = 100.0 * change / abs(improvement.baseline)
            else:
                improvement.improvement_pct = 0.0
            if not measured:
                improvement.target_reached = False
            elif lower_is_better:
                improvement.target_reached = improvement.result <= improvement.target
            else:
                improvement.target_reached = improvement.result >= improvement.target

    @api.constrains("date_start", "date_deadline")
    def _check_dates(self):
        for improvement in self:
            if (
                improvement.date_start
                and improvement.date_deadline
                and improvement.date_deadline < improvement.date_start
            ):
                raise ValidationError(
                    _(
                        "Improvement action %(name)s: the deadline (%(deadline)s) is before the start (%(start)s).",
                        name=improvement.name,
                        deadline=improvement.date_deadline,
                        start=improvement.date_start,
                    )
                )

    def write(self, vals):
        if vals.get("stage") == "act":
            vals = dict(vals, date_done=(self.company_id[:1] or self.env.company)._hotel_today())
        elif "stage" in vals:
            vals = dict(vals, date_done=False)
        return super().write(vals)

    @api.model
    def _hotel_start_from(self, records, several_properties, vals):
        """Start an improvement action (Plan stage) answering ``records``, all of one property: what
        *Create Improvement* does on complaints, suggestions and lost-guest analyses.

        :param records: the non-empty recordset it answers (each record with a ``company_id``)
        :param str several_properties: the translated refusal for records of several properties,
            with a ``%(companies)s`` placeholder for their names
        :param dict vals: the action's values besides its property (name, links to ``records``,
            cause, problem, target metric ...)
        :return: the window action opening the new ``hotel.crm.improvement`` in its form
        :raise UserError: ``several_properties``, when the records belong to several properties
        """
        companies = records.company_id
        if len(companies) > 1:
            raise UserError(several_properties % {"companies": ", ".join(companies.mapped("name"))})
        improvement = self.create({**vals, "company_id": companies.id})
        return {
            "type": "ir.actions.act_window",
            "res_model": "hotel.crm.improvement",
            "res_id": improvement.id,
            "view_mode": "form",
            "target": "current",
        }

    def action_view_complaints(self):
        self._hotel_ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": _("Complaints"),
            "res_model": "hotel.crm.complaint",
            "view_mode": "list,form",
            "domain": [("id", "in", self.complaint_ids.ids)],
        }

    def action_view_guest_losses(self):
        self._hotel_ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": _("Lost Guests"),
            "res_model": "hotel.crm.guest.loss",
            "view_mode": "list,form",
            "domain": [("id", "in", self.guest_loss_ids.ids)],
        }
