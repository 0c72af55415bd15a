from odoo import models


class MailThread(models.AbstractModel):
    _inherit = "mail.thread"

    def _hotel_crm_sends_without_user_email(self):
        """Whether messages of this model are sent without the acting user's own e-mail address.

        True for the hotel CRM's models and for guests (``res.partner``): logging a complaint,
        booking a stay or crediting points is hotel business, which must not fail because the hotel
        employee doing it has no e-mail address of their own.
        """
        return self._name.startswith("hotel.crm.") or self._name == "res.partner"

    def _hotel_crm_sender_email(self):
        """The address hotel business messages are sent from when the author has none.

        :return: the formatted address (``"Name" <address>``) of, in this order, the record's
            property (its ``company_id``), the current property, the system sender configured for
            the database (alias domain or ``--email-from``), or the system partner (OdooBot);
            ``False`` when none of them has an address.
        """
        companies = self.env["res.company"]
        if len(self) == 1 and "company_id" in self._fields:
            companies |= self.sudo().company_id
        companies |= self.env.company
        for company in companies:
            if company.sudo().email_formatted:
                return company.sudo().email_formatted
        return (
            self.env["ir.mail_server"].sudo()._get_default_from_address()
            or self.env.ref("base.partner_root").sudo().email_formatted
        )

    def _message_compute_author(self, author_id=None, email_from=None, raise_on_email=True):
        # The author stays the acting user (the message shows who did it); only the sender address
        # falls back to the property's or the system's when the user has none.
        if raise_on_email and not self.env.su and self._hotel_crm_sends_without_user_email():
            author_id, email_from = super()._message_compute_author(author_id, email_from, raise_on_email=False)
            if not email_from:
                email_from = self._hotel_crm_sender_email()
        return super()._message_compute_author(author_id, email_from, raise_on_email=raise_on_email)
