from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import AccessError, ValidationError
from odoo.tools import SQL

from .metrics import METRIC_FIELDS, METRICS, NPS_BANDS, NullableInteger, metric_label, nps_band

ANSWER_CHANNELS = [
    ("email", "E-mail"),
    ("sms", "SMS"),
    ("phone", "Phone"),
    ("in_person", "In Person"),
]
SEVERITY_RANK = {"low": 1, "medium": 2, "high": 3}


class SurveyUserInput(models.Model):
    _inherit = "survey.user_input"

    hotel_stay_id = fields.Many2one(
        "hotel.crm.stay", string="Stay", index="btree_not_null", readonly=True, ondelete="set null"
    )
    hotel_company_id = fields.Many2one(
        "res.company",
        string="Property",
        index="btree_not_null",
        compute="_compute_hotel_company_id",
        store=True,
        readonly=True,
        help="The property of the surveyed stay (a survey itself belongs to no property).",
    )
    hotel_invitation_id = fields.Many2one(
        "hotel.crm.survey.invitation", string="Invitation", readonly=True, index="btree_not_null", copy=False
    )
    hotel_channel = fields.Selection(
        ANSWER_CHANNELS,
        string="Answer Channel",
        readonly=True,
        help="How the guest answered: by the e-mailed or texted link, or to staff by phone or in person.",
    )
    hotel_csat = NullableInteger(
        string="CSAT", compute="_compute_hotel_metrics", store=True, aggregator="avg", help="Overall satisfaction, 1-5."
    )
    hotel_nps = NullableInteger(
        string="NPS Score",
        compute="_compute_hotel_metrics",
        store=True,
        aggregator="avg",
        help="Likelihood to recommend, 0-10.",
    )
    hotel_ces = NullableInteger(
        string="CES", compute="_compute_hotel_metrics", store=True, aggregator="avg", help="Ease, 1-7 (7 = easy)."
    )
    hotel_reliability = NullableInteger(
        string="Reliability", compute="_compute_hotel_metrics", store=True, aggregator="avg"
    )
    hotel_responsiveness = NullableInteger(
        string="Responsiveness", compute="_compute_hotel_metrics", store=True, aggregator="avg"
    )
    hotel_assurance = NullableInteger(
        string="Assurance", compute="_compute_hotel_metrics", store=True, aggregator="avg"
    )
    hotel_empathy = NullableInteger(string="Empathy", compute="_compute_hotel_metrics", store=True, aggregator="avg")
    hotel_tangibles = NullableInteger(
        string="Tangibles", compute="_compute_hotel_metrics", store=True, aggregator="avg"
    )
    hotel_personalisation = NullableInteger(
        string="Preferences Served",
        compute="_compute_hotel_metrics",
        store=True,
        aggregator="avg",
        help="'We knew and served your preferences', 1-5: the guest's view of personalised service.",
    )
    hotel_value = NullableInteger(
        string="Value for Money", compute="_compute_hotel_metrics", store=True, aggregator="avg"
    )
    hotel_comment = fields.Text(string="Guest Comment", compute="_compute_hotel_metrics", store=True)
    hotel_nps_band = fields.Selection(NPS_BANDS, string="NPS Band", compute="_compute_hotel_nps_band", store=True)
    hotel_complaint_id = fields.Many2one(
        "hotel.crm.complaint",
        string="Recovery Complaint",
        readonly=True,
        copy=False,
        index="btree_not_null",
        help="The complaint this low answer opened.",
    )

    @api.depends("hotel_stay_id.company_id", "hotel_invitation_id.company_id")
    def _compute_hotel_company_id(self):
        for answer in self:
            answer.hotel_company_id = answer.hotel_stay_id.company_id or answer.hotel_invitation_id.company_id

    @api.depends(
        "user_input_line_ids.skipped",
        "user_input_line_ids.answer_type",
        "user_input_line_ids.value_scale",
        "user_input_line_ids.value_numerical_box",
        "user_input_line_ids.value_text_box",
        "user_input_line_ids.value_char_box",
        "user_input_line_ids.question_id.hotel_metric",
    )
    def _compute_hotel_metrics(self):
        """Read each tagged question's answer; a skipped or out-of-range answer leaves the metric empty."""
        for answer in self:
            values = dict.fromkeys(METRICS)
            comment = False
            for line in answer.user_input_line_ids:
                metric = line.question_id.hotel_metric
                if not metric or line.skipped:
                    continue
                if metric == "comment":
                    comment = line.value_text_box or line.value_char_box or comment
                    continue
                if line.answer_type == "scale":
                    score = line.value_scale
                elif line.answer_type == "numerical_box":
                    score = line.value_numerical_box
                else:
                    continue
                _label, low, high = METRICS[metric]
                if score == int(score) and low <= score <= high:
                    values[metric] = int(score)
            for metric, fname in METRIC_FIELDS.items():
                answer[fname] = values[metric]
            answer.hotel_comment = comment

    @api.depends("hotel_nps")
    def _compute_hotel_nps_band(self):
        for answer in self:
            answer.hotel_nps_band = nps_band(answer.hotel_nps)

    @api.model_create_multi
    def create(self, vals_list):
        self._hotel_check_metric_values(vals_list)
        return super().create(vals_list)

    def write(self, vals):
        self._hotel_check_metric_values([vals])
        return super().write(vals)

    def _hotel_check_metric_values(self, vals_list):
        """The scores are read from the guest's answers (``_compute_hotel_metrics``): nobody writes
        them but trusted server code, and never outside their scale (a CSAT of 99 would skew every
        average). :raise AccessError: a user writes a score; :raise ValidationError: out of scale"""
        for vals in vals_list:
            for metric, fname in METRIC_FIELDS.items():
                if not isinstance(vals, dict) or fname not in vals:
                    continue
                field = self._fields[fname]
                _label, low, high = METRICS[metric]
                if not self.env.su:
                    # who may not write the answer at all gets Odoo's refusal, which names nothing
                    self.check_access("write" if self else "create")
                    raise AccessError(
                        self.env._(
                            "%(record)s, field “%(field)s”: the score is read from the guest's answers, "
                            "it cannot be written.",
                            record=self._hotel_metric_record_name(),
                            field=field._description_string(self.env),
                        )
                    )
                value = vals[fname]
                if value is None or value is False:
                    continue
                if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
                    raise ValidationError(
                        self.env._(
                            "%(record)s, field “%(field)s”: %(value)s is not a score from %(low)s to %(high)s.",
                            record=self._hotel_metric_record_name(),
                            field=field._description_string(self.env),
                            value=repr(value)[:40],
                            low=low,
                            high=high,
                        )
                    )

    def _hotel_metric_record_name(self):
        if len(self) == 1:
            return self.display_name
        if not self:
            return self.env._("new survey answer")
        return self.env._("%(count)s survey answers", count=len(self))

    # ------------------------------------------------------------------
    # Recovery: a low answer opens one complaint
    # ------------------------------------------------------------------
    def _mark_done(self):
        res = super()._mark_done()
        self._hotel_open_recovery()
        return res

    def _hotel_thresholds(self):
        """``{metric: highest low score}`` of the answer's property (Settings > Guest Voice)."""
        self.ensure_one()
        company = self.hotel_company_id
        thresholds = {
            "csat": company.hotel_low_csat,
            "nps": company.hotel_low_nps,
            "ces": company.hotel_low_ces,
        }
        for dimension in ("reliability", "responsiveness", "assurance", "empathy", "tangibles"):
            thresholds[dimension] = company.hotel_low_dimension
        return thresholds

    def _hotel_low_metrics(self):
        """The answer's scores at or below the property's thresholds: ``[(metric, score), ...]``."""
        self.ensure_one()
        low = []
        for metric, threshold in self._hotel_thresholds().items():
            score = self[METRIC_FIELDS[metric]]
            if score is not False and score is not None and score <= threshold:
                low.append((metric, score))
        return low

    @api.model
    def _hotel_severity(self, low_metrics):
        """Severity of a recovery complaint from its lowest score, by its place on the metric's scale:
        bottom 20 % of the scale (e.g. CSAT 1, NPS 0-1, CES 1-2) high, bottom 40 % medium, else low."""
        severity = "low"
        for metric, score in low_metrics:
            _label, low, high = METRICS[metric]
            position = (score - low) / (high - low)
            level = "high" if position < 0.2 else "medium" if position < 0.4 else "low"
            if SEVERITY_RANK[level] > SEVERITY_RANK[severity]:
                severity = level
        return severity

    def _hotel_open_recovery(self):
        """Open one complaint (channel survey) for each completed answer with a low score.

        The answer rows are locked and re-read first, so two workers completing or re-processing the
        same answer never open two complaints. The guest relations user gets an activity to contact
        the guest within the complaint's response SLA.

        :return: the complaints created (``hotel.crm.complaint``)
        """
        Complaint = self.env["hotel.crm.complaint"].sudo()
        todo = self.filtered(
            lambda a: a.state == "done" and not a.test_entry and a.partner_id and a.hotel_company_id
        ).filtered(lambda a: not a.hotel_complaint_id and a._hotel_low_metrics())
        if not todo:
            return Complaint
        self.flush_recordset(["hotel_complaint_id"])
        self.env.cr.execute(
            SQL(
                "SELECT id FROM survey_user_input WHERE id IN %s AND hotel_complaint_id IS NULL ORDER BY id FOR UPDATE",
                tuple(todo.ids),
            )
        )
        free = {row[0] for row in self.env.cr.fetchall()}
        todo.invalidate_recordset(["hotel_complaint_id"])
        for answer in todo.sudo().filtered(lambda a: a.id in free and not a.hotel_complaint_id):
            complaint = Complaint.create(answer._hotel_prepare_complaint_vals())
            answer.hotel_complaint_id = complaint
            answer._hotel_schedule_contact(complaint)
            Complaint |= complaint
        return Complaint

    def _hotel_prepare_complaint_vals(self):
        """Values of the recovery complaint of this answer; override to route or categorise it."""
        self.ensure_one()
        _ = self.env._
        low = self._hotel_low_metrics()
        scores = ", ".join(f"{metric_label(self.env, metric)} {score}" for metric, score in low)
        description = _("Low post-stay survey answer: %(scores)s.", scores=scores)
        if self.hotel_comment:
            description = f"{description}\n{self.hotel_comment}"
        stay = self.hotel_stay_id
        return {
            "name": _("Low survey answer: %(scores)s", scores=scores),
            "channel": "survey",
            # a low score and its free text are a complaint, whatever the defaults say
            "feedback_type": "complaint",
            "partner_id": self.partner_id.id,
            "stay_id": stay.id if stay.partner_id == self.partner_id else False,
            "company_id": self.hotel_company_id.id,
            "severity": self._hotel_severity(low),
            "description": Markup("<p>%s</p>") % Markup("<br/>").join(description.split("\n")),
            "hotel_survey_input_id": self.id,
        }

    def _hotel_schedule_contact(self, complaint):
        """Ask the complaint's responsible (else the property's guest relations) to call the guest."""
        self.ensure_one()
        user = (
            complaint.user_id
            or complaint.company_id.hotel_guest_relations_user_id
            or self.survey_id.user_id
            or self.env.ref("base.user_admin")
        )
        deadline = complaint.response_deadline or fields.Datetime.now()
        complaint.activity_schedule(
            "mail.mail_activity_data_call",
            date_deadline=complaint.company_id._hotel_localize(deadline).date(),  # the property's day
            user_id=user.id,
            summary=self.env._("Contact %(guest)s about their survey answer", guest=self.partner_id.name),
        )

    def action_hotel_view_complaint(self):
        self._hotel_ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "hotel.crm.complaint",
            "res_id": self.hotel_complaint_id.id,
            "view_mode": "form",
        }
