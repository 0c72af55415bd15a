from odoo import api, fields, models


class HotelCrmComplaintChecklistStep(models.Model):
    """Template of the steps of effective complaint handling, copied onto every new complaint.

    Fourteen steps are shipped as data, from accepting the guest's anger and listening, through
    confirming the key issue, apologising and acting, to checking the guest's satisfaction and
    thanking them.
    """

    _name = "hotel.crm.complaint.checklist.step"
    _description = "Complaint Handling Step"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    description = fields.Text(translate=True)
    active = fields.Boolean(default=True)


class HotelCrmComplaintChecklist(models.Model):
    """One checklist line of a complaint, copied from the step templates when the complaint is created."""

    _name = "hotel.crm.complaint.checklist"
    _description = "Complaint Handling Checklist Line"
    _order = "complaint_id, sequence, id"

    complaint_id = fields.Many2one("hotel.crm.complaint", required=True, index=True, ondelete="cascade")
    company_id = fields.Many2one(related="complaint_id.company_id", store=True, index=True)
    step_id = fields.Many2one("hotel.crm.complaint.checklist.step", string="Checklist Step", ondelete="set null")
    name = fields.Char(required=True)
    description = fields.Text()
    step_name = fields.Char(string="Step", compute="_compute_step_text")
    step_description = fields.Text(string="How", compute="_compute_step_text")
    sequence = fields.Integer(default=10)
    done = fields.Boolean()
    done_user_id = fields.Many2one("res.users", string="Done By", readonly=True)
    done_date = fields.Datetime(readonly=True)

    @api.depends_context("lang")
    @api.depends("step_id", "name", "description")
    def _compute_step_text(self):
        # the step in the reader's language; the copy made at creation once the step is gone
        for line in self:
            step = line.step_id.sudo()
            line.step_name = step.name or line.name
            line.step_description = step.description if step else line.description

    def write(self, vals):
        if "done" in vals:
            vals = dict(vals)
            if vals["done"]:
                vals.update(done_user_id=self.env.user.id, done_date=fields.Datetime.now())
            else:
                vals.update(done_user_id=False, done_date=False)
        return super().write(vals)
