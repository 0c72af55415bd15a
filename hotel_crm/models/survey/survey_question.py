from odoo import api, fields, models
from odoo.exceptions import ValidationError

from .metrics import METRIC_SELECTION, METRICS


class SurveyQuestion(models.Model):
    _inherit = "survey.question"

    hotel_metric = fields.Selection(
        METRIC_SELECTION,
        index=True,
        help="The guest-satisfaction metric this question feeds, whatever its wording or language: "
        "CSAT 1-5, NPS 0-10, CES 1-7, the service-quality dimensions 1-5, or the free-text comment. "
        "Scored metrics need a Scale (or Numerical Value) question with the metric's range.",
    )

    @api.constrains("hotel_metric", "question_type", "scale_min", "scale_max", "survey_id")
    def _check_hotel_metric(self):
        for question in self.filtered("hotel_metric"):
            metric = question.hotel_metric
            if metric == "comment":
                if question.question_type not in ("text_box", "char_box"):
                    raise ValidationError(
                        self.env._(
                            "Question %(question)s: the Comment metric needs a text question.",
                            question=question.title,
                        )
                    )
                continue
            _label, low, high = METRICS[metric]
            if question.question_type == "scale":
                if (question.scale_min, question.scale_max) != (low, high):
                    raise ValidationError(
                        self.env._(
                            "Question %(question)s: the %(metric)s metric is scored from %(low)s to %(high)s; "
                            "set the scale to %(low)s-%(high)s.",
                            question=question.title,
                            metric=question._hotel_metric_label(),
                            low=low,
                            high=high,
                        )
                    )
            elif question.question_type != "numerical_box":
                raise ValidationError(
                    self.env._(
                        "Question %(question)s: the %(metric)s metric needs a Scale or Numerical Value question.",
                        question=question.title,
                        metric=question._hotel_metric_label(),
                    )
                )
            duplicate = question.survey_id.question_ids.filtered(
                lambda q, q0=question: q.hotel_metric == q0.hotel_metric and q != q0
            )
            if duplicate:
                raise ValidationError(
                    self.env._(
                        "Survey %(survey)s: the %(metric)s metric is already asked by question %(other)s.",
                        survey=question.survey_id.title,
                        metric=question._hotel_metric_label(),
                        other=duplicate[0].title,
                    )
                )

    def _hotel_metric_label(self):
        self.ensure_one()
        return dict(self._fields["hotel_metric"]._description_selection(self.env)).get(self.hotel_metric)
