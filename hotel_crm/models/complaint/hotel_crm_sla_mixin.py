from collections import defaultdict
from datetime import timedelta

from odoo import _, api, fields, models
from odoo.exceptions import AccessError
from odoo.tools import SQL

from .common import MANAGER, STAFF

SLA_FLAGS = ["sla_response_breached", "sla_resolution_breached", "sla_response_notified", "sla_resolution_notified"]
SLA_DEADLINES = ("response_deadline", "resolution_deadline")
# writing one of these re-runs the SLA evaluation with reset: a breach that no longer holds is cleared
SLA_RESET_FIELDS = ("severity", "date_received", "company_id", *SLA_DEADLINES, "first_response_date", "resolved_date")
SLA_STATUSES = [
    ("none", "No SLA"),
    ("on_track", "On Track"),
    ("at_risk", "At Risk"),
    ("overdue", "Overdue"),
    ("met", "Met"),
    ("breached", "Breached"),
]
# share of the allowed time left under which a running SLA is shown "at risk"
SLA_AT_RISK_SHARE = 0.25


def _format_hours(env, hours):
    """``2.25`` -> ``"2 h 15 min"``; used in kanban cards and notifications."""
    _ = env._
    minutes = round(abs(hours) * 60)
    days, minutes = divmod(minutes, 24 * 60)
    hrs, mins = divmod(minutes, 60)
    if days:
        return _("%(days)s d %(hours)s h", days=days, hours=hrs)
    if hrs:
        return _("%(hours)s h %(minutes)s min", hours=hrs, minutes=mins)
    return _("%(minutes)s min", minutes=mins)


class HotelCrmSlaMixin(models.AbstractModel):
    """Service-level agreement of a record handled by the staff: deadlines, breaches, escalation.

    The unit that holds the SLA of a complaint (as OCA ``helpdesk_mgmt_sla`` holds the SLA of a
    ticket), in the way Odoo's mixins do: the host model inherits it and gets the fields, the
    computes, the breach evaluation and the cron. The policy (response and resolution hours per
    severity and property) is ``hotel.crm.sla.policy``.

    The host model provides the fields ``date_received``, ``first_response_date``,
    ``resolved_date`` (datetimes), ``severity`` (a selection), ``company_id`` and ``user_id``;
    it inherits ``mail.thread`` and ``mail.activity.mixin`` (breaches are posted and escalated as
    activities), and implements :meth:`_hotel_breach_recipients` and
    :meth:`_hotel_escalation_user`.

    Hooks for the host's ``create``/``write``: :meth:`_hotel_sla_create_context`,
    :meth:`_hotel_sla_prepare_create_vals`, :meth:`_hotel_sla_check_write` (only a manager moves
    the deadlines) and :meth:`_hotel_sla_after_write` (re-evaluate after a change of deadlines or
    stage); :meth:`_hotel_sla_evaluate` marks, notifies and escalates breaches.
    """

    _name = "hotel.crm.sla.mixin"
    _description = "Hotel CRM SLA"

    sla_policy_id = fields.Many2one(
        "hotel.crm.sla.policy",
        string="SLA Policy",
        compute="_compute_sla_deadlines",
        store=True,
        readonly=True,
        groups=STAFF,
    )
    response_deadline = fields.Datetime(
        compute="_compute_sla_deadlines",
        store=True,
        readonly=False,
        index=True,
        groups=STAFF,
        help="Set from the SLA policy; only a manager may change it, which re-evaluates the breach.",
    )
    resolution_deadline = fields.Datetime(
        compute="_compute_sla_deadlines",
        store=True,
        readonly=False,
        index=True,
        groups=STAFF,
        help="Set from the SLA policy; only a manager may change it, which re-evaluates the breach.",
    )
    response_hours = fields.Float(compute="_compute_hours", store=True, aggregator="avg", digits=(16, 2), groups=STAFF)
    resolution_hours = fields.Float(
        compute="_compute_hours", store=True, aggregator="avg", digits=(16, 2), groups=STAFF
    )
    sla_response_breached = fields.Boolean(string="Response SLA Breached", readonly=True, copy=False, groups=STAFF)
    sla_resolution_breached = fields.Boolean(string="Resolution SLA Breached", readonly=True, copy=False, groups=STAFF)
    sla_breached = fields.Boolean(
        string="SLA Breached", compute="_compute_sla_breached", store=True, index=True, tracking=True, groups=STAFF
    )
    sla_response_notified = fields.Boolean(
        string="Response Breach Notified",
        readonly=True,
        copy=False,
        groups=STAFF,
        help="Set once the breach was notified.",
    )
    sla_resolution_notified = fields.Boolean(
        string="Resolution Breach Notified",
        readonly=True,
        copy=False,
        groups=STAFF,
        help="Set once the breach was notified.",
    )
    escalation_level = fields.Integer(readonly=True, copy=False, tracking=True, groups=STAFF)
    sla_status = fields.Selection(SLA_STATUSES, string="SLA Status", compute="_compute_sla_status", groups=STAFF)
    sla_status_label = fields.Char(string="Time Left", compute="_compute_sla_status", groups=STAFF)

    # ------------------------------------------------------------------
    # Computes
    # ------------------------------------------------------------------
    @api.depends("severity", "company_id", "date_received")
    def _compute_sla_deadlines(self):
        policies = self.env["hotel.crm.sla.policy"]._hotel_policy_map(self.company_id)
        for complaint in self:
            policy = policies.get((complaint.company_id.id, complaint.severity)) or policies.get(
                (False, complaint.severity)
            )
            complaint.sla_policy_id = policy
            if not policy:
                complaint.response_deadline = complaint.resolution_deadline = False
                continue
            start = complaint.date_received or fields.Datetime.now()
            complaint.response_deadline = start + timedelta(hours=policy.response_hours)
            complaint.resolution_deadline = start + timedelta(hours=policy.resolution_hours)

    @api.depends("date_received", "first_response_date", "resolved_date")
    def _compute_hours(self):
        for complaint in self:
            start = complaint.date_received
            complaint.response_hours = (
                (complaint.first_response_date - start).total_seconds() / 3600
                if start and complaint.first_response_date
                else 0.0
            )
            complaint.resolution_hours = (
                (complaint.resolved_date - start).total_seconds() / 3600 if start and complaint.resolved_date else 0.0
            )

    @api.depends("sla_response_breached", "sla_resolution_breached")
    def _compute_sla_breached(self):
        for complaint in self:
            complaint.sla_breached = complaint.sla_response_breached or complaint.sla_resolution_breached

    @api.depends_context("uid")
    @api.depends("response_deadline", "resolution_deadline", "first_response_date", "resolved_date", "sla_breached")
    def _compute_sla_status(self):
        now = fields.Datetime.now()
        for complaint in self:
            if complaint.first_response_date:
                deadline, done = complaint.resolution_deadline, complaint.resolved_date
                total = (complaint.resolution_deadline - complaint.date_received) if deadline else None
            else:
                deadline, done = complaint.response_deadline, False
                total = (complaint.response_deadline - complaint.date_received) if deadline else None
            if not deadline:
                complaint.sla_status, complaint.sla_status_label = "none", False
            elif done:
                complaint.sla_status = "breached" if complaint.sla_breached else "met"
                complaint.sla_status_label = False
            else:
                left = (deadline - now).total_seconds() / 3600
                if left < 0:
                    complaint.sla_status = "overdue"
                    complaint.sla_status_label = _("Overdue by %(time)s", time=_format_hours(self.env, left))
                else:
                    at_risk = total and left <= total.total_seconds() / 3600 * SLA_AT_RISK_SHARE
                    complaint.sla_status = "at_risk" if at_risk else "on_track"
                    complaint.sla_status_label = _("%(time)s left", time=_format_hours(self.env, left))

    # ------------------------------------------------------------------
    # Hooks for the host's create / write
    # ------------------------------------------------------------------
    def _hotel_is_manager(self):
        """Whether the current user may move the SLA (and decide what only managers decide)."""
        return self.env.su or self.env.user.has_group(MANAGER)

    def _hotel_sla_create_context(self):
        """The recordset to create with: for a non-manager, without ``default_`` context keys of
        the deadlines (the deadlines follow the SLA policy; no context default may fill them in
        either, and a ``default_x=False`` would, hence the keys are dropped)."""
        if self._hotel_is_manager():
            return self
        dropped = {f"default_{fname}" for fname in SLA_DEADLINES}
        return self.with_context(  # pylint: disable=context-overridden
            {key: value for key, value in self.env.context.items() if key not in dropped}
        )

    @api.model
    def _hotel_sla_prepare_create_vals(self, vals, now):
        """For a non-manager: drop the deadlines (they follow the SLA policy) and bring a date
        received in the future back to ``now`` (a complaint taken down late keeps its real time,
        but none in the future: that would push its deadlines back). Changes ``vals`` in place."""
        if self._hotel_is_manager():
            return
        for fname in SLA_DEADLINES:
            vals.pop(fname, None)
        if vals.get("date_received") and fields.Datetime.to_datetime(vals["date_received"]) > now:
            vals["date_received"] = now

    def _hotel_sla_check_write(self, vals):
        """Only a manager moves the SLA: refuse a new date received (the deadlines run from it) or
        new deadlines; deadlines sent along with a new severity, date or property (the form does)
        are dropped, the policy recomputes them.

        :return: the values to write (``vals`` itself, or a copy without the deadlines)
        :raise AccessError: a non-manager changes the date received or the deadlines alone
        """
        if "date_received" in vals and not self._hotel_is_manager():
            received = fields.Datetime.to_datetime(vals["date_received"])
            if any(record.date_received != received for record in self):
                raise AccessError(
                    _(
                        "Complaints %(complaints)s: only a Hotel CRM manager may change the date received, "
                        "which the SLA deadlines run from.",
                        complaints=", ".join(self.mapped("display_name")),
                    )
                )
        if any(fname in vals for fname in SLA_DEADLINES) and not self._hotel_is_manager():
            if not any(fname in vals for fname in ("severity", "date_received", "company_id")):
                raise AccessError(
                    _(
                        "Complaints %(complaints)s: only a Hotel CRM manager may change the SLA deadlines.",
                        complaints=", ".join(self.mapped("display_name")),
                    )
                )
            vals = {fname: value for fname, value in vals.items() if fname not in SLA_DEADLINES}
        return vals

    def _hotel_sla_after_write(self, vals):
        """Re-evaluate the breaches after a write: with reset when the deadlines may have moved
        (:data:`SLA_RESET_FIELDS`), else when the stage changed.

        :return: whether the deadlines may have moved
        """
        if any(fname in vals for fname in SLA_RESET_FIELDS):
            self._hotel_sla_evaluate(fields.Datetime.now(), reset=True)
            return True
        if "stage_id" in vals:
            self._hotel_sla_evaluate(fields.Datetime.now())
        return False

    # ------------------------------------------------------------------
    # Breaches
    # ------------------------------------------------------------------
    def _hotel_lock(self, fnames):
        """Lock the rows and re-read ``fnames``, so a side effect guarded by them runs once even with
        two workers at the same time (the second one waits, then sees the first one's flags)."""
        self.flush_recordset(fnames)
        self.env.cr.execute(
            SQL("SELECT id FROM %s WHERE id IN %s ORDER BY id FOR UPDATE", SQL.identifier(self._table), tuple(self.ids))
        )
        self.invalidate_recordset(fnames)

    def _hotel_sla_evaluate(self, now, reset=False):
        """Set the breach flags from the deadlines; notify and escalate every new breach once.

        With ``reset`` (deadlines changed), breaches that no longer hold are cleared together with
        their notification flag, so a later breach of the new deadline is notified again.
        """
        newly = defaultdict(lambda: self.browse())
        to_write = defaultdict(list)
        if not self:
            return newly
        self._hotel_lock(SLA_FLAGS)
        for complaint in self:
            response = bool(
                complaint.response_deadline and (complaint.first_response_date or now) > complaint.response_deadline
            )
            resolution = bool(
                complaint.resolution_deadline and (complaint.resolved_date or now) > complaint.resolution_deadline
            )
            vals = {}
            for kind, breached in (("response", response), ("resolution", resolution)):
                flag, notified = f"sla_{kind}_breached", f"sla_{kind}_notified"
                if breached and not complaint[flag]:
                    vals[flag] = True
                elif reset and not breached and complaint[flag]:
                    vals.update({flag: False, notified: False})
                if breached and not complaint[notified]:
                    vals[notified] = True
                    newly[kind] |= complaint
            if vals:
                to_write[tuple(sorted(vals.items()))].append(complaint.id)
        # one write per combination of flags, not one per complaint
        for vals, ids in to_write.items():
            self.browse(ids).sudo().write(dict(vals))
        for kind, complaints in newly.items():
            complaints._hotel_notify_breach(kind)
        return newly

    @api.model
    def _cron_check_sla(self, limit=1000):
        """Every 15 minutes: mark, notify and escalate SLA breaches.

        Candidates are picked and locked in SQL (``SKIP LOCKED``), so two workers never notify the
        same breach twice; the notified flags make repeated runs do nothing more.
        """
        now = fields.Datetime.now()
        self.flush_model()
        seen = set()
        while True:
            self.env.cr.execute(
                SQL(
                    """
                    SELECT id FROM %(table)s
                     WHERE active
                       AND ((NOT COALESCE(sla_response_notified, FALSE)
                             AND response_deadline < %(now)s
                             AND (first_response_date IS NULL OR first_response_date > response_deadline))
                         OR (NOT COALESCE(sla_resolution_notified, FALSE)
                             AND resolution_deadline < %(now)s
                             AND (resolved_date IS NULL OR resolved_date > resolution_deadline)))
                     ORDER BY id
                     LIMIT %(limit)s
                     FOR UPDATE SKIP LOCKED
                    """,
                    table=SQL.identifier(self._table),
                    now=now,
                    limit=limit,
                )
            )
            ids = [row[0] for row in self.env.cr.fetchall()]
            if not ids or seen.issuperset(ids):
                break
            seen.update(ids)
            self.browse(ids).with_context(mail_notify_force_send=False)._hotel_sla_evaluate(now)
            if len(ids) < limit:
                break
        return True

    def _hotel_breach_recipients(self):
        """Users told about a breach of this record (``res.users``); implemented by the host."""
        raise NotImplementedError

    def _hotel_escalation_user(self):
        """The user a breach of this record is escalated to (``res.users``); implemented by the host."""
        raise NotImplementedError

    def _hotel_notify_breach(self, kind):
        activity_type = self.env.ref(
            "hotel_crm.mail_activity_type_hotel_complaint_escalation", raise_if_not_found=False
        )
        for complaint in self:
            # written in the property's language: the chatter is read by its whole team
            lang_env = complaint.with_context(lang=complaint.company_id._hotel_message_lang()).env
            severities = dict(self._fields["severity"]._description_selection(lang_env))
            if complaint.resolved_date:
                # resolved late, or closed history imported: the breach stays recorded (sla_breached) for
                # the reporting, but there is nobody left to chase
                continue
            recipients = complaint._hotel_breach_recipients()
            deadline = complaint.response_deadline if kind == "response" else complaint.resolution_deadline
            # the property's local time, which is the time the staff works in
            deadline = complaint.company_id.with_env(lang_env)._hotel_format_datetime(deadline)
            if kind == "response":
                body = lang_env._(
                    "SLA breach: complaint %(complaint)s (%(severity)s) was not answered by %(deadline)s.",
                    complaint=complaint.display_name,
                    severity=severities[complaint.severity],
                    deadline=deadline,
                )
            else:
                body = lang_env._(
                    "SLA breach: complaint %(complaint)s (%(severity)s) was not resolved by %(deadline)s.",
                    complaint=complaint.display_name,
                    severity=severities[complaint.severity],
                    deadline=deadline,
                )
            complaint = complaint.sudo()
            if recipients:
                complaint.message_subscribe(partner_ids=recipients.partner_id.ids)
            complaint.message_post(
                body=body,
                partner_ids=recipients.partner_id.ids,
                message_type="notification",
                subtype_xmlid="mail.mt_note",
            )
            complaint.escalation_level += 1
            escalate_to = complaint._hotel_escalation_user()
            if activity_type and escalate_to:
                complaint.activity_schedule(
                    activity_type_id=activity_type.id,
                    user_id=escalate_to.id,
                    summary=lang_env._(
                        "Escalated: %(kind)s SLA breached",
                        kind=lang_env._("response") if kind == "response" else lang_env._("resolution"),
                    ),
                    note=body,
                )
