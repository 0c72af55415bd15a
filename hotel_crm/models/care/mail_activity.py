from odoo import models

from .hotel_crm_stay_check import ACTIVITY_TYPE


class MailActivity(models.Model):
    """A courtesy call marked done from the chatter records an outcome on its in-stay check."""

    _inherit = "mail.activity"

    def _action_done(self, feedback=False, attachment_ids=None):
        call_type = self.env.ref(ACTIVITY_TYPE, raise_if_not_found=False)
        calls = self.filtered(lambda a: a.res_model == "hotel.crm.stay.check" and a.activity_type_id == call_type)
        if call_type and calls:
            # before super(): it deletes the activities (calls marked done by Satisfied / Issue
            # come here too, with the outcome already recorded: nothing more happens)
            self.env["hotel.crm.stay.check"]._hotel_calls_done(calls, feedback=feedback)
        return super()._action_done(feedback=feedback, attachment_ids=attachment_ids)
