from odoo import fields, models


class SurveyUserInput(models.Model):
    _inherit = "survey.user_input"  # pylint: disable=consider-merging-classes-inherited

    hotel_training_attendance_id = fields.Many2one(
        "hotel.crm.training.attendance",
        string="Training Attendance",
        index="btree_not_null",
        readonly=True,
        help="The training attendance whose assessment this answer is; its score becomes the attendance score.",
    )

    def _mark_done(self):
        """A completed certification carries its score (%) over to the training attendance it belongs
        to: the one it was started from, else the latest unscored attendance of the same person at a
        course assessed by this survey."""
        res = super()._mark_done()
        answers = self.sudo().filtered(lambda a: a.survey_id.certification and not a.test_entry)
        if not answers:
            return res
        Attendance = self.env["hotel.crm.training.attendance"].sudo()
        unlinked = answers.filtered(lambda a: not a.hotel_training_attendance_id and a.partner_id)
        candidates = Attendance.browse()
        if unlinked:
            candidates = Attendance.search(
                [
                    ("course_id.survey_id", "in", unlinked.survey_id.ids),
                    ("employee_id.user_id.partner_id", "in", unlinked.partner_id.ids),
                    ("session_state", "!=", "cancelled"),
                    ("survey_user_input_id", "=", False),
                ],
                order="date desc, id desc",
            )
        for answer in answers:
            attendance = (
                answer.hotel_training_attendance_id
                or candidates.filtered(
                    lambda a, answer=answer: (
                        a.course_id.survey_id == answer.survey_id
                        and a.employee_id.user_id.partner_id == answer.partner_id
                    )
                )[:1]
            )
            if attendance:
                attendance._hotel_apply_assessment(answer)
        return res
