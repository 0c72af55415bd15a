import logging
from datetime import date, datetime, timedelta

from markupsafe import Markup

from odoo import _, api, fields, models, tools
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
IMPORT_BATCH = 1000


def _blank(value):
    """No value given: None, False or an empty string, but not 0 (``0 in (False,)`` is true in Python)."""
    return value is None or value is False or (isinstance(value, str) and not value.strip())


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

    # ------------------------------------------------------------------
    # Integrator API: import_stays
    # ------------------------------------------------------------------
    @api.model
    def import_stays(self, rows):
        """Create or update stays from a PMS feed.

        :param list rows: dicts with the stay fields (``external_ref``, ``arrival_date``,
            ``departure_date``, ``channel``, ``state``, ``room_type``, ``revenue_*``, ...), the
            property (``company_id`` as id or ``company`` as name; default: current company) and
            the guest identity (``guest_code``, ``email``, ``phone``, ``name``).
        :return: ``{"created": n, "updated": n, "errors": [{"row": i, "message": "..."}]}`` where
            ``row`` is the 1-based position of the row in ``rows``.

        Every row is validated before anything is written, so a bad row is never half-written;
        good rows are saved. Stays are matched on ``(company, external_ref)`` and only written
        when a value differs: the same batch twice changes nothing.
        """
        result = {"created": 0, "updated": 0, "errors": []}
        if not isinstance(rows, (list, tuple)):
            raise UserError(_("import_stays expects a list of rows (dictionaries)."))
        companies = self._import_companies()
        parsed, seen = [], {}
        for rowno, row in enumerate(rows, start=1):
            try:
                vals, identity = self._import_parse_row(row, companies)
            except UserError as error:
                message = _("Row %(row)s: %(msg)s", row=rowno, msg=error.args[0])
                result["errors"].append({"row": rowno, "message": message})
                continue
            key = (vals["company_id"], vals["external_ref"])
            if key in seen:
                result["errors"].append(
                    {
                        "row": rowno,
                        "message": _(
                            "Row %(row)s: reservation reference %(ref)s appears twice in this batch "
                            "(first at row %(first)s).",
                            row=rowno,
                            ref=vals["external_ref"],
                            first=seen[key],
                        ),
                    }
                )
                continue
            seen[key] = rowno
            parsed.append((rowno, vals, identity))

        existing = self._import_existing_stays(parsed)
        guests, new_guests = self._import_match_guests(parsed, result, existing)
        parsed = [(rowno, vals, identity) for rowno, vals, identity in parsed if rowno in guests]
        to_create = []
        for rowno, vals, _identity in parsed:
            vals["partner_id"] = guests[rowno]
            stay = existing.get((vals["company_id"], vals["external_ref"]))
            if stay:
                changes = stay._import_changed_values(vals)
                if changes:
                    if self._import_save(result, rowno, lambda s=stay, c=changes: s.write(c)):
                        result["updated"] += 1
            else:
                to_create.append((rowno, vals))
        stays = self.with_context(tracking_disable=True, mail_create_nolog=True)
        for start in range(0, len(to_create), IMPORT_BATCH):
            chunk = to_create[start : start + IMPORT_BATCH]
            if self._import_save(result, None, lambda c=chunk: stays.create([v for _r, v in c])):
                result["created"] += len(chunk)
                continue
            for rowno, vals in chunk:  # the batch failed: find the culprit row by row
                if self._import_save(result, rowno, lambda v=vals: stays.create(v)):
                    result["created"] += 1
        # a guest created for rows that all failed would be half of a bad row: remove it
        failed = {error["row"] for error in result["errors"]}
        orphans = new_guests - {pid for rowno, pid in guests.items() if rowno not in failed}
        if orphans:
            self.env["res.partner"].browse(orphans).sudo().unlink()
        result["errors"].sort(key=lambda e: e["row"])
        return result

    def _import_save(self, result, rowno, operation):
        """Run ``operation`` in a savepoint; report a failure on ``rowno`` (or not at all when None)."""
        try:
            with self.env.cr.savepoint():
                operation()
                self.env.flush_all()
            return True
        except (UserError, ValidationError) as error:
            message = error.args[0]
        except Exception as error:
            if rowno is None:
                return False
            message = str(getattr(error, "pgerror", None) or error)
        self.env.invalidate_all()
        if rowno is not None:
            result["errors"].append({"row": rowno, "message": _("Row %(row)s: %(msg)s", row=rowno, msg=message)})
        return False

    def _import_changed_values(self, vals):
        self.ensure_one()
        changes = {}
        for fname, value in vals.items():
            current = self[fname]
            if isinstance(current, models.BaseModel):
                current = current.id
            if fname in REVENUE_FIELDS or fname in ("adults", "children"):
                if float(current or 0) != float(value or 0):
                    changes[fname] = value
            elif (current or False) != (value or False):
                changes[fname] = value
        return changes

    @api.model
    def _import_companies(self):
        companies = self.env.companies
        return {
            "by_id": {c.id: c for c in companies},
            "by_name": {c.name.strip().lower(): c for c in companies},
        }

    @api.model
    def _import_parse_row(self, row, companies):
        """Validate one row; return ``(stay_vals, identity)`` or raise UserError naming the field."""
        if not isinstance(row, dict):
            raise UserError(_("Row is not a dictionary of field values."))

        def fail(message, **kw):
            raise UserError(message % kw if kw else message)

        def field_error(fname, reason):
            fail(_("Field %(field)s: %(reason)s"), field=fname, reason=reason)

        # property
        company = None
        if not _blank(row.get("company_id")):
            try:
                company = companies["by_id"].get(int(row["company_id"]))
            except (TypeError, ValueError):
                company = None
            if not company:
                field_error("company_id", _("unknown property %s.", row["company_id"]))
        elif row.get("company"):
            company = companies["by_name"].get(str(row["company"]).strip().lower())
            if not company:
                field_error("company", _("unknown property %s.", row["company"]))
        else:
            company = self.env.company
        vals = {"company_id": company.id}

        ref = row.get("external_ref")
        ref = "" if _blank(ref) else str(ref).strip()
        if not ref:
            field_error("external_ref", _("the reservation reference is missing."))
        vals["external_ref"] = ref

        for fname in ("arrival_date", "departure_date"):
            vals[fname] = self._import_parse_date(row.get(fname), fname, field_error)
        if vals["departure_date"] <= vals["arrival_date"]:
            field_error(
                "departure_date",
                _(
                    "departure %(departure)s is not after arrival %(arrival)s.",
                    departure=vals["departure_date"],
                    arrival=vals["arrival_date"],
                ),
            )

        selections = {"channel": dict(CHANNELS), "state": dict(STATES)}
        for fname, allowed in selections.items():
            value = row.get(fname)
            if _blank(value):
                continue
            if value not in allowed:
                field_error(
                    fname,
                    _(
                        "unknown value %(value)s (expected one of %(allowed)s).",
                        value=value,
                        allowed=", ".join(allowed),
                    ),
                )
            vals[fname] = value

        for fname in (*REVENUE_FIELDS, "adults", "children"):
            value = row.get(fname)
            if _blank(value):
                continue
            try:
                number = float(value)
            except (TypeError, ValueError):
                field_error(fname, _("%s is not a number.", value))
            if number < 0:
                field_error(fname, _("%s is negative.", value))
            vals[fname] = int(number) if fname in ("adults", "children") else number

        for fname in self._import_text_fields():
            if row.get(fname) is not None and row.get(fname) is not False:
                vals[fname] = str(row[fname]).strip() or False

        identity = {
            "guest_code": (str(row.get("guest_code") or "").strip() or False),
            "email": tools.email_normalize(row.get("email") or "", strict=False) or False,
            "email_raw": (str(row.get("email") or "").strip() or False),
            # E.164, a number without country code read in the property's country
            "phone": self.env["res.partner"]._hotel_phone_key(str(row.get("phone") or ""), company),
            "phone_raw": (str(row.get("phone") or "").strip() or False),
            "name": (str(row.get("name") or "").strip() or False),
        }
        if row.get("email") and not identity["email"]:
            field_error("email", _("%s is not a valid e-mail address.", row["email"]))
        if not any(identity[k] for k in ("guest_code", "email", "phone", "name")):
            fail(_("the guest is missing: give guest_code, email, phone or name."))
        return vals, identity

    @api.model
    def _import_text_fields(self):
        """Free-text stay fields an import row may carry; extend to import more."""
        return [f for f in ("room_type", "room_number", "bed_type", "floor", "note") if f in self._fields]

    @api.model
    def _import_parse_date(self, value, fname, field_error):
        if _blank(value):
            field_error(fname, _("the date is missing."))
        if isinstance(value, datetime):
            return value.date()
        if isinstance(value, date):
            return value
        try:
            return fields.Date.to_date(str(value).strip()[:10])
        except ValueError:
            field_error(fname, _("%s is not a date (expected YYYY-MM-DD).", value))
        return None

    @api.model
    def _import_match_guests(self, parsed, result, existing=None):
        """Return ``({rowno: partner_id}, ids of the guests created)``.

        Guests are matched by guest code, then e-mail, then phone; a row none of these match keeps
        the guest of its stay when the stay was imported before (``existing``: ``{(company_id,
        external_ref): stay}``), so that a row naming its guest by ``name`` only does not create a
        new guest on every run; else a guest is created.
        """
        existing = existing or {}
        Partner = self.env["res.partner"].with_context(active_test=False)
        codes = {i["guest_code"] for _r, _v, i in parsed if i["guest_code"]}
        emails = {i["email"] for _r, _v, i in parsed if i["email"]}
        phones = {i["phone"] for _r, _v, i in parsed if i["phone"]}
        by_code, by_email, by_phone = {}, {}, {}
        # guests first, then the oldest contact: a stable, predictable match
        order = "hotel_guest desc, id"
        if codes:
            for p in Partner.search_fetch([("hotel_guest_code", "in", list(codes))], ["hotel_guest_code"]):
                by_code[p.hotel_guest_code] = p.id
        if emails:
            for p in Partner.search_fetch(
                [("email_normalized", "in", list(emails))], ["email_normalized"], order=order
            ):
                by_email.setdefault(p.email_normalized, p.id)
        if phones:
            for p in Partner.search_fetch(
                [("hotel_phone_e164", "in", list(phones))], ["hotel_phone_e164"], order=order
            ):
                by_phone.setdefault(p.hotel_phone_e164, p.id)

        guests, to_create, created = {}, {}, set()
        for rowno, vals, ident in parsed:
            partner_id = (
                (ident["guest_code"] and by_code.get(ident["guest_code"]))
                or (ident["email"] and by_email.get(ident["email"]))
                or (ident["phone"] and by_phone.get(ident["phone"]))
            )
            if not partner_id:
                stay = existing.get((vals["company_id"], vals["external_ref"]))
                partner_id = stay.partner_id.id if stay else False
            if partner_id:
                guests[rowno] = partner_id
                continue
            if not ident["name"]:
                result["errors"].append(
                    {
                        "row": rowno,
                        "message": _(
                            "Row %(row)s: no guest matches %(keys)s and there is no name to create one.",
                            row=rowno,
                            keys=", ".join(str(ident[k]) for k in ("guest_code", "email", "phone") if ident[k]),
                        ),
                    }
                )
                continue
            # rows of one new guest in the same batch create a single contact
            key = ident["guest_code"] or ident["email"] or ident["phone"] or ident["name"].lower()
            to_create.setdefault(key, {"ident": ident, "rows": []})["rows"].append(rowno)

        if to_create:
            vals_list = [self._import_prepare_guest(entry["ident"]) for entry in to_create.values()]
            partners = Partner.with_context(tracking_disable=True, mail_create_nolog=True).create(vals_list)
            created = set(partners.ids)
            for partner, entry in zip(partners, to_create.values()):
                for rowno in entry["rows"]:
                    guests[rowno] = partner.id
        # matched contacts become guests when their stays are saved (stay create), not before:
        # a row that fails leaves its contact as it was
        return guests, created

    @api.model
    def _import_prepare_guest(self, ident):
        """Values of the guest created for an import row with no match; override to add fields."""
        vals = {"name": ident["name"], "hotel_guest": True}
        if ident["guest_code"]:
            vals["hotel_guest_code"] = ident["guest_code"]
        if ident["email_raw"]:
            vals["email"] = ident["email_raw"]
        if ident["phone"]:
            # international form: the new guest is found by this number whatever the property
            Partner = self.env["res.partner"]
            vals["phone"] = Partner._phone_format_number(ident["phone"], Partner.env["res.country"], "INTERNATIONAL")
        elif ident["phone_raw"]:
            vals["phone"] = ident["phone_raw"]
        return vals

    @api.model
    def _import_existing_stays(self, parsed):
        refs = list({vals["external_ref"] for _r, vals, _i in parsed})
        if not refs:
            return {}
        stays = self.with_context(active_test=False).search([("external_ref", "in", refs)])
        return {(s.company_id.id, s.external_ref): s for s in stays}
