from datetime import timedelta

from odoo import api, fields, models


class HotelCrmKpiCompute(models.TransientModel):
    """Compute KPIs: a manager computes a period's snapshot now (a new version each time)."""

    _name = "hotel.crm.kpi.compute"
    _description = "Compute KPIs"

    company_id = fields.Many2one(
        "res.company",
        string="Property",
        default=lambda self: self.env.company,
        help="Empty: the group-wide figures over all properties.",
    )
    date_from = fields.Date(string="From", required=True, default=lambda self: self._default_month()[0])
    date_to = fields.Date(string="To", required=True, default=lambda self: self._default_month()[1])

    @api.model
    def _default_month(self):
        """The property's previous month, in its own calendar."""
        last = self.env.company._hotel_today().replace(day=1) - timedelta(days=1)
        return last.replace(day=1), last

    def action_compute(self):
        self._hotel_ensure_one()
        snapshot = self.env["hotel.crm.kpi.snapshot"].compute_snapshot(self.date_from, self.date_to, self.company_id)
        return {
            "type": "ir.actions.act_window",
            "res_model": "hotel.crm.kpi.snapshot",
            "res_id": snapshot.id,
            "view_mode": "form",
            "target": "current",
        }
