from odoo import fields, models


class HotelCrmComplaintCategory(models.Model):
    _name = "hotel.crm.complaint.category"
    _description = "Complaint Category"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    code = fields.Char(required=True, help="Technical code used by integrations and imports.")
    sequence = fields.Integer(default=10)
    department_id = fields.Many2one(
        "hr.department",
        string="Default Department",
        help="Complaints of this category are routed to this department.",
    )
    crisis_type_id = fields.Many2one(
        "hotel.crm.crisis.type",
        help="The crisis plan a critical complaint of this category follows by default (e.g. food safety for "
        "food and beverage).",
    )
    active = fields.Boolean(default=True)

    _sql_constraints = [
        ("code_unique", "UNIQUE(code)", "The code of a complaint category must be unique."),
    ]
