from odoo import api, fields, models
from odoo.exceptions import ValidationError

from .common import JUDGEMENTS, STAFF


class HotelCrmComplaint(models.Model):
    """Complaint judgement: before a complaint is closed, the staff record whether it was justified
    or a guest misunderstanding (step 9 of the 14-step handling, *judge the real reason*) and its
    root cause (the ``cause`` field, which improvement actions are built from)."""

    _inherit = "hotel.crm.complaint"  # pylint: disable=consider-merging-classes-inherited

    judgement = fields.Selection(
        JUDGEMENTS,
        tracking=True,
        index=True,
        groups=STAFF,
        help="Step 9 of the handling checklist, judge the real reason: a failure of the hotel's product, service "
        "or communication (justified), or a misunderstanding of the guest. Required, with the cause, to close a "
        "complaint.",
    )

    @api.constrains("stage_id", "judgement", "cause", "feedback_type")
    def _check_judgement_on_close(self):
        """A closed complaint has its judgement and its root cause (suggestions and compliments
        close without them).

        :raise ValidationError: naming the complaint and the missing fields
        """
        for complaint in self.sudo():
            if complaint.feedback_type != "complaint" or not complaint.is_closed:
                continue
            missing = [fname for fname in ("judgement", "cause") if not complaint[fname]]
            if missing:
                raise ValidationError(
                    self.env._(
                        "Complaint %(complaint)s cannot be closed yet: record %(fields)s first (step 9 of the "
                        "handling checklist, judge the real reason).",
                        complaint=complaint.display_name,
                        fields=", ".join(complaint._fields[fname]._description_string(self.env) for fname in missing),
                    )
                )
