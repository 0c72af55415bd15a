from odoo import _, api, fields, models, tools

from ..models import CHAR_MAX, TEXT_MAX

# an e-mail subject becomes the complaint subject: a line, not a page
MAIL_SUBJECT_MAX = 200


class HotelCrmComplaint(models.Model):
    """Mail gateway and chatter: complaints by e-mail, the guest as suggested recipient, and a
    staff reply counted as the first response."""

    _inherit = "hotel.crm.complaint"  # pylint: disable=consider-merging-classes-inherited

    @api.model
    def message_new(self, msg_dict, custom_values=None):
        """E-mail intake: the sender is matched to a guest by normalised address."""
        values = dict(custom_values or {})
        email_from = msg_dict.get("email_from") or ""
        normalized = tools.email_normalize(email_from)
        partner = self.env["res.partner"]
        if msg_dict.get("author_id"):
            partner = partner.browse(msg_dict["author_id"])
        if not partner and normalized:
            partner = partner.search([("email_normalized", "=", normalized)], order="hotel_guest desc, id", limit=1)
        # an e-mail cannot be sent back to be fixed: overlong headers and bodies are shortened to
        # what the fields take (the whole message stays in the chatter)
        subject = (msg_dict.get("subject") or "").strip()
        if len(subject) > MAIL_SUBJECT_MAX:
            subject = subject[: MAIL_SUBJECT_MAX - 1] + "…"
        values.setdefault("name", subject or _("Complaint by e-mail"))
        values.setdefault("channel", "email")
        values.setdefault("email_from", email_from[:CHAR_MAX])
        if msg_dict.get("body"):
            values.setdefault("description", msg_dict["body"][:TEXT_MAX])
        if partner:
            values.setdefault("partner_id", partner.id)
        # a property alias sets company_id (custom_values); else the property of the guest's latest
        # stay that has begun, else the main company
        values.setdefault(
            "company_id",
            (partner._hotel_last_property()[partner.id] if partner else self.env.company).id,
        )
        try:
            sent = fields.Datetime.to_datetime(msg_dict.get("date")) or False
        except (TypeError, ValueError):
            sent = False  # an unreadable Date header: received now
        if sent:
            # a wrong clock or a forged header must not push the SLA deadlines into the future
            values.setdefault("date_received", min(sent, fields.Datetime.now()))
        return super().message_new(msg_dict, custom_values=values)

    @api.model
    def _message_get_suggested_recipients(self):
        recipients = super()._message_get_suggested_recipients()
        for complaint in self:
            if complaint.partner_id:
                complaint._message_add_suggested_recipient(recipients, partner=complaint.partner_id, reason=_("Guest"))
            elif complaint.email_from:
                complaint._message_add_suggested_recipient(recipients, email=complaint.email_from, reason=_("Guest"))
        return recipients

    def message_post(self, **kwargs):
        """A reply to the guest from an internal user counts as the first response."""
        message = super().message_post(**kwargs)
        if (
            message.message_type in ("comment", "email")
            and message.subtype_id == self.env.ref("mail.mt_comment")
            and message.author_id
            and message.author_id.user_ids.filtered(lambda u: not u.share)
        ):
            # sudo: the guest may post too (portal chatter), and the write re-evaluates the SLA
            unanswered = self.sudo().filtered(lambda c: not c.first_response_date)
            if unanswered:
                unanswered.write({"first_response_date": fields.Datetime.now()})
        return message
