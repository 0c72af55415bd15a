from odoo import api, fields, models
from odoo.tools import SQL

from .hotel_crm_consent import CHANNEL_FIELDS, PURPOSE_FIELDS
from .res_partner_erasure import ERASED_MARKER

CONSENT_FIELDS = {
    **{f: ("channel", c) for c, f in CHANNEL_FIELDS.items()},
    **{f: ("purpose", p) for p, f in PURPOSE_FIELDS.items()},
}
# the queued messages each withdrawal cancels: (channel, purpose) -> what is cancelled
QUEUED_MAIL_MODELS = {
    "marketing": ("hotel.crm.greeting",),
    "survey": ("hotel.crm.survey.invitation",),
}


class ResPartner(models.Model):
    """The consent gate: one check that every outgoing guest message goes through."""

    _inherit = "res.partner"  # pylint: disable=consider-merging-classes-inherited

    hotel_consent_marketing = fields.Boolean(
        string="Marketing Consent",
        tracking=True,
        help="The guest agreed to receive marketing (greetings, offers, campaigns) on the channels they consented to.",
    )
    hotel_consent_survey = fields.Boolean(
        string="Survey Consent",
        tracking=True,
        help="The guest agreed to be asked about their stays (post-stay surveys) on the channels they consented to.",
    )
    hotel_consent_sensitive = fields.Boolean(
        string="Sensitive Data Consent",
        tracking=True,
        help="The guest gave the separate consent required to record sensitive personal information "
        "(health: allergies, dietary needs).",
    )
    hotel_consent_ids = fields.One2many("hotel.crm.consent", "partner_id", string="Consent History")

    # ------------------------------------------------------------------
    # The gate
    # ------------------------------------------------------------------
    def _hotel_consent_allows(self, channel, purpose):
        """The guests among ``self`` that may receive a message on ``channel`` for ``purpose``.

        :param str channel: ``"email"`` or ``"sms"``
        :param str purpose: ``"service"`` (necessary to the stay or the complaint: needs no consent,
            PIPL art. 13(2)), ``"marketing"`` or ``"survey"`` (need the channel's consent and the
            purpose's consent)
        :return: ``res.partner`` recordset, the allowed guests (active, reachable on the channel:
            an e-mail address not blacklisted, a valid E.164 phone)
        """
        if not self:
            return self
        self.flush_recordset()
        self.env["mail.blacklist"].flush_model()
        rows = self.env.execute_query(
            SQL(
                "SELECT p.id FROM res_partner p WHERE p.id IN %s AND %s",
                tuple(self.ids),
                self._hotel_consent_sql("p", channel, purpose),
            )
        )
        return self.browse([row[0] for row in rows])

    @api.model
    def _hotel_consent_sql(self, alias, channel, purpose):
        """The same gate as an SQL condition on the ``res_partner`` row ``alias``, for set-based senders.

        :return: ``odoo.tools.SQL``
        :raise ValueError: unknown channel or purpose
        """
        if channel not in CHANNEL_FIELDS or purpose not in ("service", "marketing", "survey"):
            raise ValueError(f"unknown consent channel or purpose: {channel!r}, {purpose!r}")
        p = SQL.identifier(alias)
        if channel == "email":
            reachable = SQL(
                "(COALESCE(%(p)s.email_normalized, '') != '' AND NOT EXISTS (SELECT 1 FROM mail_blacklist bl"
                " WHERE bl.active AND bl.email = %(p)s.email_normalized))",
                p=p,
            )
        else:
            reachable = SQL("COALESCE(%s.hotel_phone_e164, '') != ''", p)
        condition = SQL("(%s.active AND %s)", p, reachable)
        if purpose == "service":
            return condition
        return SQL(
            "(%s AND %s AND %s)",
            condition,
            SQL.identifier(alias, CHANNEL_FIELDS[channel]),
            SQL.identifier(alias, PURPOSE_FIELDS[purpose]),
        )

    # ------------------------------------------------------------------
    # History and withdrawal
    # ------------------------------------------------------------------
    @api.model_create_multi
    def create(self, vals_list):
        partners = super().create(vals_list)
        for partner, vals in zip(partners, vals_list, strict=True):
            changed = {f: vals[f] for f in CONSENT_FIELDS if vals.get(f)}
            if changed:
                partner._hotel_consent_log(changed, vals)
        return partners

    def write(self, vals):
        fnames = [f for f in CONSENT_FIELDS if f in vals]
        before = {p.id: {f: p[f] for f in fnames} for p in self} if fnames else {}
        res = super().write(vals)
        if fnames:
            withdrawn_sensitive = self.browse(
                [
                    p.id
                    for p in self
                    if before[p.id].get("hotel_consent_sensitive") and not vals["hotel_consent_sensitive"]
                ]
            )
            deleted = withdrawn_sensitive._hotel_consent_withdraw_sensitive()
            for partner in self:
                changed = {f: bool(vals[f]) for f in fnames if bool(vals[f]) != before[partner.id][f]}
                if changed:
                    partner._hotel_consent_log(changed, vals, deleted=deleted.get(partner.id, 0))
            withdrawn = [CONSENT_FIELDS[f] for f in fnames if not vals[f]]
            if withdrawn:
                self._hotel_consent_cancel_queued(withdrawn)
        return res

    def _hotel_consent_log(self, changed, vals, deleted=0):
        """Append one consent history row per changed consent field of this guest.

        :param int deleted: the sensitive preferences deleted by a withdrawal of the sensitive-data
            consent, written on that withdrawal's row
        """
        self.ensure_one()
        context = self.env.context
        rows = []
        for fname, granted in changed.items():
            kind, key = CONSENT_FIELDS[fname]
            source = context.get("hotel_consent_source") or (
                vals.get(f"{fname}_source") if kind == "channel" else False
            )
            rows.append(
                {
                    "partner_id": self.id,
                    "channel": key if kind == "channel" else False,
                    "purpose": key if kind == "purpose" else False,
                    "granted": bool(granted),
                    "source": source or False,
                    "proof": context.get("hotel_consent_proof") or False,
                    "user_id": self.env.uid,
                    "recorded_company_id": self.env.company.id,
                    "deleted_preference_count": deleted if key == "sensitive" and not granted else 0,
                }
            )
        self.env["hotel.crm.consent"].sudo().create(rows)

    def _hotel_consent_withdraw_sensitive(self):
        """The guests of ``self`` withdrew their sensitive-data consent: processing stops (PIPL
        art. 15 and 47), so their sensitive preferences are deleted, archived ones included, and the
        sensitive arrival notes of their stays are erased (a marker is left where there were notes);
        booked stays get their arrival preparation rebuilt from what is left.

        :return: ``{partner_id: number of sensitive preferences deleted}``
        """
        if not self:
            return {}
        Preference = self.env["hotel.crm.preference"].sudo().with_context(active_test=False)
        preferences = Preference.search([("partner_id", "in", self.ids), ("sensitive", "=", True)])
        deleted = {}
        for preference in preferences:
            deleted[preference.partner_id.id] = deleted.get(preference.partner_id.id, 0) + 1
        preferences.unlink()
        stays = self.env["hotel.crm.stay"].sudo().search([("partner_id", "in", self.ids)])
        noted = stays.filtered("arrival_notes_sensitive")
        if noted:
            noted.write({"arrival_notes_sensitive": ERASED_MARKER})
        stays.filtered(lambda s: s.state == "booked")._hotel_serve_preferences(rebuild_notes=True, guest_changed=True)
        return deleted

    def _hotel_consent_cancel_queued(self, withdrawn):
        """Cancel what was queued for these guests and not sent yet, under a withdrawn consent.

        :param withdrawn: ``[("channel", "email"|"sms") | ("purpose", "marketing"|"survey"|...)]``
        A withdrawn e-mail channel cancels the queued marketing and survey e-mails (never service
        ones); a withdrawn purpose cancels that purpose's e-mails and texts; a withdrawn SMS channel
        cancels every queued text of the guest (Hotel CRM texts only invite to surveys).
        """
        purposes = {key for kind, key in withdrawn if kind == "purpose"}
        channels = {key for kind, key in withdrawn if kind == "channel"}
        if "email" in channels:
            purposes_mail = set(QUEUED_MAIL_MODELS)
        else:
            purposes_mail = purposes & set(QUEUED_MAIL_MODELS)
        models_ = [m for purpose in purposes_mail for m in QUEUED_MAIL_MODELS[purpose]]
        Mail = self.env["mail.mail"].sudo()
        queued = [("state", "=", "outgoing"), ("recipient_ids", "in", self.ids)]
        if models_:
            Mail.search([*queued, ("model", "in", models_)]).write({"state": "cancel"})
        if "marketing" in purposes_mail and "mailing_id" in Mail._fields:
            # mass mailings (campaigns) are marketing; they address the guest record itself
            Mail.search(
                [
                    ("state", "=", "outgoing"),
                    ("mailing_id", "!=", False),
                    "|",
                    ("recipient_ids", "in", self.ids),
                    "&",
                    ("model", "=", "res.partner"),
                    ("res_id", "in", self.ids),
                ]
            ).write({"state": "cancel"})
        if "sms" in channels or "survey" in purposes:
            self.env["sms.sms"].sudo().search(
                [("state", "=", "outgoing"), ("partner_id", "in", self.ids)]
            ).action_set_canceled()
