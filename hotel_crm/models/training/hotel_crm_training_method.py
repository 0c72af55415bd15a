from odoo import fields, models


class HotelCrmTrainingMethod(models.Model):
    """How a course is taught: lecture, case study, simulation / role play, on-the-job practice."""

    _name = "hotel.crm.training.method"
    _description = "Training Method"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    code = fields.Char(help="Technical key, unique.")
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    description = fields.Text(translate=True)

    _sql_constraints = [("code_unique", "UNIQUE(code)", "A training method code must be unique.")]
