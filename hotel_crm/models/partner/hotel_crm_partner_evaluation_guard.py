from odoo import api, models

from .hotel_crm_partner_evaluation import FIGURE_FIELDS, STANDING_FIELDS


class HotelCrmPartnerEvaluation(models.Model):
    _inherit = "hotel.crm.partner.evaluation"  # pylint: disable=consider-merging-classes-inherited

    def _hotel_protected_fields(self):
        """The total, the measured figures and the standing are computed; the state changes by
        the *Done* and *Reopen* buttons (a manager may also write it). The evaluator is who
        created the scorecard: a user may not sign it in someone else's name (a manager may hand
        it over)."""
        computed = dict.fromkeys(("total_score", *FIGURE_FIELDS, *STANDING_FIELDS))
        return {**super()._hotel_protected_fields(), **computed, "state": "manager", "evaluator_id": "manager"}

    @api.model_create_multi
    def create(self, vals_list):
        return super().create(self._hotel_guard_create(vals_list))

    def _hotel_guard_create_vals(self, vals):
        # a new scorecard is a draft of its creator: the form sends that state and evaluator with
        # the other defaults
        own = {"state": "draft", "evaluator_id": self.env.uid}
        return {k: v for k, v in vals.items() if k not in own or v != own[k]}

    def write(self, vals):
        return super().write(self._hotel_guard_write(vals, company_move=True))


class HotelCrmPartnerEvaluationLine(models.Model):
    _inherit = "hotel.crm.partner.evaluation.line"  # pylint: disable=consider-merging-classes-inherited

    def _hotel_protected_fields(self):
        """A line's weight comes from its criterion when it is created; the criterion and the
        scorecard of an existing line do not change (the weights of a scorecard add up to 100)."""
        protected = {**super()._hotel_protected_fields(), "weight": None, "sequence": None, "weighted_score": None}
        if self:
            protected.update(criterion_id=None, evaluation_id=None)
        return protected

    @api.model_create_multi
    def create(self, vals_list):
        return super().create(self._hotel_guard_create(vals_list))

    def write(self, vals):
        return super().write(self._hotel_guard_write(vals))
