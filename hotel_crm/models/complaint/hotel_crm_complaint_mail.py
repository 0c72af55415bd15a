from odoo import _, api, fields, models, tools
from odoo.exceptions import UserError

from ..models import CHAR_MAX, TEXT_MAX

# an e-mail subject becomes the complaint subject: a line, not a page
MAIL_SUBJECT_MAX = 200
# the parts of a parsed message the intake reads as texts, and how much of a refused value is quoted
MAIL_TEXT_PARTS = ("subject", "email_from", "body", "date", "to", "cc", "message_id", "reply_to")
MAIL_QUOTE = 40
ID_MAX = 2**31 - 1


class HotelCrmComplaint(models.Model):
    """Mail gateway and chatter: complaints by e-mail, the guest as suggested recipient, and a
    staff reply counted as the first response."""

    _inherit = "hotel.crm.complaint"  # pylint: disable=consider-merging-classes-inherited

    @api.model
    def message_new(self, msg_dict, custom_values=None):
        """E-mail intake: the sender is matched to a guest by normalised address.

        :param dict msg_dict: the parsed message (``mail.thread.message_parse``): text parts
            (``subject``, ``email_from``, ``body``, ``date``, ...) and ``author_id`` (a contact id)
        :param dict custom_values: field values of the new complaint (the alias's defaults)
        :return: the new complaint
        :raise UserError: a part of wrong type, an unknown author or field (a call over RPC: the
            mail gateway always gives well-formed messages)
        """
        self._hotel_check_mail_input(msg_dict, custom_values)
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
    def _hotel_check_mail_input(self, msg_dict, custom_values):
        """Refuse a message ``message_new`` cannot read: public over RPC, it must not fail on a
        number where a text belongs. :raise UserError: naming the part at fault"""
        _ = self.env._
        if not isinstance(msg_dict, dict):
            raise UserError(_("Incoming e-mail: the message must be a dictionary of its parts."))
        if custom_values is not None and not isinstance(custom_values, dict):
            raise UserError(_("Incoming e-mail: “custom_values” must be a dictionary of field values."))
        unknown = [key for key in custom_values or {} if not isinstance(key, str) or key not in self._fields]
        if unknown:
            raise UserError(
                _("Incoming e-mail: complaints have no field %(field)s.", field=repr(unknown[0])[:MAIL_QUOTE])
            )
        for part in MAIL_TEXT_PARTS:
            value = msg_dict.get(part)
            if value is not None and value is not False and not isinstance(value, str):
                raise UserError(
                    _(
                        "Incoming e-mail, part “%(part)s”: %(value)s is not a text.",
                        part=part,
                        value=repr(value)[:MAIL_QUOTE],
                    )
                )
        author = msg_dict.get("author_id")
        if (
            author is not None
            and author is not False
            and (
                isinstance(author, bool)
                or not isinstance(author, int)
                or not 0 < author <= ID_MAX
                or not self.env["res.partner"].sudo().browse(author).exists()
            )
        ):
            raise UserError(
                _("Incoming e-mail, part “author_id”: %(value)s is not a contact.", value=repr(author)[:MAIL_QUOTE])
            )

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
