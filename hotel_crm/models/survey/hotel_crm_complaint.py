from odoo import api, fields, models
from odoo.exceptions import ValidationError


class HotelCrmComplaint(models.Model):
    _inherit = "hotel.crm.complaint"  # pylint: disable=consider-merging-classes-inherited

    hotel_survey_input_id = fields.Many2one(
        "survey.user_input",
        string="Survey Answer",
        readonly=True,
        copy=False,
        index="btree_not_null",
        groups="hotel_crm.hotel_crm_group_user",
        help="The post-stay survey answer whose low score opened this complaint.",
    )
    hotel_review_ids = fields.One2many(
        "hotel.crm.review", "complaint_id", string="Online Reviews", groups="hotel_crm.hotel_crm_group_user"
    )

    def _hotel_protected_fields(self):
        # the answer that opened the complaint is linked by the survey recovery, never by a client
        return {**super()._hotel_protected_fields(), "hotel_survey_input_id": None}

    @api.constrains("stage_id", "cause")
    def _check_hotel_survey_root_cause(self):
        """A complaint opened by a survey answer is closed only once its root cause is known: the cause
        is what the improvement actions are built from."""
        for complaint in self.sudo():
            if complaint.hotel_survey_input_id and complaint.is_closed and not complaint.cause:
                raise ValidationError(
                    self.env._(
                        "Complaint %(complaint)s came from a survey answer: set its root cause (field Cause) "
                        "before closing it.",
                        complaint=complaint.display_name,
                    )
                )
