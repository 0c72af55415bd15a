from odoo import fields, models


class ResCompany(models.Model):
    _inherit = "res.company"  # pylint: disable=consider-merging-classes-inherited

    hotel_preference_user_id = fields.Many2one(
        "res.users",
        string="Arrival Preferences Responsible",
        help="User who gets the 'prepare guest preferences' activity before each arrival. "
        "Defaults to the user who booked the stay.",
    )
    hotel_preference_lead_days = fields.Integer(
        string="Prepare Preferences (days before arrival)",
        default=1,
    )
