from odoo import fields, models


class HotelCrmCrisisType(models.Model):
    """A kind of crisis with a plan of its own (food safety, security incident, public-opinion storm,
    service outage, ...): a critical complaint of this type gets the general crisis steps plus the
    steps of its type."""

    _name = "hotel.crm.crisis.type"
    _description = "Crisis Type"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    code = fields.Char(required=True, help="Technical key, unique.")
    sequence = fields.Integer(default=10)
    description = fields.Text(translate=True)
    active = fields.Boolean(default=True)
    step_ids = fields.One2many("hotel.crm.crisis.step", "crisis_type_id", string="Steps of this Type")

    _sql_constraints = [("code_unique", "UNIQUE(code)", "The code of a crisis type must be unique.")]
