from markupsafe import Markup

from odoo import api, fields, models


class HotelCrmLoyaltySummary(models.TransientModel):
    _name = "hotel.crm.loyalty.summary"
    _description = "Loyalty Programme Summary"

    date_from = fields.Date(required=True, default=lambda self: self.env.company._hotel_today().replace(month=1, day=1))
    date_to = fields.Date(required=True, default=lambda self: self.env.company._hotel_today())
    currency_id = fields.Many2one("res.currency", default=lambda self: self.env.company.currency_id)
    points_issued = fields.Integer(compute="_compute_summary")
    points_redeemed = fields.Integer(compute="_compute_summary")
    points_expired = fields.Integer(compute="_compute_summary")
    points_reversed = fields.Integer(compute="_compute_summary")
    points_outstanding = fields.Integer(string="Outstanding Points", compute="_compute_summary")
    liability_value = fields.Monetary(string="Outstanding Liability", compute="_compute_summary")
    redemption_rate = fields.Float(string="Redemption Rate (%)", compute="_compute_summary", digits=(16, 1))
    tier_distribution = fields.Html(compute="_compute_summary", sanitize=False)

    @api.depends("date_from", "date_to")
    def _compute_summary(self):
        Report = self.env["hotel.crm.points.report"]
        for wizard in self:
            summary = Report._hotel_loyalty_summary(wizard.date_from, wizard.date_to)
            wizard.points_issued = summary["issued"]
            wizard.points_redeemed = summary["redeemed"]
            wizard.points_expired = summary["expired"]
            wizard.points_reversed = summary["reversed"]
            wizard.points_outstanding = summary["outstanding"]
            wizard.liability_value = summary["liability"]
            wizard.redemption_rate = summary["redemption_rate"]
            rows = Markup().join(
                Markup("<tr><td>%s</td><td class='text-end'>%s</td></tr>") % (name, count)
                for name, count in summary["tiers"]
            )
            wizard.tier_distribution = Markup("<table class='table table-sm'><tbody>%s</tbody></table>") % rows

    def action_open_analysis(self):
        self._hotel_ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("hotel_crm.hotel_crm_points_report_action")
        action["domain"] = [("date", ">=", self.date_from), ("date", "<=", self.date_to)]
        return action
