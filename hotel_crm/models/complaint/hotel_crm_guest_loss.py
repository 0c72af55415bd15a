from collections import Counter

from markupsafe import Markup

from odoo import _, api, fields, models
from odoo.exceptions import UserError


class HotelCrmGuestLoss(models.Model):
    """Improvement actions started from lost-guest analyses, not only from complaints."""

    _inherit = "hotel.crm.guest.loss"  # pylint: disable=consider-merging-classes-inherited

    improvement_ids = fields.Many2many(
        "hotel.crm.improvement",
        "hotel_crm_improvement_guest_loss_rel",
        "guest_loss_id",
        "improvement_id",
        string="Improvement Actions",
    )
    improvement_count = fields.Integer(compute="_compute_improvement_count")

    @api.depends("improvement_ids")
    def _compute_improvement_count(self):
        for loss in self:
            loss.improvement_count = len(loss.improvement_ids)

    def action_create_improvement(self):
        """'Create improvement' on lost-guest analyses of one property: a PDCA action (Plan stage)
        whose current situation is their reasons and improvement proposals.

        :return: the window action opening the new ``hotel.crm.improvement``
        :raise UserError: nothing selected, or analyses of several properties
        """
        if not self:
            raise UserError(_("Select the lost-guest analyses the improvement action addresses."))
        reasons = Counter(loss.reason for loss in self if loss.reason)
        reason = reasons.most_common(1)[0][0] if reasons else False
        labels = dict(self._fields["reason"]._description_selection(self.env))
        topic = labels[reason] if reason else _("lost guests")
        problem = Markup("").join(
            Markup("<p><strong>%s</strong> (%s)</p>%s")
            % (loss.partner_id.display_name, labels.get(loss.reason, "-"), loss.improvement_proposal or "")
            for loss in self
        )
        return self.env["hotel.crm.improvement"]._hotel_start_from(
            self,
            _(
                "The selected lost guests belong to several properties (%(companies)s): create one improvement "
                "action per property."
            ),
            {
                "name": _("Keep guests we lose to: %(topic)s", topic=topic),
                "guest_loss_ids": [fields.Command.set(self.ids)],
                "problem": problem,
                "target_metric": _("Lost guests per quarter"),
            },
        )

    def action_view_improvements(self):
        self._hotel_ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": _("Improvement Actions"),
            "res_model": "hotel.crm.improvement",
            "view_mode": "kanban,list,form",
            "domain": [("id", "in", self.improvement_ids.ids)],
        }
