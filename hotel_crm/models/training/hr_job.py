from odoo import fields, models


class HrJob(models.Model):
    _inherit = "hr.job"

    hotel_training_course_ids = fields.Many2many(
        "hotel.crm.training.course",
        "hotel_crm_training_course_job_rel",
        "job_id",
        "course_id",
        string="Mandatory Training",
        help="Courses every employee in this job position must have passed (and not let expire).",
    )
