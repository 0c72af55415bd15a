from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    # one room per capability: the training fields apart from the rest of the addon
    _inherit = "res.config.settings"  # pylint: disable=consider-merging-classes-inherited

    hotel_training_followup_days = fields.Integer(related="company_id.hotel_training_followup_days", readonly=False)
    hotel_training_expiry_reminder_days = fields.Integer(
        related="company_id.hotel_training_expiry_reminder_days", readonly=False
    )
    # the effect report compares complaint handling across properties: one setting for all
    hotel_training_effect_window_days = fields.Integer(
        string="Effect Window (days)",
        config_parameter="hotel_crm.training_effect_window_days",
        default=90,
        help="Length of the windows before and after an employee's first passed complaint-handling course.",
    )
    hotel_training_effect_min_sample = fields.Integer(
        string="Smallest Reliable Sample",
        config_parameter="hotel_crm.training_effect_min_sample",
        default=5,
        help="Groups with fewer complaints than this are flagged as small samples in the effect report.",
    )
