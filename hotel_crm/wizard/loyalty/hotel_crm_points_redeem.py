from odoo import _, api, fields, models
from odoo.exceptions import UserError


class HotelCrmPointsRedeem(models.TransientModel):
    _name = "hotel.crm.points.redeem"
    _description = "Redeem Loyalty Points"

    partner_id = fields.Many2one("res.partner", string="Guest", required=True, readonly=True)
    balance = fields.Integer(related="partner_id.hotel_points_balance", string="Points Balance")
    tier_id = fields.Many2one(related="partner_id.hotel_tier_id")
    reward_id = fields.Many2one(
        "hotel.crm.reward",
        required=True,
        domain="[('company_id', 'in', [company_id, False])]",
    )
    company_id = fields.Many2one("res.company", default=lambda self: self.env.company, required=True)
    points_cost = fields.Integer(related="reward_id.points_cost")
    balance_after = fields.Integer(compute="_compute_balance_after")
    note = fields.Char(help="E.g. the room or date the reward is for.")

    @api.depends("balance", "points_cost")
    def _compute_balance_after(self):
        for wizard in self:
            wizard.balance_after = wizard.balance - (wizard.points_cost or 0)

    def action_redeem(self):
        self._hotel_ensure_one()
        if self.company_id not in self.env.user.company_ids:
            raise UserError(_("Field “Property”: you do not work for this property."))
        if self.reward_id.company_id and self.reward_id.company_id != self.company_id:
            raise UserError(
                _(
                    "Field “Reward”: reward %(reward)s is not offered at property %(property)s.",
                    reward=self.reward_id.name,
                    property=self.company_id.name,
                )
            )
        if self.balance_after < 0:
            raise UserError(
                _(
                    "Guest %(guest)s has %(balance)s points; reward %(reward)s costs %(cost)s points.",
                    guest=self.partner_id.display_name,
                    balance=self.balance,
                    reward=self.reward_id.name,
                    cost=self.points_cost,
                )
            )
        self.partner_id.with_company(self.company_id)._hotel_points_redeem(self.reward_id, note=self.note)
        # logged with superuser rights: front-desk users may not write on contacts
        self.partner_id.sudo()._message_log(
            body=_("Redeemed %(points)s points for %(reward)s.", points=self.points_cost, reward=self.reward_id.name)
        )
        return {"type": "ir.actions.act_window_close"}
