from odoo import fields, models


class HotelCrmComplaintStage(models.Model):
    """A stage of complaint handling: seven are shipped as data (received, confirmed, analysed,
    solution proposed, executing, follow-up, closed)."""

    _name = "hotel.crm.complaint.stage"
    _description = "Complaint Stage"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    description = fields.Text(translate=True, help="What the staff does in this step.")
    fold = fields.Boolean(string="Folded in Kanban", help="Closed stages are folded in the kanban view.")
    is_new = fields.Boolean(
        string="Received Stage",
        help="The complaint is received but nobody answered the guest yet. Leaving a stage with this "
        "flag stamps the first response date.",
    )
    is_resolved = fields.Boolean(
        string="Resolved",
        help="Entering this stage stamps the resolution date (SLA resolution met); leaving it for an "
        "unresolved stage clears it again.",
    )
    is_closed = fields.Boolean(string="Closed", help="The complaint is archived: handling is over.")
    active = fields.Boolean(default=True)
