from odoo import fields, models


class HotelCrmTierGrantRevokeWizard(models.TransientModel):
    """*Revoke* on the tier grant form: a manager ends an active grant before its last day, with a
    reason. The grant's ``action_revoke`` does the work and refuses non-managers again, whatever the
    wizard was given.
    """

    _name = "hotel.crm.tier.grant.revoke.wizard"
    _description = "Revoke a Loyalty Tier Grant"

    grant_id = fields.Many2one("hotel.crm.tier.grant", string="Tier Grant", required=True, readonly=True)
    partner_id = fields.Many2one(related="grant_id.partner_id", string="Guest")
    tier_id = fields.Many2one(related="grant_id.tier_id", string="Granted Tier")
    date_until = fields.Date(related="grant_id.date_until", string="Valid Until")
    reason = fields.Text(string="Revocation Reason", required=True)

    def action_revoke(self):
        """Revoke the grant in the user's rights and return to it.

        :return: a window-close action
        :raise AccessError: the user is not a Hotel CRM manager
        :raise UserError: no reason, or the grant is no longer active
        """
        self.ensure_one()
        self.grant_id.action_revoke(self.reason)
        return {"type": "ir.actions.act_window_close"}
