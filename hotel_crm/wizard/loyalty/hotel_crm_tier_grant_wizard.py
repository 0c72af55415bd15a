from odoo import _, fields, models
from odoo.exceptions import UserError

from ...models.loyalty.hotel_crm_tier_grant import GRANT_REASONS


class HotelCrmTierGrantWizard(models.TransientModel):
    """*Grant Tier* on the guest form: a manager grants a tier until a date, with a reason.

    Managers only: the access rights refuse the wizard to anyone else, and the grant it creates in
    the user's own rights refuses non-managers again (``hotel.crm.tier.grant.create``).
    """

    _name = "hotel.crm.tier.grant.wizard"
    _description = "Grant a Loyalty Tier"

    partner_id = fields.Many2one("res.partner", string="Guest", required=True, readonly=True)
    current_tier_id = fields.Many2one(related="partner_id.hotel_tier_id", string="Current Tier")
    tier_id = fields.Many2one("hotel.crm.tier", string="Tier to Grant", required=True)
    date_until = fields.Date(string="Valid Until", required=True)
    reason = fields.Selection(GRANT_REASONS, required=True)
    reason_note = fields.Char(string="Details", help="Required for the reason “Other”.")
    company_id = fields.Many2one("res.company", string="Property", required=True, default=lambda s: s.env.company)

    def action_grant(self):
        """Create the grant in the user's rights and return to the guest.

        :return: a window-close action
        :raise UserError: the last day is past, or the property is not the user's
        :raise AccessError: the user is not a Hotel CRM manager
        """
        self._hotel_ensure_one()
        if self.company_id not in self.env.user.company_ids:
            raise UserError(_("Field “Property”: you do not work for this property."))
        today = self.company_id._hotel_today()
        if self.date_until < today:
            raise UserError(
                _(
                    "Guest %(guest)s, field “Valid Until”: %(until)s is already past (today is %(today)s "
                    "at %(property)s).",
                    guest=self.partner_id.display_name,
                    until=self.date_until,
                    today=today,
                    property=self.company_id.name,
                )
            )
        self.env["hotel.crm.tier.grant"].create(
            {
                "partner_id": self.partner_id.id,
                "tier_id": self.tier_id.id,
                "date_until": self.date_until,
                "reason": self.reason,
                "reason_note": self.reason_note,
                "company_id": self.company_id.id,
            }
        )
        return {"type": "ir.actions.act_window_close"}
