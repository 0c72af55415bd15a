import logging
from datetime import timedelta

from markupsafe import Markup

from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import SQL

_logger = logging.getLogger(__name__)

CHANNELS = [
    ("direct", "Direct"),
    ("website", "Website"),
    ("phone", "Phone"),
    ("ota", "Online Travel Agency"),
    ("travel_agency", "Travel Agency"),
    ("corporate", "Corporate"),
    ("walk_in", "Walk-in"),
    ("group", "Group"),
]
STATES = [
    ("booked", "Booked"),
    ("in_house", "In House"),
    ("checked_out", "Checked Out"),
    ("cancelled", "Cancelled"),
    ("no_show", "No-show"),
]
REVENUE_FIELDS = ("revenue_room", "revenue_fnb", "revenue_other")


class HotelCrmStay(models.Model):
    _name = "hotel.crm.stay"
    _description = "Hotel Stay"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "arrival_date desc, id desc"
    _check_company_auto = True

    partner_id = fields.Many2one(
        "res.partner",
        string="Guest",
        required=True,
        index=True,
        tracking=True,
        ondelete="restrict",
        domain=[("hotel_guest", "=", True)],
    )
    company_id = fields.Many2one(
        "res.company",
        string="Property",
        required=True,
        index=True,
        default=lambda self: self.env.company,
    )
    external_ref = fields.Char(
        string="Reservation Ref.",
        index=True,
        copy=False,
        tracking=True,
        help="Reservation number in the PMS; unique per property. Imports match stays on it.",
    )
    user_id = fields.Many2one("res.users", string="Responsible", default=lambda self: self.env.user, tracking=True)
    arrival_date = fields.Date(required=True, index=True, tracking=True, default=fields.Date.context_today)
    departure_date = fields.Date(
        required=True,
        tracking=True,
        default=lambda self: fields.Date.context_today(self) + timedelta(days=1),
    )
    nights = fields.Integer(compute="_compute_nights", store=True, aggregator="sum")
    room_type = fields.Char(index=True, help="Room type as the PMS names it, e.g. 'Deluxe King'.")
    room_number = fields.Char()
    adults = fields.Integer(default=1)
    children = fields.Integer()
    channel = fields.Selection(CHANNELS, required=True, default="direct", index=True, tracking=True)
    state = fields.Selection(STATES, required=True, default="booked", index=True, tracking=True, copy=False)
    currency_id = fields.Many2one(
        "res.currency",
        required=True,
        compute="_compute_currency_id",
        store=True,
        readonly=False,
        precompute=True,
    )
    revenue_room = fields.Monetary(string="Room Revenue", currency_field="currency_id")
    revenue_fnb = fields.Monetary(string="F&B Revenue", currency_field="currency_id")
    revenue_other = fields.Monetary(string="Other Revenue", currency_field="currency_id")
    revenue_total = fields.Monetary(
        string="Total Revenue", compute="_compute_revenue_total", store=True, currency_field="currency_id"
    )
    arrival_notes = fields.Text(
        help="Filled from the guest's preferences when the stay is booked: what to prepare before arrival."
    )
    arrival_notes_sensitive = fields.Text(
        string="Sensitive Arrival Notes",
        groups="hotel_crm.hotel_crm_group_sensitive",
        help="Sensitive preferences (allergies, health) to prepare, visible only to the sensitive-data group.",
    )
    note = fields.Text()

    _sql_constraints = [
        (
            "external_ref_company_unique",
            "UNIQUE(company_id, external_ref)",
            "A reservation reference must be unique per property.",
        ),
        (
            "dates_check",
            "CHECK(departure_date > arrival_date)",
            "The departure date must be after the arrival date.",
        ),
        (
            "revenue_positive",
            "CHECK(COALESCE(revenue_room, 0) >= 0 AND COALESCE(revenue_fnb, 0) >= 0 "
            "AND COALESCE(revenue_other, 0) >= 0)",
            "Stay revenues cannot be negative.",
        ),
    ]

    def init(self):
        # A guest's checked-out stays in arrival order: the guest value recompute counts each
        # guest's distinct arrival dates with one ordered index-only scan instead of sorting all
        # stays every night
        self.env.cr.execute(
            SQL(
                """
            CREATE INDEX IF NOT EXISTS hotel_crm_stay_partner_arrival_checked_out_index
                ON hotel_crm_stay (partner_id, arrival_date) INCLUDE (departure_date)
             WHERE state = 'checked_out'
            """
            )
        )

    # ------------------------------------------------------------------
    # Computes
    # ------------------------------------------------------------------
    @api.depends("partner_id", "external_ref", "arrival_date")
    def _compute_display_name(self):
        for stay in self:
            parts = [stay.external_ref or "", stay.partner_id.name or "", stay.arrival_date and str(stay.arrival_date)]
            stay.display_name = " · ".join(p for p in parts if p)

    @api.depends("company_id")
    def _compute_currency_id(self):
        for stay in self:
            stay.currency_id = stay.company_id.currency_id or self.env.company.currency_id

    @api.depends("arrival_date", "departure_date")
    def _compute_nights(self):
        for stay in self:
            if stay.arrival_date and stay.departure_date:
                stay.nights = max((stay.departure_date - stay.arrival_date).days, 0)
            else:
                stay.nights = 0

    @api.depends(*REVENUE_FIELDS)
    def _compute_revenue_total(self):
        for stay in self:
            stay.revenue_total = sum(stay[f] or 0.0 for f in REVENUE_FIELDS)

    # ------------------------------------------------------------------
    # Constraints
    # ------------------------------------------------------------------
    @api.constrains("arrival_date", "departure_date", *REVENUE_FIELDS)
    def _check_dates_revenues(self):
        for stay in self:
            stay._hotel_check_values(stay, {f: stay[f] for f in ("arrival_date", "departure_date", *REVENUE_FIELDS)})

    @api.model
    def _hotel_check_values(self, stay, vals):
        """Raise a ValidationError naming the stay and the field; ``stay`` may be empty (creation)."""
        label = stay.display_name or vals.get("external_ref") or _("new stay")
        if stay:
            label = stay.display_name
        elif vals.get("partner_id"):
            guest = self.env["res.partner"].browse(vals["partner_id"]).display_name
            label = " · ".join(filter(None, [vals.get("external_ref"), guest]))
        arrival = fields.Date.to_date(vals.get("arrival_date"))
        departure = fields.Date.to_date(vals.get("departure_date"))
        if arrival and departure and departure <= arrival:
            raise ValidationError(
                _(
                    "Stay %(stay)s: the departure date (%(departure)s) must be after the arrival date (%(arrival)s).",
                    stay=label,
                    departure=departure,
                    arrival=arrival,
                )
            )
        for fname in REVENUE_FIELDS:
            if (vals.get(fname) or 0.0) < 0:
                raise ValidationError(
                    _(
                        "Stay %(stay)s: %(field)s cannot be negative.",
                        stay=label,
                        field=self._fields[fname].get_description(self.env)["string"],
                    )
                )

    # ------------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------------
    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            # before the INSERT, so that the user reads this message, not the SQL constraint's
            self._hotel_check_values(self.browse(), vals)
        stays = super().create(vals_list)
        stays.partner_id.filtered(lambda p: not p.hotel_guest).write({"hotel_guest": True})
        stays._hotel_state_changed(dict.fromkeys(stays.ids, False))
        return stays

    def write(self, vals):
        previous = {stay.id: stay.state for stay in self} if "state" in vals else None
        res = super().write(vals)
        if "partner_id" in vals:
            self.partner_id.filtered(lambda p: not p.hotel_guest).write({"hotel_guest": True})
        if previous is not None:
            changed = {sid: old for sid, old in previous.items() if old != vals["state"]}
            if changed:
                self.browse(list(changed))._hotel_state_changed(changed)
        if "partner_id" in vals:
            self.filtered(lambda s: s.state == "booked")._hotel_serve_preferences(
                rebuild_notes=True, guest_changed=True
            )
        elif "arrival_date" in vals:
            self.filtered(lambda s: s.state == "booked")._hotel_serve_preferences(rebuild_notes=False)
        return res

    # ------------------------------------------------------------------
    # Extension points
    # ------------------------------------------------------------------
    def _hotel_state_changed(self, previous_states):
        """Called after stays are created or change state.

        :param dict previous_states: ``{stay_id: old_state}``; ``False`` for a new stay.
        Override to react to check-outs (loyalty points), cancellations, etc.
        """
        self.filtered(lambda s: s.state == "booked")._hotel_serve_preferences(rebuild_notes=True)
        # a guest who will not come needs no room prepared
        self.filtered(lambda s: s.state in ("cancelled", "no_show"))._hotel_preparation_activities().unlink()

    def _hotel_preference_lines(self, preferences):
        return "\n".join(f"- {p.category_id.name}: {p.value}" for p in preferences)

    def _hotel_preference_responsible(self):
        self.ensure_one()
        return self.company_id.hotel_preference_user_id or self.user_id or self.env.user

    def _hotel_preparation_activities(self):
        """The open 'Prepare guest preferences' activities of these stays (sudo)."""
        activity_type = self.env.ref("hotel_crm.mail_activity_type_hotel_preferences", raise_if_not_found=False)
        if not self.ids or not activity_type:
            return self.env["mail.activity"].sudo()
        return (
            self.env["mail.activity"]
            .sudo()
            .search(
                [
                    ("res_model", "=", self._name),
                    ("res_id", "in", self.ids),
                    ("activity_type_id", "=", activity_type.id),
                ]
            )
        )

    def _hotel_serve_preferences(self, rebuild_notes=True, guest_changed=False):
        """Fill arrival notes from the guest's preferences and schedule one preparation activity.

        Idempotent: an open activity of the 'Prepare guest preferences' type is moved, never doubled.
        A stay whose guest has no preference (left) loses its preparation activity, and, when its
        guest was changed (``guest_changed``), the previous guest's arrival notes.
        """
        if not self or self.env.context.get("hotel_no_preference_service"):
            return
        activity_type = self.env.ref("hotel_crm.mail_activity_type_hotel_preferences", raise_if_not_found=False)
        preferences = self.env["hotel.crm.preference"].sudo().search([("partner_id", "in", self.partner_id.ids)])
        by_partner = {}
        for preference in preferences:
            by_partner.setdefault(preference.partner_id.id, self.env["hotel.crm.preference"].sudo())
            by_partner[preference.partner_id.id] |= preference
        existing = {a.res_id: a for a in self._hotel_preparation_activities()}
        stale_activities = self.env["mail.activity"].sudo()
        stale_notes = self.browse()
        for stay in self:
            prefs = by_partner.get(stay.partner_id.id)
            if not prefs:
                stale_activities |= existing.get(stay.id, stale_activities.browse())
                if guest_changed:
                    stale_notes |= stay
                continue
            public = prefs.filtered(lambda p: not p.sensitive)
            sensitive = prefs - public
            if rebuild_notes:
                stay.sudo().write(
                    {
                        "arrival_notes": stay._hotel_preference_lines(public) or False,
                        "arrival_notes_sensitive": stay._hotel_preference_lines(sensitive) or False,
                    }
                )
            if not activity_type:
                continue
            lead_days = stay.company_id.hotel_preference_lead_days
            deadline = stay.arrival_date - timedelta(days=max(lead_days, 0))
            note = Markup("<p>%s</p><ul>%s</ul>") % (
                _("Prepare the room for %(guest)s:", guest=stay.partner_id.name),
                Markup().join(Markup("<li>%s: %s</li>") % (p.category_id.name, p.value) for p in public),
            )
            if sensitive:
                note += Markup("<p>%s</p>") % _(
                    "The guest also has sensitive preferences: see the stay's sensitive arrival notes."
                )
            activity = existing.get(stay.id)
            if activity:
                changes = {}
                if activity.date_deadline != deadline:
                    changes["date_deadline"] = deadline
                if guest_changed:  # the activity still describes the previous guest
                    changes["note"] = note
                if changes:
                    activity.write(changes)
                continue
            stay.sudo().activity_schedule(
                activity_type_id=activity_type.id,
                date_deadline=deadline,
                user_id=stay._hotel_preference_responsible().id,
                summary=_("Prepare guest preferences"),
                note=note,
            )
        stale_activities.unlink()
        stale_notes = stale_notes.sudo().filtered(lambda s: s.arrival_notes or s.arrival_notes_sensitive)
        if stale_notes:
            stale_notes.write({"arrival_notes": False, "arrival_notes_sensitive": False})

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------
    def _hotel_set_state(self, new_state, allowed_from):
        for stay in self:
            if stay.state not in allowed_from:
                raise UserError(
                    _(
                        "Stay %(stay)s is %(state)s: it cannot become %(new)s.",
                        stay=stay.display_name,
                        state=dict(self._fields["state"]._description_selection(self.env))[stay.state],
                        new=dict(self._fields["state"]._description_selection(self.env))[new_state],
                    )
                )
        self.write({"state": new_state})
        return True

    def action_check_in(self):
        return self._hotel_set_state("in_house", ("booked",))

    def action_check_out(self):
        return self._hotel_set_state("checked_out", ("in_house",))

    def action_cancel(self):
        return self._hotel_set_state("cancelled", ("booked",))

    def action_no_show(self):
        return self._hotel_set_state("no_show", ("booked",))

    def action_reset_booked(self):
        # a correction of the stay's history: the button is hidden from other users, and RPC too
        if not self.env.su and not self.env.user.has_group("hotel_crm.hotel_crm_group_manager"):
            raise AccessError(_("Only a Hotel CRM manager can put a cancelled or no-show stay back to booked."))
        return self._hotel_set_state("booked", ("cancelled", "no_show"))

    @api.model
    def get_import_templates(self):
        return [
            {
                "label": _("Import Template for Stays"),
                "template": "/hotel_crm/static/xls/hotel_crm_stay_import_template.csv",
            }
        ]
