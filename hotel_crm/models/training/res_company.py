from odoo import fields, models


class ResCompany(models.Model):
    # one room per capability: the training fields apart from the rest of the addon
    _inherit = "res.company"  # pylint: disable=consider-merging-classes-inherited

    hotel_training_followup_days = fields.Integer(
        string="Training Follow-up After (days)",
        default=30,
        help="Days after a training session when the attendee's manager evaluates them on the job.",
    )
    hotel_training_expiry_reminder_days = fields.Integer(
        string="Training Expiry Reminder (days before)",
        default=30,
        help="Days before a passed course expires when the employee is reminded to renew it.",
    )

    _sql_constraints = [
        (
            "hotel_training_days_positive",
            "CHECK(hotel_training_followup_days >= 0 AND hotel_training_expiry_reminder_days >= 0)",
            "Training delays cannot be negative.",
        ),
    ]
