from collections import Counter, defaultdict
from datetime import timedelta

from markupsafe import Markup

from odoo import _, api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL

ALERT_KINDS = [
    ("complaints", "Complaint Spike"),
    ("reviews", "Low Review Spike"),
]
ALERT_STATES = [
    ("new", "New"),
    ("escalated", "Critical Complaint Opened"),
    ("dismissed", "Dismissed"),
]


class HotelCrmCrisisAlert(models.Model):
    """A crisis early warning: a spike of complaints of one category at one property, or of low
    online reviews on one day of a property.

    Raised by the cron :meth:`_cron_detect_spikes` from the thresholds of the property (Settings):
    at least ``hotel_crisis_complaint_count`` complaints of one category within
    ``hotel_crisis_complaint_hours`` hours, or at least ``hotel_crisis_review_count`` reviews whose
    normalised rating is at or below ``hotel_review_low_rating`` on one local day. One alert per
    spike (``spike_key`` is unique): a spike that goes on extends its alert, and the crisis team is
    notified once, when the alert is raised. The alert proposes a critical complaint (button), it
    does not open one.
    """

    _name = "hotel.crm.crisis.alert"
    _description = "Crisis Early Warning"
    _inherit = ["mail.thread", "mail.activity.mixin", "hotel.crm.protected.fields.mixin"]
    _order = "window_end desc, id desc"
    _check_company_auto = True

    name = fields.Char(compute="_compute_name", store=True)
    company_id = fields.Many2one("res.company", string="Property", required=True, index=True, readonly=True)
    kind = fields.Selection(ALERT_KINDS, string="Signal", required=True, readonly=True, index=True)
    category_id = fields.Many2one("hotel.crm.complaint.category", readonly=True, index=True)
    window_start = fields.Datetime(
        required=True, readonly=True, help="First complaint of the spike; for reviews, the start of the property's day."
    )
    window_end = fields.Datetime(
        required=True, readonly=True, help="Last complaint of the spike; for reviews, the end of the property's day."
    )
    window_hours = fields.Integer(string="Window (hours)", readonly=True)
    count = fields.Integer(readonly=True, aggregator="sum")
    threshold = fields.Integer(readonly=True, help="The property's threshold when the spike was found.")
    spike_key = fields.Char(readonly=True, copy=False, index=True, help="What makes the spike unique.")
    state = fields.Selection(ALERT_STATES, required=True, default="new", index=True, tracking=True)
    complaint_ids = fields.Many2many(
        "hotel.crm.complaint",
        "hotel_crm_crisis_alert_complaint_rel",
        "alert_id",
        "complaint_id",
        string="Complaints",
        readonly=True,
    )
    review_ids = fields.Many2many(
        "hotel.crm.review",
        "hotel_crm_crisis_alert_review_rel",
        "alert_id",
        "review_id",
        string="Reviews",
        readonly=True,
    )
    crisis_type_id = fields.Many2one(
        "hotel.crm.crisis.type",
        tracking=True,
        help="The crisis plan the proposed critical complaint follows; proposed from the category.",
    )
    critical_complaint_id = fields.Many2one("hotel.crm.complaint", readonly=True, copy=False)

    _sql_constraints = [
        ("spike_key_unique", "UNIQUE(spike_key)", "A spike is warned of once."),
        ("count_positive", "CHECK(count >= 0)", "The count of a crisis warning cannot be negative."),
    ]

    @api.depends("kind", "category_id", "count", "company_id")
    def _compute_name(self):
        for alert in self:
            if alert.kind == "reviews":
                alert.name = _("%(count)s low reviews in a day", count=alert.count)
            else:
                alert.name = _(
                    "%(count)s complaints: %(category)s", count=alert.count, category=alert.category_id.name or ""
                )

    # ------------------------------------------------------------------
    # Detection
    # ------------------------------------------------------------------
    @api.model
    def _cron_detect_spikes(self):
        """Every 30 minutes: raise a crisis warning for each new spike, extend the running ones.

        One run at a time (``base._hotel_job_lock``): a second run started meanwhile returns no
        alert instead of failing on the unique ``spike_key`` (or extending an alert twice).

        :return: the alerts raised or extended (``hotel.crm.crisis.alert``)
        """
        if not self._hotel_job_lock("crisis_warning"):
            return self.browse()
        now = fields.Datetime.now()
        alerts = self.sudo()._hotel_detect_complaint_spikes(now) | self.sudo()._hotel_detect_review_spikes(now)
        return alerts.with_env(self.env)

    @api.model
    def _hotel_detect_complaint_spikes(self, now):
        """Complaints (type complaint, active, with a category) per property and category in the
        property's window ending ``now``; one query over every property.

        :return: the alerts raised or extended
        """
        self.env["hotel.crm.complaint"].flush_model(
            ["company_id", "category_id", "date_received", "feedback_type", "active"]
        )
        self.env["res.company"].flush_model(["hotel_crisis_complaint_count", "hotel_crisis_complaint_hours"])
        rows = self.env.execute_query(
            SQL(
                """
                SELECT c.company_id, c.category_id, array_agg(c.id ORDER BY c.date_received, c.id),
                       MIN(c.date_received), MAX(c.date_received),
                       MIN(co.hotel_crisis_complaint_count), MIN(co.hotel_crisis_complaint_hours)
                  FROM hotel_crm_complaint c
                  JOIN res_company co ON co.id = c.company_id
                 WHERE c.active
                   AND c.feedback_type = 'complaint'
                   AND c.category_id IS NOT NULL
                   AND co.hotel_crisis_complaint_count > 0
                   AND c.date_received > %(now)s - INTERVAL '1 hour' * co.hotel_crisis_complaint_hours
                   AND c.date_received <= %(now)s
                 GROUP BY c.company_id, c.category_id
                HAVING COUNT(*) >= MIN(co.hotel_crisis_complaint_count)
                """,
                now=now,
            )
        )
        alerts = self.browse()
        for company_id, category_id, complaint_ids, first, last, threshold, hours in rows:
            # the running spike: an alert of the same property and category whose complaints
            # overlap this window
            running = self.search(
                [
                    ("kind", "=", "complaints"),
                    ("company_id", "=", company_id),
                    ("category_id", "=", category_id),
                    ("window_end", ">=", first),
                ],
                order="window_end desc",
                limit=1,
            )
            if running:
                running._hotel_extend(complaint_ids, last)
                alerts |= running
                continue
            category = self.env["hotel.crm.complaint.category"].browse(category_id)
            alerts |= self._hotel_raise(
                {
                    "kind": "complaints",
                    "company_id": company_id,
                    "category_id": category_id,
                    "window_start": first,
                    "window_end": last,
                    "window_hours": hours,
                    "count": len(complaint_ids),
                    "threshold": threshold,
                    "complaint_ids": [fields.Command.set(complaint_ids)],
                    "crisis_type_id": category.crisis_type_id.id,
                    "spike_key": f"complaints:{company_id}:{category_id}:{fields.Datetime.to_string(first)}",
                }
            )
        return alerts

    @api.model
    def _hotel_detect_review_spikes(self, now):
        """Low reviews (normalised rating at or below the property's ``hotel_review_low_rating``)
        per property and local day, today and yesterday (a day that ended between two runs); one
        query over every property.

        :return: the alerts raised or extended
        """
        if "hotel.crm.review" not in self.env:
            return self.browse()
        companies = self.env["res.company"].search(
            [("hotel_crisis_review_count", ">", 0), ("hotel_review_low_rating", ">=", 0)]
        )
        if not companies:
            return self.browse()
        reviews = self.env["hotel.crm.review"].search(
            [("company_id", "in", companies.ids), ("date", ">", now - timedelta(days=3)), ("date", "<=", now)]
        )
        days = defaultdict(lambda: self.env["hotel.crm.review"])
        for review in reviews:
            company = review.company_id
            if review.rating_normalized <= company.hotel_review_low_rating:
                days[(company, company._hotel_localize(review.date).date())] |= review
        alerts = self.browse()
        public_opinion = self.env.ref("hotel_crm.crisis_type_public_opinion", raise_if_not_found=False)
        for (company, day), low in days.items():
            today = company._hotel_localize(now).date()
            if day < today - timedelta(days=1) or len(low) < company.hotel_crisis_review_count:
                continue
            key = f"reviews:{company.id}:{day.isoformat()}"
            running = self.search([("spike_key", "=", key)], limit=1)
            if running:
                running._hotel_extend(low.ids, max(low.mapped("date")), field="review_ids")
                alerts |= running
                continue
            alerts |= self._hotel_raise(
                {
                    "kind": "reviews",
                    "company_id": company.id,
                    "window_start": company._hotel_day_start(day),
                    "window_end": company._hotel_day_start(day + timedelta(days=1)),
                    "window_hours": 24,
                    "count": len(low),
                    "threshold": company.hotel_crisis_review_count,
                    "review_ids": [fields.Command.set(low.ids)],
                    "crisis_type_id": public_opinion.id if public_opinion else False,
                    "spike_key": key,
                }
            )
        return alerts

    def _hotel_extend(self, record_ids, last, field="complaint_ids"):
        """The spike goes on: add the new complaints (or reviews) to the running alert, silently
        (the team was notified when it was raised)."""
        self.ensure_one()
        new_ids = set(record_ids) - set(self[field].ids)
        if not new_ids:
            return
        vals = {field: [fields.Command.link(record_id) for record_id in sorted(new_ids)]}
        vals["count"] = len(self[field]) + len(new_ids)
        if field == "complaint_ids":
            vals["window_end"] = max(self.window_end, last)
        self.write(vals)

    @api.model
    def _hotel_raise(self, vals):
        """Create the alert of a new spike and notify the property's crisis team, once.

        A second run that found the same spike at the same time hits the unique ``spike_key``
        and its transaction is rolled back with its notification.
        """
        alert = self.create(vals)
        alert._hotel_notify_crisis_team()
        return alert

    def _hotel_notify_crisis_team(self):
        """Post the warning to the crisis team of the property (followers and notified), in the
        property's language."""
        for alert in self:
            team = alert.company_id._hotel_crisis_team()
            if team:
                alert.message_subscribe(partner_ids=team.partner_id.ids)
            lang_env = alert.with_context(lang=alert.company_id._hotel_message_lang()).env
            company = alert.company_id.with_env(lang_env)
            window = f"{company._hotel_format_datetime(alert.window_start)} - "
            window += company._hotel_format_datetime(alert.window_end)
            if alert.kind == "reviews":
                body = lang_env._(
                    "Crisis warning at %(property)s: %(count)s online reviews at or below the low rating on one day "
                    "(%(window)s). Check them and decide whether to open a critical complaint.",
                    property=alert.company_id.name,
                    count=alert.count,
                    window=window,
                )
            else:
                body = lang_env._(
                    "Crisis warning at %(property)s: %(count)s complaints of category %(category)s within "
                    "%(hours)s hours (%(window)s). Check them and decide whether to open a critical complaint.",
                    property=alert.company_id.name,
                    count=alert.count,
                    category=alert.category_id.with_env(lang_env).name,
                    hours=alert.window_hours,
                    window=window,
                )
            alert.message_post(
                body=body,
                partner_ids=team.partner_id.ids,
                message_type="notification",
                subtype_xmlid="mail.mt_note",
            )

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------
    def action_create_critical_complaint(self):
        """Open the critical complaint the alert proposes: the crisis plan of its type starts.

        :return: the window action opening the complaint (the one opened before, if any)
        :raise UserError: the alert was dismissed
        """
        self._hotel_ensure_one()
        if self.critical_complaint_id:
            return self._hotel_open(self.critical_complaint_id)
        if self.state == "dismissed":
            raise UserError(_("Crisis warning %(alert)s was dismissed: reopen it first.", alert=self.display_name))
        complaint = self.env["hotel.crm.complaint"].create(self._hotel_critical_complaint_vals())
        self._hotel_trusted().write({"critical_complaint_id": complaint.id, "state": "escalated"})
        return self._hotel_open(complaint)

    def _hotel_critical_complaint_vals(self):
        """Values of the critical complaint this alert proposes; override to route it."""
        self.ensure_one()
        sources = self.complaint_ids if self.kind == "complaints" else self.review_ids
        lines = Markup("").join(Markup("<li>%s</li>") % record.display_name for record in sources)
        if self.kind == "reviews":
            channel = "ota_review"
            name = _("Crisis: %(count)s low online reviews in a day", count=self.count)
        else:
            channels = Counter(self.complaint_ids.mapped("channel"))
            channel = channels.most_common(1)[0][0] if channels else "in_person"
            name = _(
                "Crisis: %(count)s complaints about %(category)s", count=self.count, category=self.category_id.name
            )
        return {
            "name": name,
            "company_id": self.company_id.id,
            "category_id": self.category_id.id,
            "severity": "critical",
            "channel": channel,
            "feedback_type": "complaint",
            "crisis_type_id": self.crisis_type_id.id,
            "description": Markup("<p>%s</p><ul>%s</ul>") % (self.name, lines),
        }

    def action_dismiss(self):
        """No crisis after all: the alert is dismissed (it stays for the record)."""
        self._hotel_trusted().filtered(lambda a: a.state == "new").write({"state": "dismissed"})
        return True

    def action_reopen(self):
        self._hotel_trusted().filtered(lambda a: a.state == "dismissed").write({"state": "new"})
        return True

    def _hotel_open(self, complaint):
        return {
            "type": "ir.actions.act_window",
            "res_model": "hotel.crm.complaint",
            "res_id": complaint.id,
            "view_mode": "form",
            "target": "current",
        }
