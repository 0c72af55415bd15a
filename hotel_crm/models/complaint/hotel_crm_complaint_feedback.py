from markupsafe import Markup

from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError

from .common import FEEDBACK_TYPES, STAFF

# an e-mail whose subject starts with one of these words (after brackets and punctuation) is a
# suggestion or a compliment; any other e-mail to the complaint alias is a complaint. The
# suggestions@ and compliments@ aliases set the type whatever the subject says.
FEEDBACK_SUBJECT_KEYWORDS = {
    "suggestion": ("suggestion", "idea", "建议", "意见建议"),
    "compliment": ("compliment", "praise", "表扬", "感谢", "致谢"),
}


class HotelCrmComplaint(models.Model):
    """Suggestions and compliments beside complaints, on the same record and intake paths.

    A *complaint* is handled in seven steps under an SLA, with the 14-step checklist, recovery and
    the crisis plan; a *suggestion* may start an improvement action; a *compliment* names the
    employees concerned and feeds the staff-recognition report. The complaint KPIs and reports
    count complaints only (``feedback_type = 'complaint'``).
    """

    _inherit = "hotel.crm.complaint"  # pylint: disable=consider-merging-classes-inherited

    feedback_type = fields.Selection(
        FEEDBACK_TYPES,
        string="Type",
        required=True,
        default="complaint",
        index=True,
        tracking=True,
        help="Complaint: handled under an SLA and counted in the complaint KPIs. Suggestion: an idea of the "
        "guest, which may start an improvement action. Compliment: praise for the staff named on it.",
    )
    employee_ids = fields.Many2many(
        "hr.employee",
        "hotel_crm_complaint_employee_rel",
        "complaint_id",
        "employee_id",
        string="Employees Praised",
        check_company=True,
        groups=STAFF,
        help="The employees the guest praises; each one counts in the staff-recognition report.",
    )

    # ------------------------------------------------------------------
    # Complaints only: SLA, recovery, checklist, crisis plan
    # ------------------------------------------------------------------
    @api.depends("feedback_type")
    def _compute_sla_deadlines(self):
        """No SLA for suggestions and compliments: no policy, no deadlines, hence no breach."""
        complaints = self.filtered(lambda c: c.feedback_type == "complaint")
        others = self - complaints
        others.sla_policy_id = False
        others.response_deadline = False
        others.resolution_deadline = False
        return super(HotelCrmComplaint, complaints)._compute_sla_deadlines()

    @api.depends("feedback_type")
    def _compute_recovered(self):
        """Only a complaint is recovered: a guest who praised us was never lost."""
        complaints = self.filtered(lambda c: c.feedback_type == "complaint")
        (self - complaints).recovered = False
        return super(HotelCrmComplaint, complaints)._compute_recovered()

    def _hotel_create_checklist(self):
        return super(
            HotelCrmComplaint, self.filtered(lambda c: c.feedback_type == "complaint")
        )._hotel_create_checklist()

    def _hotel_on_resolved(self):
        return super(HotelCrmComplaint, self.filtered(lambda c: c.feedback_type == "complaint"))._hotel_on_resolved()

    def _hotel_start_crisis(self):
        return super(HotelCrmComplaint, self.filtered(lambda c: c.feedback_type == "complaint"))._hotel_start_crisis()

    def write(self, vals):
        if "feedback_type" not in vals:
            return super().write(vals)
        before = {complaint.id: complaint.feedback_type for complaint in self}
        self._hotel_check_feedback_type_change(vals["feedback_type"])
        res = super().write(vals)
        changed = self.filtered(lambda c: before[c.id] != c.feedback_type)
        if changed:
            # deadlines appeared or vanished: re-evaluate the breaches, clearing those without SLA
            changed._hotel_sla_evaluate(fields.Datetime.now(), reset=True)
            became = changed.filtered(lambda c: c.feedback_type == "complaint")
            became.filtered(lambda c: not c.sudo().checklist_ids)._hotel_create_checklist()
            (changed - became).sudo().checklist_ids.unlink()
            became.filtered(lambda c: c.severity == "critical")._hotel_start_crisis()
        return res

    def _hotel_check_feedback_type_change(self, new_type):
        """Refuse a user's relabelling of a complaint already under way.

        Turning a complaint into a suggestion or compliment clears its SLA breach and deletes its
        checklist: a user may correct the type of a fresh complaint, a Hotel CRM manager that of
        any (the change is tracked).

        :raise AccessError: a non-manager changes the type of a complaint that breached its SLA,
            is critical, or has a checklist step done
        """
        if self._hotel_is_trusted() or self._hotel_is_manager():
            return
        under_way = self.sudo().filtered(
            lambda c: (
                c.feedback_type == "complaint"
                and c.feedback_type != new_type
                and (c.sla_breached or c.severity == "critical" or any(c.checklist_ids.mapped("done")))
            )
        )
        if under_way:
            raise AccessError(
                _(
                    "Complaint %(complaint)s, field “Type”: the complaint breached its SLA, is critical or its "
                    "handling has started; only a Hotel CRM manager may change its type.",
                    complaint=under_way[0].with_env(self.env).display_name,
                )
            )

    # ------------------------------------------------------------------
    # E-mail intake
    # ------------------------------------------------------------------
    @api.model
    def _hotel_feedback_type_from_subject(self, subject):
        """The feedback type an e-mail subject announces.

        :param str subject: the e-mail's subject
        :return: ``"suggestion"`` or ``"compliment"`` when the subject starts with one of
            :data:`FEEDBACK_SUBJECT_KEYWORDS` (case-insensitive, after brackets, ``Re:``/``Fwd:``
            and punctuation), else ``False`` (a complaint)
        """
        text = (subject or "").strip().lower()
        for prefix in ("re:", "fw:", "fwd:", "回复：", "转发："):
            if text.startswith(prefix):
                text = text[len(prefix) :].strip()
        text = text.lstrip(" [](){}【】「」:：-–—*#!！")
        for kind, keywords in FEEDBACK_SUBJECT_KEYWORDS.items():
            if any(text.startswith(keyword) for keyword in keywords):
                return kind
        return False

    @api.model
    def message_new(self, msg_dict, custom_values=None):
        """E-mail intake of suggestions and compliments: the alias's default type wins, else a
        keyword at the start of the subject (:meth:`_hotel_feedback_type_from_subject`).
        :raise UserError: see :meth:`_hotel_check_mail_input`"""
        self._hotel_check_mail_input(msg_dict, custom_values)
        values = dict(custom_values or {})
        if not values.get("feedback_type"):
            kind = self._hotel_feedback_type_from_subject(msg_dict.get("subject"))
            if kind:
                values["feedback_type"] = kind
        if values.get("feedback_type") in ("suggestion", "compliment") and not (msg_dict.get("subject") or "").strip():
            values.setdefault(
                "name",
                _("Suggestion by e-mail") if values["feedback_type"] == "suggestion" else _("Compliment by e-mail"),
            )
        return super().message_new(msg_dict, custom_values=values)

    # ------------------------------------------------------------------
    # Suggestions start improvement actions
    # ------------------------------------------------------------------
    def action_create_improvement(self):
        """'Create improvement' on complaints (super) or on suggestions: a PDCA action linked to them.

        :raise UserError: compliments, or complaints and suggestions mixed, are selected
        """
        kinds = set(self.mapped("feedback_type"))
        if "compliment" in kinds:
            raise UserError(
                _(
                    "%(records)s: a compliment does not start an improvement action; select complaints or suggestions.",
                    records=", ".join(self.filtered(lambda c: c.feedback_type == "compliment").mapped("display_name")),
                )
            )
        if kinds == {"suggestion"}:
            return self._hotel_improvement_from_suggestions()
        if len(kinds) > 1:
            raise UserError(
                _("Select either complaints or suggestions: one improvement action answers one kind of feedback.")
            )
        return super().action_create_improvement()

    def _hotel_improvement_from_suggestions(self):
        """An improvement action (Plan stage) taking up these suggestions of one property.

        :return: the window action opening the new ``hotel.crm.improvement``
        """
        if len(self) == 1:
            name = _("Guest suggestion: %(subject)s", subject=self.name)
        else:
            name = _("%(count)s guest suggestions", count=len(self))
        problem = Markup("").join(
            Markup("<p><strong>%s</strong></p>%s") % (suggestion.display_name, suggestion.description or "")
            for suggestion in self
        )
        categories = self.category_id
        return self.env["hotel.crm.improvement"]._hotel_start_from(
            self,
            _(
                "The selected suggestions belong to several properties (%(companies)s): create one improvement "
                "action per property."
            ),
            {
                "name": name,
                "category_id": categories[:1].id if len(categories) == 1 else False,
                "complaint_ids": [fields.Command.set(self.ids)],
                "problem": problem,
            },
        )
