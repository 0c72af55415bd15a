from odoo import api, fields, models


class HotelCrmStay(models.Model):
    _inherit = "hotel.crm.stay"  # pylint: disable=consider-merging-classes-inherited

    hotel_survey_input_ids = fields.One2many(
        "survey.user_input", "hotel_stay_id", string="Survey Answers", groups="hotel_crm.hotel_crm_group_user"
    )
    hotel_survey_invitation_ids = fields.One2many(
        "hotel.crm.survey.invitation", "stay_id", string="Survey Invitation", groups="hotel_crm.hotel_crm_group_user"
    )
    hotel_survey_state = fields.Selection(
        [("none", "Not Surveyed"), ("sent", "Sent"), ("answered", "Answered")],
        string="Survey",
        compute="_compute_hotel_survey_state",
        groups="hotel_crm.hotel_crm_group_user",
    )

    @api.depends("hotel_survey_invitation_ids.answered")
    def _compute_hotel_survey_state(self):
        for stay in self:
            invitation = stay.hotel_survey_invitation_ids[:1]
            stay.hotel_survey_state = (invitation.answered and "answered") or (invitation and "sent") or "none"

    def action_hotel_record_survey(self):
        """'Record survey' on a checked-out stay: open the post-stay survey to fill in with the guest.

        The channel (``phone`` or ``in_person``) comes from the button's context key
        ``hotel_survey_channel``; the answer is linked to the stay like an e-mailed one.
        """
        self._hotel_ensure_one()
        channel = self.env.context.get("hotel_survey_channel", "phone")
        answer = self.env["hotel.crm.survey.invitation"]._hotel_record_for_stay(self, channel)
        return {"type": "ir.actions.act_url", "url": answer.sudo().get_start_url(), "target": "new"}

    def action_hotel_view_survey_answers(self):
        self._hotel_ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Survey Answers"),
            "res_model": "survey.user_input",
            "view_mode": "list,form",
            "views": [(self.env.ref("hotel_crm.survey_user_input_view_list_hotel").id, "list"), (False, "form")],
            "domain": [("hotel_stay_id", "=", self.id)],
        }
