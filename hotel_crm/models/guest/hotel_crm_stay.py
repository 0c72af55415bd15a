import logging
from datetime import timedelta

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
# Stays that really happened (in house or checked out): they count in the guest's history and
# spend, and a complaint or the guest's property refers to them.
REALISED_STATES = ("in_house", "checked_out")
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
    arrival_date = fields.Date(
        required=True, index=True, tracking=True, default=lambda self: self.env.company._hotel_today()
    )
    departure_date = fields.Date(
        required=True,
        tracking=True,
        default=lambda self: self.env.company._hotel_today() + timedelta(days=1),
    )
    nights = fields.Integer(
        string="Nights Booked",
        compute="_compute_nights",
        store=True,
        aggregator="sum",
        help="Nights between arrival and departure, whatever became of the stay.",
    )
    nights_realised = fields.Integer(
        string="Nights Stayed",
        compute="_compute_nights_realised",
        store=True,
        aggregator="sum",
        help="Nights the guest actually stayed: those of in-house and checked-out stays; "
        "booked, cancelled and no-show stays count 0.",
    )
    room_type = fields.Char(index=True, help="Room type as the PMS names it, e.g. 'Deluxe King'.")
    room_number = fields.Char()
    adults = fields.Integer(default=1)
    children = fields.Integer()
    channel = fields.Selection(CHANNELS, required=True, default="direct", index=True, tracking=True)
    state = fields.Selection(STATES, required=True, default="booked", index=True, tracking=True, copy=False)
    booker_id = fields.Many2one(
        "res.partner",
        string="Booked By",
        index="btree_not_null",
        tracking=True,
        ondelete="restrict",
        check_company=True,
        domain="[('is_company', '=', True), ('company_id', 'in', [company_id, False])]",
        help="The company that booked the stay: travel agency, online travel agency or corporate account. "
        "Its partner scorecards measure the stays it booked.",
    )
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

    @api.depends("nights", "state")
    def _compute_nights_realised(self):
        for stay in self:
            stay.nights_realised = stay.nights if stay.state in REALISED_STATES else 0

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
            guest = self._hotel_readable_name(self.env["res.partner"].browse(vals["partner_id"]))
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
        return res

    # ------------------------------------------------------------------
    # Extension points
    # ------------------------------------------------------------------
    def _hotel_state_changed(self, previous_states):
        """Called after stays are created or change state.

        :param dict previous_states: ``{stay_id: old_state}``; ``False`` for a new stay.
        Override to react to check-outs (loyalty points), bookings and cancellations (the
        preparation of the guest's preferences), etc.
        """

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
