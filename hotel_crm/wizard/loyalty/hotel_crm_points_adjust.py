from odoo import _, api, fields, models
from odoo.exceptions import UserError

# one correction or bonus at a time stays within what a hotel ever grants
POINTS_MAX = 1_000_000


class HotelCrmPointsAdjust(models.TransientModel):
    _name = "hotel.crm.points.adjust"
    _description = "Adjust Loyalty Points"

    partner_id = fields.Many2one("res.partner", string="Guest", required=True, readonly=True)
    balance = fields.Integer(related="partner_id.hotel_points_balance", string="Points Balance")
    move_type = fields.Selection(
        [("adjust", "Correction"), ("bonus", "Bonus")], string="Type", required=True, default="adjust"
    )
    points = fields.Integer(required=True, help="Positive to add points, negative to take points away.")
    reason = fields.Char(required=True)
    company_id = fields.Many2one("res.company", default=lambda self: self.env.company, required=True)
    balance_after = fields.Integer(compute="_compute_balance_after")

    @api.depends("balance", "points")
    def _compute_balance_after(self):
        for wizard in self:
            wizard.balance_after = wizard.balance + (wizard.points or 0)

    def action_apply(self):
        self._hotel_ensure_one()
        if not self.points:
            raise UserError(_("Enter the points to add (positive) or take away (negative)."))
        if abs(self.points) > POINTS_MAX:
            raise UserError(
                _(
                    "Guest %(guest)s, field “Points”: %(points)s is more than %(max)s points at once.",
                    guest=self.partner_id.display_name,
                    points=self.points,
                    max=POINTS_MAX,
                )
            )
        if self.company_id not in self.env.user.company_ids:
            raise UserError(_("Field “Property”: you do not work for this property."))
        if self.move_type == "bonus" and self.points < 0:
            raise UserError(_("A bonus adds points: use a correction to take points away."))
        # booked in the user's own rights: the ledger itself checks that only managers adjust
        self.env["res.partner"]._hotel_points_book(
            [
                {
                    "partner_id": self.partner_id.id,
                    "move_type": self.move_type,
                    "points": self.points,
                    "name": self.reason,
                    "company_id": self.company_id.id,
                }
            ]
        )
        return {"type": "ir.actions.act_window_close"}
