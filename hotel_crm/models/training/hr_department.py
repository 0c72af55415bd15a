from odoo import fields, models


class HrDepartment(models.Model):
    _inherit = "hr.department"

    hotel_training_course_ids = fields.Many2many(
        "hotel.crm.training.course",
        "hotel_crm_training_course_department_rel",
        "department_id",
        "course_id",
        string="Mandatory Training",
        help="Courses every employee of this department must have passed (and not let expire).",
    )
