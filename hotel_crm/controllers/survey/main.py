from odoo.exceptions import AccessError
from odoo.http import request

from odoo.addons.survey.controllers.main import Survey

STAFF_CHANNELS = ("phone", "in_person")


class HotelSurvey(Survey):
    """Odoo's survey pages refuse a signed-in user an answer that belongs to another partner
    (``answer_wrong_user``). An answer staff record for a stay (*Record survey*, channel phone or
    in person) belongs to the guest but is typed in by the front desk: staff who may change the
    stay fill it in, with its token, until it is submitted. Anyone else still gets Odoo's refusal."""

    def _check_validity(self, survey_token, answer_token, ensure_token=True, check_partner=True):
        validity = super()._check_validity(
            survey_token, answer_token, ensure_token=ensure_token, check_partner=check_partner
        )
        if validity != "answer_wrong_user" or not answer_token:
            return validity
        answer_sudo = self._fetch_from_access_token(survey_token, answer_token)[1]
        if not self._hotel_staff_may_record(answer_sudo):
            return validity
        return super()._check_validity(survey_token, answer_token, ensure_token=ensure_token, check_partner=False)

    def _hotel_staff_may_record(self, answer_sudo):
        """The signed-in user records ``answer_sudo`` for the guest: an unfinished answer taken by
        phone or in person for a stay the user may write (Hotel CRM user at the stay's property)."""
        user = request.env.user
        if (
            user._is_public()
            or not answer_sudo
            or answer_sudo.state == "done"
            or answer_sudo.hotel_channel not in STAFF_CHANNELS
            or not answer_sudo.hotel_stay_id
            or not user.has_group("hotel_crm.hotel_crm_group_user")
        ):
            return False
        try:
            answer_sudo.hotel_stay_id.with_user(user).check_access("write")
        except AccessError:
            return False
        return True
