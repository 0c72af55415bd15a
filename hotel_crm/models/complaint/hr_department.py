from odoo import fields, models


class HrDepartment(models.Model):
    _inherit = "hr.department"

    hotel_complaint_user_id = fields.Many2one(
        "res.users",
        string="Complaint Responsible",
        help="Default responsible of the complaints routed to this department and first recipient of its "
        "SLA breach notifications. Empty: the department manager.",
    )

    def _hotel_complaint_responsible(self):
        self.ensure_one()
        return self.hotel_complaint_user_id or self.manager_id.user_id
