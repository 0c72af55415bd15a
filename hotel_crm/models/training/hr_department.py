from odoo import fields, models


class HrDepartment(models.Model):
    # one room per capability: the training fields apart from the rest of the addon
    _inherit = "hr.department"  # pylint: disable=consider-merging-classes-inherited

    hotel_training_course_ids = fields.Many2many(
        "hotel.crm.training.course",
        "hotel_crm_training_course_department_rel",
        "department_id",
        "course_id",
        string="Mandatory Training",
        help="Courses every employee of this department must have passed (and not let expire).",
    )
