from collections import Counter

from odoo import _, api, fields, models
from odoo.exceptions import UserError

from .common import CAUSES, STAFF


class HotelCrmComplaint(models.Model):
    """Improvement actions (PDCA) raised from complaints."""

    _inherit = "hotel.crm.complaint"  # pylint: disable=consider-merging-classes-inherited

    improvement_ids = fields.Many2many(
        "hotel.crm.improvement",
        "hotel_crm_improvement_complaint_rel",
        "complaint_id",
        "improvement_id",
        string="Improvement Actions",
        groups=STAFF,
    )
    improvement_count = fields.Integer(compute="_compute_improvement_count", groups=STAFF)

    @api.depends("improvement_ids")
    def _compute_improvement_count(self):
        for complaint in self:
            complaint.improvement_count = len(complaint.improvement_ids)

    def action_create_improvement(self):
        """'Create improvement' on selected complaints: a PDCA action linked to them."""
        if not self:
            raise UserError(_("Select the complaints the improvement action addresses."))
        causes = Counter(c.cause for c in self if c.cause)
        categories = Counter(c.category_id for c in self if c.category_id)
        cause = causes.most_common(1)[0][0] if causes else False
        category = categories.most_common(1)[0][0] if categories else self.env["hotel.crm.complaint.category"]
        label = category.name or (cause and dict(CAUSES)[cause]) or _("complaints")
        return self.env["hotel.crm.improvement"]._hotel_start_from(
            self,
            _(
                "The selected complaints belong to several properties (%(companies)s): create one improvement "
                "action per property."
            ),
            {
                "name": _("Reduce %(topic)s complaints", topic=label),
                "cause": cause,
                "category_id": category.id,
                "complaint_ids": [fields.Command.set(self.ids)],
                "target_metric": _("Complaints per month"),
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
