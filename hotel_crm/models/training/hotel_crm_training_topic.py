from odoo import fields, models


class HotelCrmTrainingTopic(models.Model):
    """What a course teaches: the CRM concept, customer needs analysis, communication skills,
    satisfaction surveys and feedback, complaint handling, crisis drill (shipped as data)."""

    _name = "hotel.crm.training.topic"
    _description = "Training Topic"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    code = fields.Char(help="Technical key, unique; used by reports and integrations.")
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    description = fields.Text(translate=True)
    complaint_handling = fields.Boolean(
        help="Courses on this topic train complaint handling: the training effect report compares the "
        "complaints an employee handled before and after their first passed course on such a topic."
    )

    _sql_constraints = [("code_unique", "UNIQUE(code)", "A training topic code must be unique.")]
