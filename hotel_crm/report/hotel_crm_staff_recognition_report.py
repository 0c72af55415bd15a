from odoo import fields, models
from odoo.tools import SQL


class HotelCrmStaffRecognitionReport(models.Model):
    """Staff recognition: one row per employee named on a guest compliment.

    A compliment naming three employees gives three rows, one for each of them; ``nbr`` sums to the
    number of compliments per employee, department (the employee's), property (the compliment's)
    and month (the date received). The query is split in ``_select/_from/_where`` so that other
    modules can extend it.
    """

    _name = "hotel.crm.staff.recognition.report"
    _inherit = ["hotel.crm.sql.report"]
    _description = "Staff Recognition"
    _auto = False
    _rec_name = "employee_id"
    _order = "date_received desc"
    _depends = {
        "hotel.crm.complaint": ["feedback_type", "employee_ids", "date_received", "company_id", "partner_id", "active"],
        "hr.employee": ["department_id", "active"],
    }

    complaint_id = fields.Many2one("hotel.crm.complaint", string="Compliment", readonly=True)
    employee_id = fields.Many2one("hr.employee", readonly=True)
    department_id = fields.Many2one("hr.department", readonly=True)
    company_id = fields.Many2one("res.company", string="Property", readonly=True)
    partner_id = fields.Many2one("res.partner", string="Guest", readonly=True)
    date_received = fields.Datetime(string="Received", readonly=True)
    nbr = fields.Integer(string="# Compliments", readonly=True, aggregator="sum")

    def _select(self):
        return SQL(
            """
            ROW_NUMBER() OVER (ORDER BY c.id, e.id) AS id,
            c.id AS complaint_id,
            e.id AS employee_id,
            e.department_id,
            c.company_id,
            c.partner_id,
            c.date_received,
            1 AS nbr
            """
        )

    def _from(self):
        return SQL(
            """
            hotel_crm_complaint_employee_rel r
            JOIN hotel_crm_complaint c ON c.id = r.complaint_id
            JOIN hr_employee e ON e.id = r.employee_id
            """
        )

    def _where(self):
        return SQL("c.active AND c.feedback_type = 'compliment'")
