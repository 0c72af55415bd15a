"""``hotel.crm.campaign``: a guest segment e-mailed through one ``mailing.mailing``, and its effect.

Why a model of its own beside Email Marketing's ``mailing.mailing`` (which does the writing,
sending, tracking and unsubscribing) and ``utm.campaign``: a hotel campaign belongs to one
property (record rules), freezes who was selected at the send (recipients and hold-out, stored as
``hotel.crm.campaign.member``), starts a response window at that moment and carries a cost; none
of these fit a mailing shared by every company, and a utm campaign groups many mailings with no
send moment of its own.
"""

from dateutil.relativedelta import relativedelta

from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.osv import expression
from odoo.tools import SQL
from odoo.tools.safe_eval import datetime, dateutil, safe_eval, time

from .common import STATES

# how far back the nightly job credits stays again
ATTRIBUTION_DAYS = 365


def _figure(string, help_text, digits=(5, 2)):
    """A figure of the campaign computed from its counts by ``_compute_rates``: stored, averaged
    when campaigns are grouped."""
    return fields.Float(
        string=string, compute="_compute_rates", store=True, digits=digits, aggregator="avg", help=help_text
    )


def _percent(part, whole):
    """``part`` in percent of ``whole``; 0.0 when ``whole`` is 0."""
    return 100.0 * part / whole if whole else 0.0


class HotelCrmCampaign(models.Model):
    _name = "hotel.crm.campaign"
    _description = "Hotel Campaign"
    _inherit = ["mail.thread", "mail.activity.mixin", "hotel.crm.protected.fields.mixin"]
    _order = "sent_date desc nulls first, id desc"
    _check_company_auto = True

    name = fields.Char(required=True, tracking=True)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company",
        string="Property",
        required=True,
        index=True,
        default=lambda self: self.env.company,
        tracking=True,
    )
    user_id = fields.Many2one("res.users", string="Responsible", default=lambda self: self.env.user, tracking=True)
    state = fields.Selection(STATES, required=True, default="draft", copy=False, tracking=True, readonly=True)
    mailing_id = fields.Many2one(
        "mailing.mailing",
        readonly=True,
        copy=False,
        ondelete="restrict",
        help="The Email Marketing mailing that carries the campaign's message: its content, sending and "
        "statistics (opened, clicked, bounced) are Email Marketing's.",
    )
    segment_filter_id = fields.Many2one(
        "ir.filters",
        string="Saved Filter",
        domain=[("model_id", "=", "res.partner")],
        help="A filter saved on the guest list (value segment, tier, life-cycle stage, RFM, NPS...): its "
        "domain becomes the segment.",
    )
    segment_domain = fields.Char(
        string="Segment",
        compute="_compute_segment_domain",
        store=True,
        readonly=False,
        help="The guests the campaign is for. Whatever it says, only guests who consented to e-mails, "
        "have an e-mail address and are not blacklisted are selected.",
    )
    property_guests_only = fields.Boolean(
        string="This Property's Guests Only",
        default=True,
        help="Select only guests with at least one stay at the campaign's property.",
    )
    template_id = fields.Many2one(
        "mail.template",
        string="Message Template",
        domain=[("model", "=", "res.partner")],
        help="Fills the mailing's subject and body when the campaign is created (in the campaign's language).",
    )
    lang = fields.Selection(
        selection="_get_lang_selection",
        string="Language",
        default=lambda self: self.env.lang or "en_US",
        help="The language of the template's text copied into the mailing.",
    )
    holdout_pct = fields.Float(
        string="Hold-out (%)",
        digits=(5, 2),
        help="Share of the selected guests who receive nothing, chosen at random when the campaign is sent: "
        "their bookings show what would have happened without the campaign.",
    )
    response_days = fields.Integer(
        string="Response Window (days)",
        default=30,
        help="Stays booked by a selected guest within this many days after sending count as responses.",
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    cost = fields.Monetary(
        currency_field="currency_id", tracking=True, help="What the campaign cost (creative, offer)."
    )
    sent_date = fields.Datetime(
        string="Sent On", readonly=True, copy=False, help="When the recipients and the hold-out were selected."
    )
    window_end = fields.Datetime(
        string="Window Ends", compute="_compute_window_end", store=True, help="End of the response window."
    )
    member_ids = fields.One2many("hotel.crm.campaign.member", "campaign_id", string="Selected Guests", readonly=True)
    response_ids = fields.One2many("hotel.crm.campaign.response", "campaign_id", string="Responses", readonly=True)
    # the figures: counts written by _hotel_refresh_figures (one grouped query per table), rates
    # computed from them
    recipient_count = fields.Integer(string="Recipients", readonly=True, copy=False, aggregator="sum")
    holdout_count = fields.Integer(string="Hold-out Guests", readonly=True, copy=False, aggregator="sum")
    response_count = fields.Integer(
        string="Responders",
        readonly=True,
        copy=False,
        aggregator="sum",
        help="Recipients with at least one stay credited to the campaign.",
    )
    response_stay_count = fields.Integer(
        string="Stays Booked", readonly=True, copy=False, aggregator="sum", help="Stays credited to the campaign."
    )
    revenue = fields.Monetary(
        string="Attributed Revenue",
        currency_field="currency_id",
        readonly=True,
        copy=False,
        help="Revenue of the recipients' stays credited to the campaign.",
    )
    holdout_response_count = fields.Integer(string="Hold-out Responders", readonly=True, copy=False, aggregator="sum")
    response_rate = _figure("Response Rate (%)", "Responders ÷ recipients × 100.")
    holdout_response_rate = _figure(
        "Hold-out Response Rate (%)", "Hold-out guests who booked in the window ÷ hold-out guests × 100."
    )
    lift = _figure(
        "Lift (points)",
        "Response rate minus the hold-out's response rate, in percentage points; 0 without a hold-out.",
    )
    roi = _figure(
        "ROI (%)",
        "(Attributed revenue × margin − cost) ÷ cost × 100; 0 when the campaign cost nothing.",
        digits=(16, 2),
    )
    mailing_state = fields.Selection(related="mailing_id.state", string="Mailing Status")
    mailing_sent = fields.Integer(related="mailing_id.sent", string="E-mails Sent")
    mailing_opened_ratio = fields.Float(related="mailing_id.opened_ratio", string="Opened (%)")
    mailing_clicks_ratio = fields.Float(related="mailing_id.clicks_ratio", string="Clicked (%)")

    _sql_constraints = [
        ("holdout_pct_range", "CHECK(holdout_pct >= 0 AND holdout_pct < 100)", "The hold-out is a share below 100 %."),
        ("response_days_positive", "CHECK(response_days > 0)", "The response window is at least one day."),
        ("cost_positive", "CHECK(COALESCE(cost, 0) >= 0)", "A campaign's cost cannot be negative."),
    ]

    # ------------------------------------------------------------------
    # Computes
    # ------------------------------------------------------------------
    @api.model
    def _get_lang_selection(self):
        return self.env["res.lang"].get_installed()

    @api.depends("segment_filter_id")
    def _compute_segment_domain(self):
        for campaign in self:
            if campaign.segment_filter_id:
                campaign.segment_domain = campaign.segment_filter_id.domain
            elif not campaign.segment_domain:
                campaign.segment_domain = "[]"

    @api.depends("sent_date", "response_days")
    def _compute_window_end(self):
        for campaign in self:
            campaign.window_end = campaign.sent_date and fields.Datetime.add(
                campaign.sent_date, days=campaign.response_days
            )

    @api.depends(
        "recipient_count",
        "holdout_count",
        "response_count",
        "holdout_response_count",
        "revenue",
        "cost",
        "company_id.hotel_clv_margin_pct",
    )
    def _compute_rates(self):
        for campaign in self:
            rate = _percent(campaign.response_count, campaign.recipient_count)
            holdout = _percent(campaign.holdout_response_count, campaign.holdout_count)
            campaign.response_rate = rate
            campaign.holdout_response_rate = holdout
            campaign.lift = rate - holdout if campaign.holdout_count else 0.0
            campaign.roi = _percent(campaign.revenue * campaign._hotel_campaign_margin() - campaign.cost, campaign.cost)

    # ------------------------------------------------------------------
    # Constraints
    # ------------------------------------------------------------------
    @api.constrains("holdout_pct", "response_days", "cost")
    def _check_figures(self):
        for campaign in self:
            if not 0 <= campaign.holdout_pct < 100:
                raise ValidationError(
                    _("Campaign %(campaign)s: the hold-out must be between 0 and 100 %%.", campaign=campaign.name)
                )
            if campaign.response_days <= 0:
                raise ValidationError(
                    _("Campaign %(campaign)s: the response window is at least one day.", campaign=campaign.name)
                )
            if campaign.cost < 0:
                raise ValidationError(_("Campaign %(campaign)s: the cost cannot be negative.", campaign=campaign.name))

    @api.constrains("segment_domain")
    def _check_segment_domain(self):
        for campaign in self:
            domain = campaign._hotel_segment()
            try:
                # an unknown field or operator fails here, not at the send
                self.env["res.partner"].sudo()._search(domain)
            except (ValueError, KeyError, TypeError, AssertionError) as error:
                raise ValidationError(
                    _("Campaign %(campaign)s: the segment is not a valid filter.", campaign=campaign.name)
                ) from error

    # ------------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------------
    @api.model_create_multi
    def create(self, vals_list):
        campaigns = super().create(vals_list)
        for campaign in campaigns:
            campaign._hotel_trusted_write({"mailing_id": campaign._hotel_create_mailing().id})
        return campaigns

    def write(self, vals):
        frozen = {"segment_domain", "segment_filter_id", "property_guests_only", "holdout_pct", "company_id"}
        if frozen & set(vals) and self.filtered(lambda c: c.state == "sent"):
            for campaign in self.filtered(lambda c: c.state == "sent"):
                changed = [f for f in frozen & set(vals) if not campaign._hotel_unchanged(f, vals[f])]
                if changed:
                    raise UserError(
                        _(
                            "Campaign %(campaign)s was sent: %(fields)s cannot change any more (its guests were "
                            "selected at the send).",
                            campaign=campaign.name,
                            fields=", ".join(campaign._hotel_field_label(f) for f in changed),
                        )
                    )
        res = super().write(vals)
        if {"segment_domain", "segment_filter_id"} & set(vals):
            # the mailing shows the segment; the recipients come from the campaign whatever it shows
            for campaign in self.filtered(lambda c: c.mailing_id and c.state == "draft"):
                campaign.mailing_id._hotel_trusted().sudo().write({"mailing_domain": campaign.segment_domain})
        return res

    @api.ondelete(at_uninstall=False)
    def _unlink_except_sent(self):
        if self.filtered(lambda c: c.state == "sent"):
            raise UserError(_("A sent campaign cannot be deleted (its responses would be lost); archive it instead."))

    def unlink(self):
        # a draft campaign's mailing was never sent: it goes with it
        mailings = self.mailing_id.filtered(lambda m: m.state == "draft")
        res = super().unlink()
        mailings.unlink()
        return res

    def _hotel_trusted_write(self, vals):
        """Write what only the campaign's own code sets (state, stamps, figures): as superuser, whom
        the guard lets through, after the caller checked the user's right to act."""
        return self.sudo().write(vals)

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------
    def action_send(self):
        """Select the recipients and the hold-out now and queue the mailing (Email Marketing sends it).

        :raise AccessError: for a user who may not change the campaign (Hotel CRM users read only)
        :raise UserError: when the campaign was sent already, or when its segment selects nobody
        """
        self._hotel_ensure_one()
        self.check_access("write")
        if self.state != "draft":
            raise UserError(_("Campaign %(campaign)s was sent already.", campaign=self.name))
        self._hotel_select_members()
        if not self.recipient_count:
            raise UserError(
                _(
                    "Campaign %(campaign)s: its segment selects no guest who consented to e-mails (or all of "
                    "them are in the hold-out).",
                    campaign=self.name,
                )
            )
        self.mailing_id.action_put_in_queue()
        return True

    def action_open_mailing(self):
        """The campaign's mailing in Email Marketing's form: subject, body, test sending, statistics."""
        self._hotel_ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "mailing.mailing",
            "res_id": self.mailing_id.id,
            "view_mode": "form",
            "target": "current",
        }

    def action_refresh_figures(self):
        """Attribute the stays of the campaign's property again and refresh the figures (managers)."""
        self.check_access("write")
        self.env["hotel.crm.campaign.response"]._hotel_attribute(self.company_id)
        return True

    def action_view_members(self):
        """The guests the campaign selected at the send, grouped into recipients and hold-out."""
        self._hotel_ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": _("Selected Guests"),
            "res_model": "hotel.crm.campaign.member",
            "view_mode": "list",
            "domain": [("campaign_id", "=", self.id)],
            "context": {"search_default_group_holdout": 1},
        }

    def action_view_responses(self):
        """The stays credited to the campaign (recipients' and hold-out's), as a list, pivot or graph."""
        self._hotel_ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": _("Responses"),
            "res_model": "hotel.crm.campaign.response",
            "view_mode": "list,pivot,graph",
            "domain": [("campaign_id", "=", self.id)],
        }

    # ------------------------------------------------------------------
    # Business methods
    # ------------------------------------------------------------------
    def _hotel_campaign_margin(self):
        """The gross margin applied to the attributed revenue in the ROI, as a fraction (0.35 = 35 %).

        Today the property's CLV margin (``res.company.hotel_clv_margin_pct``, guest value settings);
        the one place to switch to margins per revenue category.
        :return: float between 0 and 1
        """
        self.ensure_one()
        return (self.company_id.hotel_clv_margin_pct or 0.0) / 100.0

    def _hotel_create_mailing(self):
        """The campaign's mailing on guests (``res.partner``), its text from the template if any."""
        self.ensure_one()
        vals = {
            "subject": self.name,
            "mailing_type": "mail",
            "mailing_model_id": self.env["ir.model"]._get_id("res.partner"),
            "mailing_domain": self.segment_domain or "[]",
            "hotel_campaign_id": self.id,
            "user_id": self.user_id.id or self.env.user.id,
        }
        if self.template_id:
            template = self.template_id.with_context(lang=self.lang or self.env.lang)
            vals.update(
                subject=template.subject or self.name, body_arch=template.body_html, body_html=template.body_html
            )
        return self._hotel_trusted().env["mailing.mailing"].create(vals)

    def _hotel_segment(self):
        """The segment's domain as a list, read like Odoo reads a saved filter's domain.

        :return: list (a domain on ``res.partner``)
        :raise ValidationError: naming the campaign when the text is not a domain
        """
        self.ensure_one()
        context = {
            "uid": self.env.uid,
            "user": self.env.user,
            "datetime": datetime,
            "dateutil": dateutil,
            "time": time,
            "relativedelta": relativedelta,
            "context_today": lambda: self.company_id._hotel_today(),
        }
        try:
            domain = safe_eval(self.segment_domain or "[]", context)
            expression.normalize_domain(domain)
            if not isinstance(domain, list | tuple):
                raise ValueError(domain)
        except Exception as error:
            raise ValidationError(
                _("Campaign %(campaign)s: the segment is not a valid filter.", campaign=self.name)
            ) from error
        return list(domain)

    def _hotel_eligible_domain(self):
        """Who the campaign may select: the segment, restricted whatever it says.

        Guests (``hotel_guest``) who consented to e-mails and to marketing (the consent gate's rule
        for marketing, ``res.partner._hotel_consent_sql``), with an e-mail address, not blacklisted,
        and, with *This Property's Guests Only*, with a stay at the campaign's property. The consent
        and stay conditions are sub-queries run as superuser: they hold even for a user who may not
        read those fields.
        :return: list (a domain on ``res.partner``)
        """
        self.ensure_one()
        # a campaign is marketing: the consent gate's rule (e-mail and marketing consent)
        required = [
            ("hotel_consent_email", "=", True),
            ("hotel_consent_marketing", "=", True),
            ("hotel_guest", "=", True),
        ]
        if self.property_guests_only:
            required.append(("hotel_stay_ids.company_id", "=", self.company_id.id))
        Partner = self.env["res.partner"]
        return expression.AND(
            [
                self._hotel_segment(),
                [("email_normalized", "!=", False), ("is_blacklisted", "=", False)],
                [("id", "in", Partner.sudo().with_context(active_test=False)._search(required))],
            ]
        )

    def _hotel_recipient_domain(self):
        """The guests the mailing goes to: once sent, the selected recipients (never the hold-out),
        before, the eligible guests (for Email Marketing's recipient count).

        :return: list (a domain on ``res.partner``)
        """
        self.ensure_one()
        if self.state != "sent":
            return self._hotel_eligible_domain()
        members = self.env["res.partner"].sudo().with_context(active_test=False)
        return [
            (
                "id",
                "in",
                members._search(
                    [("hotel_campaign_member_ids", "any", [("campaign_id", "=", self.id), ("holdout", "=", False)])]
                ),
            )
        ]

    def _hotel_select_members(self):
        """Select the campaign's guests once, at the send: the eligible guests of the segment, a random
        ``holdout_pct`` % of them (rounded half up) in the hold-out, the others recipients.

        One ``INSERT … SELECT``; the hold-out is the first guests in the order of
        ``md5(campaign id, guest id)``: random across guests, the same if it were run again. Stamps
        ``sent_date`` and the state; does nothing for a campaign already sent. Runs as superuser:
        the callers (*Send*, Email Marketing's sending) checked the user's right to send.
        """
        for campaign in self.sudo().filtered(lambda c: c.state == "draft"):
            eligible = campaign._hotel_eligible_domain()
            Partner = campaign.env["res.partner"].with_company(campaign.company_id)
            total = Partner.search_count(eligible)
            holdout = int(total * campaign.holdout_pct / 100.0 + 0.5)
            query = Partner._search(eligible)
            self.env.execute_query(
                SQL(
                    """
                INSERT INTO hotel_crm_campaign_member
                       (campaign_id, partner_id, company_id, holdout, create_uid, create_date, write_uid, write_date)
                SELECT %(campaign)s, p.id, %(company)s,
                       row_number() OVER (ORDER BY md5(%(campaign)s::text || '-' || p.id::text), p.id) <= %(holdout)s,
                       %(uid)s, now() at time zone 'UTC', %(uid)s, now() at time zone 'UTC'
                  FROM (%(partners)s) AS p(id)
                    ON CONFLICT DO NOTHING
                """,
                    campaign=campaign.id,
                    company=campaign.company_id.id,
                    holdout=holdout,
                    uid=self.env.uid,
                    partners=query.select(),
                )
            )
            self.env.invalidate_all()
            campaign._hotel_trusted_write({"state": "sent", "sent_date": fields.Datetime.now()})
            campaign._hotel_refresh_figures()
            campaign.message_post(
                body=_(
                    "Sent to %(recipients)s guests; %(holdout)s in the hold-out.",
                    recipients=campaign.recipient_count,
                    holdout=campaign.holdout_count,
                )
            )

    def _hotel_refresh_figures(self):
        """Count the members and the credited responses of these campaigns (two grouped queries) and
        write the counts; the rates, lift and ROI follow (stored computes)."""
        if not self:
            return
        self.env.flush_all()
        members = dict.fromkeys(self.ids, (0, 0))
        rows = self.env.execute_query(
            SQL(
                """
            SELECT campaign_id, count(*) FILTER (WHERE NOT holdout), count(*) FILTER (WHERE holdout)
              FROM hotel_crm_campaign_member
             WHERE campaign_id = ANY(%s)
          GROUP BY campaign_id
            """,
                self.ids,
            )
        )
        for campaign_id, recipients, holdout in rows:
            members[campaign_id] = (recipients, holdout)
        responses = dict.fromkeys(self.ids, (0, 0, 0.0, 0))
        rows = self.env.execute_query(
            SQL(
                """
            SELECT campaign_id,
                   count(DISTINCT partner_id) FILTER (WHERE NOT holdout),
                   count(*) FILTER (WHERE NOT holdout),
                   COALESCE(sum(revenue) FILTER (WHERE NOT holdout), 0),
                   count(DISTINCT partner_id) FILTER (WHERE holdout)
              FROM hotel_crm_campaign_response
             WHERE campaign_id = ANY(%s)
          GROUP BY campaign_id
            """,
                self.ids,
            )
        )
        for campaign_id, responders, stays, revenue, holdout_responders in rows:
            responses[campaign_id] = (responders, stays, float(revenue), holdout_responders)
        for campaign in self:
            recipients, holdout = members[campaign.id]
            responders, stays, revenue, holdout_responders = responses[campaign.id]
            vals = {
                "recipient_count": recipients,
                "holdout_count": holdout,
                "response_count": responders,
                "response_stay_count": stays,
                "revenue": revenue,
                "holdout_response_count": holdout_responders,
            }
            if any(campaign[fname] != value for fname, value in vals.items()):
                campaign._hotel_trusted_write(vals)

    @api.model
    def _cron_attribute_responses(self, days=ATTRIBUTION_DAYS):
        """The nightly job: credit the stays of every property booked in the last ``days`` days to
        campaigns (a cancellation or a compensation flag that late is still taken into account) and
        refresh the figures of the campaigns concerned."""
        since = fields.Datetime.subtract(fields.Datetime.now(), days=days)
        self.env["hotel.crm.campaign.response"]._hotel_attribute(self.env["res.company"].sudo().search([]), since=since)
