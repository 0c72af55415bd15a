from datetime import datetime, time, timedelta

import pytz
from markupsafe import Markup

from odoo import _, api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL

# the courtesy call is due by noon, property time, on the morning after the guest checked in
DUE_HOUR = 12
OUTCOMES = [
    ("none", "Not Done"),
    ("satisfied", "Satisfied"),
    ("issue", "Issue"),
    # the courtesy call's activity was marked done (chatter, activity view) instead of a button
    ("contacted", "Contacted"),
]
# why a guest gets a courtesy call: the criteria of the property's settings, in this order; each
# is a boolean ``reason_<key>`` of the check and ``hotel_instay_check_<key>`` of the property
CRITERIA = ("value", "tier", "at_risk", "complained", "first_stay")
ACTIVITY_TYPE = "hotel_crm.mail_activity_type_hotel_courtesy_call"


class HotelCrmStayCheck(models.Model):
    """The in-stay check of one stay: a courtesy call by guest relations the morning after check-in.

    Created by the application only, when an in-house guest matches the property's criteria
    (Settings, *In-Stay Check*); at most one per stay (a unique constraint). Its outcome is
    recorded once, with one click: *Satisfied*, or *Issue*, which opens a complaint on the
    in-house stay (channel *In-Stay Check*) so that the problem is fixed before departure. Marking
    the courtesy call's activity done instead (chatter, activity views) records *Contacted*: the
    call was made, no outcome given; the feedback typed there is kept in ``note``. The *In-Stay
    Check Analysis* report reads these records.
    """

    _name = "hotel.crm.stay.check"
    _description = "In-Stay Check"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "date_due desc, id desc"
    _rec_name = "stay_id"
    _check_company_auto = True

    stay_id = fields.Many2one("hotel.crm.stay", required=True, readonly=True, index=True, ondelete="cascade")
    partner_id = fields.Many2one(related="stay_id.partner_id", string="Guest", store=True, index=True)
    company_id = fields.Many2one(
        "res.company", string="Property", required=True, readonly=True, index=True, default=lambda s: s.env.company
    )
    stay_state = fields.Selection(related="stay_id.state", string="Stay Status")
    arrival_date = fields.Date(related="stay_id.arrival_date")
    departure_date = fields.Date(related="stay_id.departure_date")
    room_number = fields.Char(related="stay_id.room_number")
    user_id = fields.Many2one(
        "res.users",
        string="Guest Relations",
        tracking=True,
        domain=[("share", "=", False)],
        help="Who calls the guest: the property's guest relations, else who prepares its arrivals, "
        "else the stay's responsible.",
    )
    reason_value = fields.Boolean(string="VIP or Major Guest", readonly=True)
    reason_tier = fields.Boolean(string="Loyalty Tier", readonly=True)
    reason_at_risk = fields.Boolean(string="At Risk", readonly=True)
    reason_complained = fields.Boolean(string="Complained Before", readonly=True)
    reason_first_stay = fields.Boolean(string="First Stay", readonly=True)
    criteria = fields.Char(
        string="Why",
        compute="_compute_criteria",
        help="The criteria of the property's settings this guest matched at check-in.",
    )
    date_checkin = fields.Datetime(string="Checked In", readonly=True, default=fields.Datetime.now)
    date_due = fields.Date(
        string="Call On", readonly=True, index=True, help="The morning after check-in, in the property's time zone."
    )
    deadline = fields.Datetime(
        string="Due By",
        readonly=True,
        help="Noon of the call day in the property's time zone: a call recorded before is on time.",
    )
    outcome = fields.Selection(
        OUTCOMES,
        required=True,
        default="none",
        readonly=True,
        index=True,
        tracking=True,
        help="Satisfied or Issue: recorded by the buttons. Contacted: the courtesy call's activity was marked "
        "done without either (the feedback given there is in the note).",
    )
    done_date = fields.Datetime(string="Done On", readonly=True, copy=False)
    done_user_id = fields.Many2one("res.users", string="Done By", readonly=True, copy=False)
    on_time = fields.Boolean(
        compute="_compute_on_time", store=True, help="The outcome was recorded before the call was due."
    )
    complaint_id = fields.Many2one(
        "hotel.crm.complaint",
        readonly=True,
        copy=False,
        ondelete="set null",
        index="btree_not_null",
    )
    note = fields.Text(help="What the guest said.")

    _sql_constraints = [
        ("stay_unique", "UNIQUE(stay_id)", "A stay has one in-stay check at most."),
    ]

    @api.depends(*(f"reason_{key}" for key in CRITERIA))
    def _compute_criteria(self):
        for check in self:
            check.criteria = ", ".join(
                check._fields[f"reason_{key}"]._description_string(self.env)
                for key in CRITERIA
                if check[f"reason_{key}"]
            )

    @api.depends("done_date", "deadline")
    def _compute_on_time(self):
        for check in self:
            check.on_time = bool(check.done_date and check.deadline and check.done_date <= check.deadline)

    # ------------------------------------------------------------------
    # Actions: the outcome, one click each
    # ------------------------------------------------------------------
    def action_satisfied(self):
        """The guest is satisfied: record it and close the courtesy call.

        :return: ``True``
        :raise UserError: the outcome is recorded already, or the stay is no longer in house
        :raise AccessError: the user may not change these checks (rights, property)
        """
        self._hotel_record_outcome("satisfied")
        return True

    def action_issue(self):
        """The guest reports a problem: open one complaint on the in-house stay (channel *In-Stay
        Check*) with the user's rights, record the outcome and open the complaint.

        :return: the window action of the new complaint's form
        :raise UserError: the outcome is recorded already, or the stay is no longer in house
        :raise AccessError: the user may not change the check or create complaints
        """
        self._hotel_ensure_one()
        self._hotel_record_outcome("issue")
        return {
            "type": "ir.actions.act_window",
            "res_model": "hotel.crm.complaint",
            "res_id": self.complaint_id.id,
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "current",
        }

    def action_open_stay(self):
        self._hotel_ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "hotel.crm.stay",
            "res_id": self.stay_id.id,
            "view_mode": "form",
            "views": [(False, "form")],
        }

    # ------------------------------------------------------------------
    # Business methods
    # ------------------------------------------------------------------
    def _hotel_record_outcome(self, outcome, note=None, close_calls=True):
        """Record ``outcome`` (``satisfied``, ``issue`` or ``contacted``) on these checks, once.

        The rows are locked first: of two users clicking at the same time, the second waits and
        is then refused. The writes run in a trusted environment after these checks (the outcome
        and its stamps are refused to clients by the guard).

        :param str outcome: a key of ``OUTCOMES`` other than ``none``
        :param str note: text added to each check's note (what the guest said), if any
        :param bool close_calls: mark the courtesy calls done (False when they are being marked
            done already, see :meth:`_hotel_calls_done`)
        :raise UserError: an outcome recorded already, or a guest no longer in house
        :raise AccessError: the user may not change these checks
        """
        self.check_access("write")
        if not self:
            return
        self.env.cr.execute(
            SQL("SELECT id FROM hotel_crm_stay_check WHERE id IN %s ORDER BY id FOR UPDATE", tuple(self.ids))
        )
        self.invalidate_recordset(["outcome", "done_user_id", "done_date"])
        labels = dict(self._fields["outcome"]._description_selection(self.env))
        for check in self:
            if check.outcome != "none":
                raise UserError(
                    _(
                        "In-stay check of %(stay)s: the outcome (%(outcome)s) was recorded on %(date)s; "
                        "it cannot be recorded twice.",
                        stay=check.stay_id.display_name,
                        outcome=labels[check.outcome],
                        date=check.company_id._hotel_format_datetime(check.done_date),
                    )
                )
            if check.stay_id.state != "in_house":
                raise UserError(
                    _(
                        "In-stay check of %(stay)s: the guest is no longer in house; an in-stay check is "
                        "recorded during the stay only.",
                        stay=check.stay_id.display_name,
                    )
                )
        now = fields.Datetime.now()
        for check in self:
            vals = {"outcome": outcome, "done_date": now, "done_user_id": self.env.uid}
            if note:
                vals["note"] = "\n\n".join(filter(None, [check.note, note]))
            if outcome == "issue":
                vals["complaint_id"] = check._hotel_open_complaint().id
            check._hotel_trusted().write(vals)
        if close_calls:
            # the user may record the outcome (checked above): close the call whoever it was assigned to
            self.sudo().activity_feedback([ACTIVITY_TYPE], feedback=labels[outcome])

    @api.model
    def _hotel_calls_done(self, activities, feedback=False):
        """Courtesy calls marked done as activities (``mail.activity`` *Mark Done*, its feedback
        dialog, ``action_feedback``) rather than by *Satisfied* or *Issue*: their checks still
        without an outcome, of guests still in house, get the outcome *Contacted* (the call was
        made, no outcome given), stamped with the user and the moment, the feedback kept in the note.

        :param activities: ``mail.activity`` records of type *Courtesy call* on in-stay checks
        :param str feedback: the feedback typed when marking them done (plain text), if any
        :raise AccessError: the user may not change these checks
        """
        checks = self.browse(sorted(set(activities.mapped("res_id")))).exists()
        pending = checks.filtered(lambda c: c.outcome == "none" and c.stay_id.state == "in_house")
        note = feedback.strip() if isinstance(feedback, str) else ""
        pending._hotel_record_outcome("contacted", note=note, close_calls=False)

    def _hotel_open_complaint(self):
        """The complaint an *Issue* opens: created with the user's rights, on the in-house stay.

        :return: the new ``hotel.crm.complaint``
        """
        self.ensure_one()
        return self.env["hotel.crm.complaint"].create(self._hotel_complaint_values())

    def _hotel_complaint_values(self):
        """Values of the complaint an *Issue* opens (hook: add a category, a severity...)."""
        self.ensure_one()
        return {
            "name": _("In-stay check: %(guest)s reports an issue", guest=self.partner_id.name),
            "partner_id": self.partner_id.id,
            "stay_id": self.stay_id.id,
            "company_id": self.company_id.id,
            "channel": "in_stay_check",
            "description": self.note and Markup("<p>%s</p>") % self.note,
        }

    @api.model
    def _hotel_schedule(self, stays):
        """Create the in-stay checks of ``stays`` that just checked in, with their courtesy call.

        Only in-house stays whose guest matches one criterion of the stay's property (see
        :meth:`hotel.crm.stay._hotel_instay_criteria`) get one; a stay has one check at most
        (checked in twice, its state written again, imported again): a stay checked in again after
        its check-in was undone gets its pending call back, never a second one. The call is an
        activity of type *Courtesy call*, due the morning after check-in in the property's time zone.

        :param stays: ``hotel.crm.stay`` records
        :return: the new checks (sudo)
        """
        stays = stays.sudo().filtered(lambda s: s.state == "in_house")
        if not stays:
            return self.sudo().browse()
        now = fields.Datetime.now()
        existing = self.sudo().search([("stay_id", "in", stays.ids)])
        existing.filtered(lambda c: c.outcome == "none" and not c.activity_ids)._hotel_schedule_calls(now)
        stays = stays - existing.stay_id
        matched = stays._hotel_instay_criteria()
        stays = stays.filtered(lambda s: matched.get(s.id))
        if not stays:
            return self.sudo().browse()
        vals_list = [
            {
                "stay_id": stay.id,
                "company_id": stay.company_id.id,
                "user_id": stay._hotel_instay_responsible().id,
                "date_checkin": now,
                **{f"reason_{key}": True for key in matched[stay.id]},
            }
            for stay in stays
        ]
        checks = self.sudo().with_context(mail_create_nolog=True, tracking_disable=True).create(vals_list)
        checks._hotel_schedule_calls(now)
        return checks

    def _hotel_schedule_calls(self, now):
        """Set the due day and deadline of these checks from ``now`` and schedule their courtesy call."""
        activity_type = self.env.ref(ACTIVITY_TYPE, raise_if_not_found=False)
        for check in self.sudo():
            company = check.company_id
            checkin_day = company._hotel_localize(now).date()
            day, deadline = self._hotel_due(company, checkin_day, check.stay_id.arrival_date)
            check.write({"date_due": day, "deadline": deadline})
            if not activity_type:
                continue
            check.activity_schedule(
                activity_type_id=activity_type.id,
                date_deadline=day,
                user_id=check.user_id.id or self.env.uid,
                summary=_("Courtesy call: %(guest)s", guest=check.partner_id.name),
                note=Markup("<p>%s</p>")
                % _(
                    "Call or visit %(guest)s (room %(room)s) and ask whether everything is as they wish. Why: %(why)s.",
                    guest=check.partner_id.name,
                    room=check.room_number or "-",
                    why=check.criteria,
                ),
            )

    @api.model
    def _hotel_due(self, company, checkin_day, arrival_date):
        """When the courtesy call of a guest checked in on ``checkin_day`` is due.

        :param company: the property (``res.company``)
        :param date checkin_day: the property's day of the check-in
        :param date arrival_date: the stay's arrival date (a check-in before it counts from it)
        :return: ``(date, datetime)``: the call day (the morning after arrival, property time) and
            the deadline, noon of that day in the property's time zone as a naive UTC datetime
        """
        day = max(checkin_day, arrival_date) + timedelta(days=1)
        tz = pytz.timezone(company._hotel_tz_name())
        deadline = tz.localize(datetime.combine(day, time(DUE_HOUR))).astimezone(pytz.utc).replace(tzinfo=None)
        return day, deadline
