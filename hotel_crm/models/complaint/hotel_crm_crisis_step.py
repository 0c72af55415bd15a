from odoo import fields, models


class HotelCrmCrisisStep(models.Model):
    """A step of the crisis plan, scheduled as an activity on critical complaints.

    The plan shipped as data: respond at once, keep information public and accurate, communicate
    with everyone involved, investigate the cause, act to stop it spreading, restore reputation.
    A step with a crisis type is scheduled only on the critical complaints of that type (e.g. stop
    serving the suspected dish for food safety); one without is part of every crisis plan.
    """

    _name = "hotel.crm.crisis.step"
    _description = "Crisis Plan Step"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    note = fields.Html(translate=True, help="Instructions shown in the scheduled activity.")
    delay_hours = fields.Float(
        string="Due After (hours)", default=0.0, help="Deadline of the activity, counted from the complaint."
    )
    user_id = fields.Many2one(
        "res.users",
        string="Assigned To",
        help="Who carries out this step. Empty: the complaint's responsible, else the first crisis team member.",
    )
    company_id = fields.Many2one("res.company", string="Property", help="Leave empty for every property.")
    crisis_type_id = fields.Many2one(
        "hotel.crm.crisis.type",
        index=True,
        ondelete="restrict",
        help="Leave empty for a general step, scheduled on every critical complaint; else scheduled only on "
        "critical complaints of this type.",
    )
    active = fields.Boolean(default=True)
