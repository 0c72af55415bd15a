from odoo import _, api, fields, models
from odoo.exceptions import ValidationError


class HotelCrmMarketingSpend(models.Model):
    """Marketing spend of a property for one month: what the acquisition cost KPI divides by the
    new guests of the period."""

    _name = "hotel.crm.marketing.spend"
    _description = "Marketing Spend"
    _inherit = ["mail.thread"]
    _order = "date desc, company_id"
    _check_company_auto = True
    _rec_name = "date"

    company_id = fields.Many2one(
        "res.company", string="Property", required=True, index=True, default=lambda self: self.env.company
    )
    date = fields.Date(
        string="Month",
        required=True,
        index=True,
        tracking=True,
        help="The month of the spend (any day of it; stored as the first day).",
    )
    amount = fields.Monetary(required=True, tracking=True, currency_field="currency_id")
    currency_id = fields.Many2one(related="company_id.currency_id", string="Currency")
    note = fields.Char(string="Description", help="What the money went to: campaigns, OTA commission, fairs...")

    _sql_constraints = [
        ("month_unique", "UNIQUE(company_id, date)", "A property enters its marketing spend once per month."),
        ("amount_positive", "CHECK(amount >= 0)", "The marketing spend cannot be negative."),
    ]

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("date"):
                vals["date"] = fields.Date.to_date(vals["date"]).replace(day=1)
        return super().create(vals_list)

    def write(self, vals):
        if vals.get("date"):
            vals = dict(vals, date=fields.Date.to_date(vals["date"]).replace(day=1))
        return super().write(vals)

    @api.constrains("amount")
    def _check_amount(self):
        for spend in self:
            if spend.amount < 0:
                raise ValidationError(
                    _(
                        "Marketing spend %(month)s of %(company)s: the amount cannot be negative.",
                        month=spend.date,
                        company=spend.company_id.name,
                    )
                )
