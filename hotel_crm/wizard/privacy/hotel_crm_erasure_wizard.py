from odoo import fields, models
from odoo.exceptions import UserError


class HotelCrmErasureWizard(models.TransientModel):
    """Confirm the erasure of a guest's personal data: the reason, then ``res.partner.hotel_anonymize``.

    The rights (Hotel CRM manager with the sensitive-data group) and the refusals (open stay) are
    checked by ``hotel_anonymize`` itself, whoever calls it.
    """

    _name = "hotel.crm.erasure.wizard"
    _description = "Erase a Guest's Personal Data"

    partner_id = fields.Many2one("res.partner", string="Guest", required=True, readonly=True)
    reason = fields.Text(required=True, help="The guest's request: when and how it was made.")
    confirm = fields.Boolean(
        string="I understand that this cannot be undone",
        help="The personal data is erased for good; stays, revenue, scores and the ledger stay.",
    )

    def action_erase(self):
        """Erase the guest's personal data. :raise UserError: not confirmed, no reason, open stay"""
        self._hotel_ensure_one()
        if not self.confirm:
            raise UserError(self.env._("Tick the confirmation: the erasure cannot be undone."))
        self.partner_id.hotel_anonymize(self.reason)
        return {"type": "ir.actions.act_window_close"}

    def action_open_privacy_lookup(self):
        """Odoo's Privacy Lookup for this guest's name and e-mail: their data outside Hotel CRM."""
        self._hotel_ensure_one()
        lookup = self.env["privacy.lookup.wizard"].create(
            {"name": self.partner_id.name, "email": self.partner_id.email or self.partner_id.name}
        )
        return lookup.action_lookup()
