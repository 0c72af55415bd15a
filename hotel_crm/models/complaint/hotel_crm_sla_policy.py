from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

from .common import SEVERITIES


class HotelCrmSlaPolicy(models.Model):
    """First-response and resolution targets per property and severity.

    A policy without property applies to every property that has no policy of its own for the
    severity.
    """

    _name = "hotel.crm.sla.policy"
    _description = "Complaint SLA Policy"
    _order = "company_id, severity_order, id"

    name = fields.Char(required=True, translate=True)
    company_id = fields.Many2one(
        "res.company", string="Property", index=True, help="Leave empty to apply to every property."
    )
    severity = fields.Selection(SEVERITIES, required=True)
    severity_order = fields.Integer(compute="_compute_severity_order", store=True)
    response_hours = fields.Float(string="First Response (hours)", required=True)
    resolution_hours = fields.Float(string="Resolution (hours)", required=True)
    active = fields.Boolean(default=True)

    @api.depends("severity")
    def _compute_severity_order(self):
        order = {key: i for i, (key, _label) in enumerate(SEVERITIES)}
        for policy in self:
            policy.severity_order = order.get(policy.severity, 0)

    @api.constrains("company_id", "severity", "active", "response_hours", "resolution_hours")
    def _check_policy(self):
        for policy in self:
            if policy.response_hours <= 0 or policy.resolution_hours < policy.response_hours:
                raise ValidationError(
                    _(
                        "SLA policy %(policy)s: the first response must take more than 0 hours and the "
                        "resolution at least as long as the first response.",
                        policy=policy.name,
                    )
                )
            if not policy.active:
                continue
            duplicate = self.search_count(
                [
                    ("id", "!=", policy.id),
                    ("company_id", "=", policy.company_id.id),
                    ("severity", "=", policy.severity),
                ]
            )
            if duplicate:
                raise ValidationError(
                    _(
                        "SLA policy %(policy)s: there is already an active policy for severity %(severity)s "
                        "and property %(company)s.",
                        policy=policy.name,
                        severity=dict(SEVERITIES)[policy.severity],
                        company=policy.company_id.name or _("all properties"),
                    )
                )

    @api.model
    def _hotel_policy_map(self, companies):
        """``{(company_id or False, severity): policy}`` for the given companies and the shared ones."""
        policies = self.sudo().search([("company_id", "in", [*companies.ids, False])])
        return {(p.company_id.id or False, p.severity): p for p in policies}
