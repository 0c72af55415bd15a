"""Email Marketing respects the guests' e-mail consent, and a campaign's mailing its selection.

Every mailing on contacts (``res.partner``) leaves out hotel guests who did not consent to e-mails,
whatever its domain says or whichever records a caller passes to ``action_send_mail``; a hotel
campaign's mailing goes to the campaign's recipients only (never its hold-out), selected when it
is first sent, whichever button sends it.
"""

from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.osv import expression

from ..guest.hotel_crm_protected_fields_mixin import _TRUSTED


class MailingMailing(models.Model):
    _inherit = "mailing.mailing"

    hotel_campaign_id = fields.Many2one(
        "hotel.crm.campaign",
        readonly=True,
        copy=False,
        index="btree_not_null",
        ondelete="set null",
        help="The hotel campaign this mailing carries: it goes to the campaign's recipients only.",
    )
    hotel_company_id = fields.Many2one(
        related="hotel_campaign_id.company_id", store=True, string="Hotel Property", index="btree_not_null"
    )

    @api.model_create_multi
    def create(self, vals_list):
        if any(vals.get("hotel_campaign_id") for vals in vals_list):
            self._hotel_check_campaign_link()
        return super().create(vals_list)

    def write(self, vals):
        if "hotel_campaign_id" in vals and any(m.hotel_campaign_id.id != vals["hotel_campaign_id"] for m in self):
            self._hotel_check_campaign_link()
        if "mailing_model_id" in vals and self.filtered("hotel_campaign_id"):
            if vals["mailing_model_id"] != self.env["ir.model"]._get_id("res.partner"):
                raise AccessError(_("A hotel campaign's mailing is sent to guests (contacts) only."))
        return super().write(vals)

    def copy_data(self, default=None):
        # a copy is a mailing of its own, not a second send of the campaign
        return super().copy_data(default=dict(default or {}, hotel_campaign_id=False))

    def _hotel_check_campaign_link(self):
        if not (self.env.su or self.env.context.get("hotel_crm_trusted") is _TRUSTED):
            raise AccessError(_("Only a hotel campaign links a mailing to itself."))

    def _hotel_consent_domain(self):
        """What every mailing on contacts adds to its recipients: no hotel guest without e-mail and
        marketing consent.

        A sub-query run as superuser, so that it holds for users who may not read the consent.
        :return: list (a domain), empty for mailings on another model
        """
        if self.mailing_model_real != "res.partner":
            return []
        refused = self.env["res.partner"].sudo().with_context(active_test=False)
        # a mailing is marketing: e-mail consent and marketing consent (the consent gate's rule)
        no_consent = ["|", ("hotel_consent_email", "!=", True), ("hotel_consent_marketing", "!=", True)]
        return [("id", "not in", refused._search([("hotel_guest", "=", True), *no_consent]))]

    def _get_recipients_domain(self):
        domain = super()._get_recipients_domain()
        campaign = self.hotel_campaign_id.sudo()
        if campaign:
            if self.mailing_model_real != "res.partner":
                return [("id", "in", [])]
            # the campaign decides, whatever the mailing's own domain says
            domain = campaign._hotel_recipient_domain()
        return expression.AND([domain, self._hotel_consent_domain()])

    def _action_send_mail(self, res_ids=None):
        # the hold-out is drawn at the first send, whichever button (or the queue) sends
        self.hotel_campaign_id._hotel_select_members()
        if not res_ids:
            # Email Marketing's own choice: its recipients domain, restricted above
            return super()._action_send_mail(res_ids)
        for mailing in self:
            allowed = mailing._hotel_allowed_ids(res_ids)
            ids = [rid for rid in res_ids if rid in allowed]
            if not ids:
                # an empty list would make Email Marketing send to the whole domain instead
                raise UserError(
                    _(
                        "Mailing %(mailing)s: none of the chosen records may receive it (guests without e-mail "
                        "consent, or outside the campaign's recipients).",
                        mailing=mailing.subject,
                    )
                )
            super(MailingMailing, mailing)._action_send_mail(ids)
        return True

    def _hotel_allowed_ids(self, res_ids):
        """The ids among ``res_ids`` this mailing may write to (its recipients' rules, as superuser).

        :return: set of ids
        """
        self.ensure_one()
        # a campaign's mailing: its recipients; another mailing: whatever its caller chose, but consent
        restriction = self._get_recipients_domain() if self.hotel_campaign_id else self._hotel_consent_domain()
        if not restriction:
            return set(res_ids)
        Model = self.env[self.mailing_model_real].sudo().with_context(active_test=False)
        return set(Model.search(expression.AND([[("id", "in", list(res_ids))], restriction])).ids)
