from odoo import fields, models


class ResCompany(models.Model):
    _inherit = "res.company"  # pylint: disable=consider-merging-classes-inherited

    hotel_complaint_recovery_days = fields.Integer(
        string="Recovery Window (days)",
        default=365,
        help="A complaint counts as recovered when the guest checks out another stay that began within this "
        "many days after the complaint was resolved.",
    )
    hotel_complaint_escalation_user_id = fields.Many2one(
        "res.users",
        string="Complaint Escalation Manager",
        help="Receives escalated SLA breaches of complaints whose department has no manager.",
    )
