from odoo import api, fields, models
from odoo.exceptions import AccessError, ValidationError


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

    def write(self, vals):
        """The survey answer of a complaint is set by the recovery only: a client unlinking it would
        close a survey-born complaint without its root cause, or link an answer it may not read."""
        if "hotel_survey_input_id" in vals and not self.env.su:
            new = vals["hotel_survey_input_id"] or False
            if any(complaint.sudo().hotel_survey_input_id.id != new for complaint in self):
                raise AccessError(
                    self.env._(
                        "The survey answer of complaints %(complaints)s is set by the post-stay survey only.",
                        complaints=", ".join(self.mapped("display_name")),
                    )
                )
        return super().write(vals)

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
