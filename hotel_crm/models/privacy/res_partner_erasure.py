from odoo import fields, models
from odoo.exceptions import AccessError, UserError

from .res_partner_export import EXPORT_RES_MODEL

MANAGER = "hotel_crm.hotel_crm_group_manager"
SENSITIVE = "hotel_crm.hotel_crm_group_sensitive"
# the guest's own contact data, blanked by the erasure (the name is replaced, see hotel_anonymize)
ERASED_PARTNER_FIELDS = (
    "email",
    "phone",
    "mobile",
    "street",
    "street2",
    "zip",
    "city",
    "state_id",
    "country_id",
    "vat",
    "website",
    "comment",
    "function",
    "title",
    "ref",
    "image_1920",
    "hotel_birthday",
    "hotel_anniversary",
    "hotel_consent_email",
    "hotel_consent_email_source",
    "hotel_consent_sms",
    "hotel_consent_sms_source",
    "hotel_consent_marketing",
    "hotel_consent_survey",
    "hotel_consent_sensitive",
)
# free text of the guest's records, blanked; the figures, states and dates of the records stay
ERASED_RECORD_FIELDS = {
    "hotel.crm.stay": ("arrival_notes", "arrival_notes_sensitive", "note"),
    "hotel.crm.complaint": ("description", "email_from"),
    "hotel.crm.review": ("title", "text", "reviewer_name"),
    "survey.user_input": ("email", "nickname", "hotel_comment"),
}
# free text replaced by a marker rather than blanked: its presence is a statistic
KEPT_AS_MARKER = {"hotel.crm.stay": ("arrival_notes", "arrival_notes_sensitive")}
ERASED_MARKER = "(erased on request)"
TRACKING_VALUE_FIELDS = (
    "old_value_char",
    "new_value_char",
    "old_value_text",
    "new_value_text",
    "old_value_datetime",
    "new_value_datetime",
)


class ResPartner(models.Model):
    """Erasure on request: a guest's personal data erased, the statistics kept (issue #17 item 3)."""

    _inherit = "res.partner"  # pylint: disable=consider-merging-classes-inherited

    hotel_anonymized = fields.Boolean(
        string="Anonymised",
        readonly=True,
        copy=False,
        groups="base.group_user",
        help="The guest's personal data was erased on request; the stays and statistics are kept.",
    )
    hotel_anonymized_date = fields.Datetime(string="Anonymised On", readonly=True, copy=False, groups="base.group_user")

    # ------------------------------------------------------------------
    # Checks
    # ------------------------------------------------------------------
    def _hotel_privacy_check_erasure_rights(self):
        """:raise AccessError: unless the user is a Hotel CRM manager with the sensitive-data group."""
        user = self.env.user
        if self.env.su:
            return
        if not (user.has_group(MANAGER) and user.has_group(SENSITIVE)):
            raise AccessError(
                self.env._("Only Hotel CRM managers with access to sensitive data may erase a guest's personal data.")
            )

    def _hotel_privacy_records(self):
        """The records of this guest that hold their personal data, with superuser rights.

        :return: ``{model_name: recordset}`` for ``res.partner``, ``hotel.crm.stay``,
            ``hotel.crm.complaint``, ``hotel.crm.review``, ``survey.user_input``,
            ``hotel.crm.survey.invitation`` and ``hotel.crm.greeting`` (every property, archived
            records included)
        """
        self.ensure_one()
        env = self.env(su=True, context=dict(self.env.context, active_test=False))
        partner = env["res.partner"].browse(self.id)
        stays = env["hotel.crm.stay"].search([("partner_id", "=", self.id)])
        answers = env["survey.user_input"].search(
            ["|", ("partner_id", "=", self.id), ("hotel_stay_id", "in", stays.ids)]
        )
        return {
            "res.partner": partner,
            "hotel.crm.stay": stays,
            "hotel.crm.complaint": env["hotel.crm.complaint"].search([("partner_id", "=", self.id)]),
            "hotel.crm.review": env["hotel.crm.review"].search([("partner_id", "=", self.id)]),
            "survey.user_input": answers,
            "hotel.crm.survey.invitation": env["hotel.crm.survey.invitation"].search([("partner_id", "=", self.id)]),
            "hotel.crm.greeting": env["hotel.crm.greeting"].search([("partner_id", "=", self.id)]),
        }

    # ------------------------------------------------------------------
    # The erasure
    # ------------------------------------------------------------------
    def hotel_anonymize(self, reason):
        """Erase the personal data of each guest of ``self`` on their request, keep the statistics.

        Integrator contract (DESIGN.md). Irreversible. For every guest:

        - refused while the guest has a booked or in-house stay;
        - a remaining points balance is expired with one ``expire`` ledger line per property
          (``_hotel_points_book``), so that the ledger still sums to the balance (0);
        - the name becomes "Anonymised guest #<id>"; e-mail, phones, address, VAT, website, notes,
          photo, birthday and anniversary are blanked and the consents withdrawn; the guest code
          (a number of the addon or the PMS, not personal data) is kept;
        - preferences are deleted; the free text of the guest's stays (arrival notes, notes),
          complaints (description, sender), reviews (title, text, reviewer name) and survey answers
          (free-text answers, comment, e-mail) is blanked; message bodies and attachments on those
          records and on messages the guest wrote are removed, change-tracking values blanked,
          the guest's queued and stored e-mails and texts deleted, the proof text of the consent
          history blanked, the portal user archived and its login replaced;
        - stays (dates, states, revenue), scores, complaint figures and the ledger are kept, so
          that the value pyramid, RFM, the SQL reports and the KPIs are unchanged;
        - logged in ``hotel.crm.privacy.log`` and in Odoo's ``privacy.log`` (privacy_lookup).

        :param str reason: why (the guest's request), required
        :return: True
        :raise AccessError: the user is not a Hotel CRM manager with the sensitive-data group
        :raise UserError: no reason, or a guest has a booked or in-house stay
        """
        self._hotel_privacy_check_erasure_rights()
        reason = (reason or "").strip() if isinstance(reason, str) else ""
        if not reason:
            raise UserError(self.env._("Give the reason for the erasure (the guest's request)."))
        guests = self.sudo().with_context(active_test=False, tracking_disable=True)
        for guest in guests:
            open_stay = (
                self.env["hotel.crm.stay"]
                .sudo()
                .search_count([("partner_id", "=", guest.id), ("state", "in", ("booked", "in_house"))])
            )
            if open_stay:
                raise UserError(
                    self.env._(
                        "%(guest)s has a booked or in-house stay: their personal data can be erased only "
                        "when no stay is open.",
                        guest=guest.display_name,
                    )
                )
        for guest in guests:
            if guest.hotel_anonymized:
                continue
            guest._hotel_erase_one(reason)
        return True

    def _hotel_expire_balance_for_erasure(self):
        """Expire the remaining points of this guest: one ``expire`` move per property holding them."""
        self.ensure_one()
        balance = self.hotel_points_balance
        if balance <= 0:
            return
        self._hotel_points_lock()
        groups = (
            self.env["hotel.crm.points.move"]
            .sudo()
            ._read_group([("partner_id", "=", self.id)], ["company_id"], ["points:sum"])
        )
        name = self.env._("Points expired: personal data erased on request")
        today = fields.Date.context_today(self)
        vals_list = []
        remaining = balance
        for company, points in sorted(groups, key=lambda g: -g[1]):
            if remaining <= 0 or points <= 0:
                continue
            expired = min(points, remaining)
            remaining -= expired
            vals_list.append(
                {
                    "partner_id": self.id,
                    "company_id": company.id,
                    "move_type": "expire",
                    "points": -expired,
                    "name": name,
                    "date": company._hotel_today() if company else today,
                }
            )
        if remaining > 0:
            vals_list.append(
                {
                    "partner_id": self.id,
                    "company_id": self.env.company.id,
                    "move_type": "expire",
                    "points": -remaining,
                    "name": name,
                    "date": self.env.company._hotel_today(),
                }
            )
        self._hotel_points_book(vals_list)

    def _hotel_erase_one(self, reason):
        """Erase one guest (``self`` on sudo); see :meth:`hotel_anonymize`."""
        self.ensure_one()
        user = self.env.user  # sudo() keeps the user: the one who asked for the erasure
        original = {"name": self.name or "", "email": self.email or ""}
        records = self._hotel_privacy_records()
        self._hotel_expire_balance_for_erasure()
        # the guest's own data; withdrawn consents cancel what is queued for them
        blank = {fname: False for fname in ERASED_PARTNER_FIELDS if fname in self._fields}
        self.with_context(hotel_consent_proof=False).write(blank)
        self.write({"name": self.env._("Anonymised guest #%(id)s", id=self.id)})
        self.hotel_preference_ids.with_context(active_test=False).unlink()
        self.env["hotel.crm.preference"].sudo().with_context(active_test=False).search(
            [("partner_id", "=", self.id)]
        ).unlink()
        self.hotel_consent_ids.write({"proof": False})
        for model, fnames in ERASED_RECORD_FIELDS.items():
            recs = records.get(model)
            if not recs:
                continue
            recs.write({f: False for f in fnames if f in recs._fields and f not in KEPT_AS_MARKER.get(model, ())})
            for fname in KEPT_AS_MARKER.get(model, ()):
                # a stay's arrival notes say that the guest had preferences to prepare (the KPI of
                # personalised service counts them): their text goes, a marker stays
                recs.filtered(fname).write({fname: ERASED_MARKER})
        answers = records["survey.user_input"]
        if answers:
            answers.user_input_line_ids.filtered(lambda line: line.answer_type in ("char_box", "text_box")).write(
                {"value_char_box": False, "value_text_box": False}
            )
            answers.flush_recordset()
            answers.write({"hotel_comment": False})
        # messages, attachments and tracking values on the guest's records and messages they wrote
        Message = self.env["mail.message"].sudo()
        domain = ["|", ("author_id", "=", self.id)]
        record_domain = []
        for model, recs in records.items():
            if recs:
                record_domain = (
                    (["|"] if record_domain else [])
                    + record_domain
                    + [
                        "&",
                        ("model", "=", model),
                        ("res_id", "in", recs.ids),
                    ]
                )
        messages = Message.search(domain + record_domain)
        # the guest's e-mails and texts: queued or kept, sent to the guest or about their records
        mails = (
            self.env["mail.mail"]
            .sudo()
            .search(["|", ("recipient_ids", "in", self.ids), ("mail_message_id", "in", messages.ids)])
        )
        if original["email"]:
            mails |= self.env["mail.mail"].sudo().search([("email_to", "ilike", original["email"])])
        mails.unlink()
        messages = messages.exists()
        attachments = messages.attachment_ids
        for model, recs in records.items():
            if recs:
                attachments |= (
                    self.env["ir.attachment"].sudo().search([("res_model", "=", model), ("res_id", "in", recs.ids)])
                )
        # the files of the guest's data exports (see hotel_privacy_export)
        attachments |= (
            self.env["ir.attachment"]
            .sudo()
            .search([("res_model", "=", EXPORT_RES_MODEL), ("name", "=", self._hotel_privacy_export_filename())])
        )
        attachments.unlink()
        messages.write({"body": "", "subject": False, "email_from": False, "reply_to": False})
        messages.tracking_value_ids.write(dict.fromkeys(TRACKING_VALUE_FIELDS, False))
        self.env["sms.sms"].sudo().search([("partner_id", "=", self.id)]).unlink()
        # the portal user: archived, its login replaced (the user row is referenced by its history)
        for portal_user in (
            self.env["res.users"].sudo().with_context(active_test=False).search([("partner_id", "=", self.id)])
        ):
            portal_user.write({"active": False, "login": f"anonymised-{self.id}-{portal_user.id}"})
        self.write({"hotel_anonymized": True, "hotel_anonymized_date": fields.Datetime.now()})
        self.env["hotel.crm.privacy.log"].sudo().create(
            {
                "action": "erase",
                "partner_id": self.id,
                "user_id": user.id,
                "reason": reason,
                "company_id": self.env.company.id,
            }
        )
        # Odoo's own privacy log (privacy_lookup) keeps the request, with the name and e-mail masked
        self.env["privacy.log"].sudo().create(
            {
                "anonymized_name": original["name"] or "-",
                "anonymized_email": original["email"] or "-",
                "execution_details": self.env._("Hotel CRM guest #%(id)s anonymised", id=self.id),
                "additional_note": reason,
            }
        )
