import math
from datetime import date, datetime, time, timedelta, timezone

from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import SQL

from ..guest.hotel_crm_stay_import import _as_id, _blank, _iso_date_or_datetime, _quote

REVIEW_SOURCES = [
    ("ctrip", "Ctrip / Trip.com"),
    ("booking", "Booking.com"),
    ("google", "Google"),
    ("tripadvisor", "Tripadvisor"),
    ("meituan", "Meituan"),
    ("expedia", "Expedia"),
    ("other", "Other"),
]
# the scale a source rates on when an import row does not say
SOURCE_SCALES = {"ctrip": 5, "booking": 10, "google": 5, "tripadvisor": 5, "meituan": 5, "expedia": 10}
# a reviewer is matched to a stay that ended at most this many days before the review
MATCH_DAYS = 90
IMPORT_FIELDS = ("title", "text", "reviewer_name", "reply")
# longest text an import row may carry per key; longer values are refused, never cut
IMPORT_MAX_LENGTH = {
    "external_id": 128,
    "title": 512,
    "reviewer_name": 256,
    "company": 256,
    "text": 20000,
    "reply": 20000,
}
IMPORT_IDENTITY_FIELDS = ("stay_ref", "guest_code", "email")
# set by the server only: the review index and the one complaint of a low review depend on them
SERVER_FIELDS = ("rating_normalized", "replied", "reply_hours", "complaint_id")


class HotelCrmReview(models.Model):
    """A guest review published on an OTA or a social site, with its rating normalised to 0-100."""

    _name = "hotel.crm.review"
    _description = "Online Review"
    _inherit = ["mail.thread", "hotel.crm.protected.fields.mixin"]
    _order = "date desc, id desc"
    _check_company_auto = True
    _rec_name = "title"

    source = fields.Selection(REVIEW_SOURCES, required=True, index=True, tracking=True)
    external_id = fields.Char(
        string="External ID", required=True, index=True, copy=False, help="The review's id at its source."
    )
    company_id = fields.Many2one(
        "res.company", string="Property", required=True, index=True, default=lambda self: self.env.company
    )
    date = fields.Datetime(required=True, index=True, default=fields.Datetime.now, help="When it was published.")
    rating = fields.Float(required=True, digits=(5, 2), help="The rating as given, on the source's scale.")
    rating_scale = fields.Float(required=True, default=5, digits=(5, 2), help="The source's best rating, e.g. 5 or 10.")
    rating_normalized = fields.Float(
        string="Rating (0-100)",
        compute="_compute_rating_normalized",
        store=True,
        aggregator="avg",
        digits=(5, 1),
        help="rating / scale x 100: 4 of 5 and 8 of 10 are both 80.",
    )
    title = fields.Char()
    text = fields.Text()
    reviewer_name = fields.Char(index=True)
    partner_id = fields.Many2one(
        "res.partner", string="Guest", index="btree_not_null", tracking=True, domain=[("hotel_guest", "=", True)]
    )
    stay_id = fields.Many2one(
        "hotel.crm.stay",
        index="btree_not_null",
        tracking=True,
        check_company=True,
        domain="[('partner_id', '=', partner_id), ('company_id', '=', company_id)]",
    )
    reply = fields.Text(tracking=True, help="The property's public answer.")
    reply_date = fields.Datetime(readonly=True, copy=False, help="Stamped when the reply is first saved.")
    reply_user_id = fields.Many2one("res.users", string="Replied By", readonly=True, copy=False)
    replied = fields.Boolean(compute="_compute_reply_stats", store=True)
    reply_hours = fields.Float(
        string="Hours to Reply", compute="_compute_reply_stats", store=True, aggregator="avg", digits=(16, 1)
    )
    complaint_id = fields.Many2one("hotel.crm.complaint", readonly=True, copy=False, index="btree_not_null")

    _sql_constraints = [
        ("source_external_id_unique", "UNIQUE(source, external_id)", "A review is imported once per source."),
        (
            "rating_check",
            "CHECK(rating_scale > 0 AND rating >= 0 AND rating <= rating_scale)",
            "A rating lies between 0 and the source's scale.",
        ),
    ]

    @api.depends("rating", "rating_scale")
    def _compute_rating_normalized(self):
        for review in self:
            scale = review.rating_scale
            review.rating_normalized = round(100.0 * review.rating / scale, 1) if scale else 0.0

    @api.depends("reply_date", "date")
    def _compute_reply_stats(self):
        for review in self:
            review.replied = bool(review.reply_date)
            review.reply_hours = (
                max((review.reply_date - review.date).total_seconds() / 3600, 0.0)
                if review.reply_date and review.date
                else 0.0
            )

    @api.constrains("rating", "rating_scale")
    def _check_rating(self):
        for review in self:
            if review.rating_scale <= 0 or not 0 <= review.rating <= review.rating_scale:
                raise ValidationError(
                    self.env._(
                        "Review %(review)s: the rating %(rating)s is not between 0 and the scale %(scale)s.",
                        review=review.title or review.external_id,
                        rating=review.rating,
                        scale=review.rating_scale,
                    )
                )

    @api.constrains("stay_id", "partner_id")
    def _check_stay_guest(self):
        for review in self.filtered("stay_id"):
            if review.partner_id and review.stay_id.partner_id != review.partner_id:
                raise ValidationError(
                    self.env._(
                        "Review %(review)s: stay %(stay)s is not a stay of %(guest)s.",
                        review=review.title or review.external_id,
                        stay=review.stay_id.display_name,
                        guest=review.partner_id.name,
                    )
                )

    @api.onchange("stay_id")
    def _onchange_stay_id(self):
        if self.stay_id:
            self.partner_id = self.stay_id.partner_id

    # ------------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------------
    def _hotel_protected_fields(self):
        # the server computes or links them: e.g. a review unlinked from its complaint would open a
        # second one at its next change
        return {**super()._hotel_protected_fields(), **dict.fromkeys(SERVER_FIELDS)}

    def _hotel_check_server_fields(self, vals):
        """Refuse a client's value for a field of ``SERVER_FIELDS`` (see the protected-fields mixin),
        and a move to another property by anyone but a Hotel CRM manager.

        :param dict vals: the values of a ``write`` (``self`` = the reviews) or of one ``create``
            (``self`` empty)
        :raise AccessError: naming the fields, or the reviews that would move
        """
        self._hotel_check_protected_fields(vals)
        if self.env.su:
            return
        # a review moves to another property by a manager only (out of the front desk's reach)
        if (
            self
            and "company_id" in vals
            and not self._hotel_unchanged("company_id", vals["company_id"])
            and not self._hotel_is_manager()
        ):
            raise AccessError(
                self.env._(
                    "Only Hotel CRM managers move online reviews %(reviews)s to another property.",
                    reviews=", ".join(r.title or r.external_id for r in self),
                )
            )

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self._hotel_check_server_fields(vals)
            self._hotel_stamp_reply(vals)
        reviews = super().create(vals_list)
        reviews._hotel_open_complaints()
        return reviews

    def write(self, vals):
        self._hotel_check_server_fields(vals)
        for fname in ("reply_date", "reply_user_id"):
            # stamped by the server, never taken from the client
            if fname in vals and not self.env.su:
                vals = {k: v for k, v in vals.items() if k != fname}
        if vals.get("reply"):
            unstamped = self.filtered(lambda r: not r.reply_date)
            res = super(HotelCrmReview, self - unstamped).write(vals)
            if unstamped:
                res &= super(HotelCrmReview, unstamped).write(self._hotel_stamp_reply(dict(vals)))
        else:
            res = super().write(vals)
        if "rating" in vals or "rating_scale" in vals or "company_id" in vals:
            self._hotel_open_complaints()
        return res

    def _hotel_stamp_reply(self, vals):
        if vals.get("reply") and not (self.env.su and vals.get("reply_date")):
            vals["reply_date"] = fields.Datetime.now()
            vals["reply_user_id"] = self.env.uid
        elif not self.env.su:
            vals.pop("reply_date", None)
            vals.pop("reply_user_id", None)
        return vals

    # ------------------------------------------------------------------
    # Service recovery
    # ------------------------------------------------------------------
    def _hotel_open_complaints(self):
        """Open one complaint (channel 'OTA review') per review rated at or below the property's threshold.

        :return: the complaints created
        """
        Complaint = self.env["hotel.crm.complaint"].sudo()
        todo = self.filtered(
            lambda r: not r.complaint_id and r.rating_normalized <= r.company_id.hotel_review_low_rating
        )
        if not todo:
            return Complaint
        self.flush_recordset()
        self.env.cr.execute(
            SQL(
                "SELECT id FROM hotel_crm_review WHERE id IN %s AND complaint_id IS NULL ORDER BY id FOR UPDATE",
                tuple(todo.ids),
            )
        )
        free = {row[0] for row in self.env.cr.fetchall()}
        todo.invalidate_recordset(["complaint_id"])
        for review in todo.sudo().filtered(lambda r: r.id in free):
            complaint = Complaint.create(review._hotel_prepare_complaint_vals())
            super(HotelCrmReview, review).write({"complaint_id": complaint.id})
            Complaint |= complaint
        return Complaint

    def _hotel_prepare_complaint_vals(self):
        """Values of the complaint a low review opens; override to route or categorise it."""
        self.ensure_one()
        source = dict(self._fields["source"]._description_selection(self.env))[self.source]
        rating = self.rating_normalized
        severity = "high" if rating <= 20 else "medium" if rating <= 40 else "low"
        body = Markup("<p>%s</p><p>%s</p>") % (self.title or "", self.text or "")
        return {
            "name": self.env._(
                "Low review on %(name)s (%(rating)s/100): %(title)s",
                name=source,
                rating=round(rating),
                title=self.title or self.reviewer_name or self.external_id,
            ),
            "channel": "ota_review",
            "feedback_type": "complaint",
            "company_id": self.company_id.id,
            "partner_id": self.partner_id.id,
            "stay_id": self.stay_id.id,
            "severity": severity,
            "description": body,
            "date_received": min(self.date, fields.Datetime.now()),
        }

    # ------------------------------------------------------------------
    # Integrator API: import_reviews
    # ------------------------------------------------------------------
    @api.model
    def import_reviews(self, rows):
        """Create or update online reviews from an OTA or review-site feed.

        :param list rows: dicts with ``source`` (one of ctrip, booking, google, tripadvisor, meituan,
            expedia, other), ``external_id``, the property (``company_id`` as id or ``company`` as
            name; default: current company), ``date`` (ISO date or datetime, UTC), ``rating`` (as given),
            ``rating_scale`` (the source's best rating; default 10 for booking and expedia, 5 for
            the other named sources, required for ``other``), ``title``, ``text``,
            ``reviewer_name``, ``reply``; optional guest identification ``stay_ref`` (the stay's
            reservation reference at the property), ``guest_code`` or ``email``.
        :return: ``{"created": n, "updated": n, "errors": [{"row": i, "message": "..."}]}``,
            ``row`` being the 1-based position in ``rows``.

        Reviews are matched on ``(source, external_id)``: the same batch twice changes nothing.
        Each row is validated before anything is written; a bad row is reported and skipped, the
        good rows are saved. The reviewer is matched to a guest and stay by ``stay_ref``, else by
        guest code or e-mail, else by an exact name shared by a single guest who checked out of
        the property in the 90 days before the review.
        """
        result = {"created": 0, "updated": 0, "errors": []}
        if not isinstance(rows, (list, tuple)):
            raise UserError(self.env._("import_reviews expects a list of rows (dictionaries)."))
        Stay = self.env["hotel.crm.stay"]
        # the properties the user may import into: the allowed companies of the request
        companies = {
            "by_id": {c.id: c for c in self.env.companies},
            "by_name": {c.name.strip().lower(): c for c in self.env.companies},
        }
        parsed, seen = [], {}
        for rowno, row in enumerate(rows, start=1):
            try:
                vals, identity = self._import_parse_row(row, companies)
            except UserError as error:
                result["errors"].append(
                    {"row": rowno, "message": self.env._("Row %(row)s: %(msg)s", row=rowno, msg=error.args[0])}
                )
                continue
            key = (vals["source"], vals["external_id"])
            if key in seen:
                result["errors"].append(
                    {
                        "row": rowno,
                        "message": self.env._(
                            "Row %(row)s: review %(ref)s of %(name)s appears twice in this batch "
                            "(first at row %(first)s).",
                            row=rowno,
                            ref=vals["external_id"],
                            name=vals["source"],
                            first=seen[key],
                        ),
                    }
                )
                continue
            seen[key] = rowno
            parsed.append((rowno, vals, identity))
        existing = {}
        if parsed:
            domain = [("external_id", "in", [vals["external_id"] for _r, vals, _i in parsed])]
            for review in self.sudo().with_context(active_test=False).search(domain):
                existing[(review.source, review.external_id)] = review
        for rowno, vals, identity in parsed:
            review = existing.get((vals["source"], vals["external_id"]))
            if review and review.company_id not in self.env.companies:
                result["errors"].append(
                    {
                        "row": rowno,
                        "message": self.env._(
                            "Row %(row)s: review %(ref)s of %(name)s belongs to a property you cannot access.",
                            row=rowno,
                            ref=vals["external_id"],
                            name=vals["source"],
                        ),
                    }
                )
                continue
            if not (review and review.partner_id):
                vals.update(self._import_match_guest(vals, identity))
            if review:
                review = review.with_env(self.env)
                changes = review._import_changed_values(vals)
                if changes and Stay._import_save(result, rowno, lambda r=review, c=changes: r._import_write(c)):
                    result["updated"] += 1
            elif Stay._import_save(result, rowno, lambda v=vals: self.browse()._import_write(v)):
                result["created"] += 1
        result["errors"].sort(key=lambda e: e["row"])
        return result

    def _import_write(self, vals):
        """Create (on an empty recordset) or update a review from an import row. The reply date given
        by the source is kept (it measures the time to reply); a reply imported has no Odoo author."""
        vals = dict(vals)
        reply_date = vals.pop("reply_date", None)
        review = self.write(vals) and self if self else self.create(vals)
        if reply_date and review.reply:
            super(HotelCrmReview, review.sudo()).write({"reply_date": reply_date, "reply_user_id": False})
        return review

    def _import_changed_values(self, vals):
        self.ensure_one()
        changes = {}
        for fname, value in vals.items():
            current = self[fname]
            if isinstance(current, models.BaseModel):
                current = current.id
            if fname in ("rating", "rating_scale"):
                if float(current or 0) != float(value or 0):
                    changes[fname] = value
            elif (current or False) != (value or False):
                changes[fname] = value
        return changes

    @api.model
    def _import_parse_row(self, row, companies):
        """Validate one row; return ``(review_vals, identity)`` or raise UserError naming the field."""
        _ = self.env._
        if not isinstance(row, dict):
            raise UserError(_("Row is not a dictionary of field values."))

        def field_error(fname, reason):
            raise UserError(_("Field %(field)s: %(reason)s", field=fname, reason=reason))

        company = self._import_parse_company(row, companies, field_error)
        vals = {"company_id": company.id}
        source = row.get("source")
        sources = dict(REVIEW_SOURCES)
        if _blank(source) or not isinstance(source, str) or source not in sources:
            field_error(
                "source",
                _("unknown value %(value)s (expected one of %(allowed)s).", value=source, allowed=", ".join(sources)),
            )
        vals["source"] = source
        external_id = "" if _blank(row.get("external_id")) else self._import_parse_text(row, "external_id", field_error)
        if not external_id:
            field_error("external_id", _("the review's external id is missing."))
        vals["external_id"] = external_id

        vals["date"] = self._import_parse_datetime(row.get("date"), "date", field_error)
        if not _blank(row.get("reply_date")):
            vals["reply_date"] = self._import_parse_datetime(row.get("reply_date"), "reply_date", field_error)
        vals.update(self._import_parse_rating(row, source, field_error))
        for fname in IMPORT_FIELDS:
            if row.get(fname) is not None and row.get(fname) is not False:
                vals[fname] = self._import_parse_text(row, fname, field_error)
        identity = {
            fname: False if _blank(row.get(fname)) else self._import_parse_text(row, fname, field_error)
            for fname in IMPORT_IDENTITY_FIELDS
        }
        identity["email"] = identity["email"] and identity["email"].lower()
        return vals, identity

    @api.model
    def _import_parse_text(self, row, fname, field_error):
        """A text value of a row: a string (stripped) or a number, at most its key's length; lists,
        dictionaries, booleans, nan and infinity are refused, never turned into their Python spelling."""
        value = row[fname]
        if isinstance(value, float) and math.isfinite(value) and value.is_integer():
            value = int(value)
        if (
            isinstance(value, bool)
            or not isinstance(value, (str, int, float))
            or (isinstance(value, float) and not math.isfinite(value))
        ):
            field_error(fname, self.env._("%(value)s is not a text.", value=_quote(value)))
        text = str(value).strip()
        limit = IMPORT_MAX_LENGTH.get(fname, 256)
        if len(text) > limit:
            field_error(
                fname,
                self.env._(
                    "the value is %(length)s characters long, at most %(max)s are allowed.", length=len(text), max=limit
                ),
            )
        return text or False

    @api.model
    def _import_parse_company(self, row, companies, field_error):
        """The row's property: ``company_id`` (an id), else ``company`` (a name), else the
        current company; an unknown or not allowed one is refused naming the field."""
        _ = self.env._
        if not _blank(row.get("company_id")):
            company = companies["by_id"].get(_as_id(row["company_id"]))
            if not company:
                field_error("company_id", _("unknown property %(value)s.", value=_quote(row["company_id"])))
            return company
        if not _blank(row.get("company")):
            name = row["company"]
            company = companies["by_name"].get(name.strip().lower()) if isinstance(name, str) else None
            if not company:
                field_error("company", _("unknown property %(value)s.", value=_quote(name)))
            return company
        return self.env.company

    @api.model
    def _import_parse_rating(self, row, source, field_error):
        """``{"rating", "rating_scale"}`` of a row: finite numbers, a positive scale (the source's
        usual one when the row gives none), the rating between 0 and the scale."""
        _ = self.env._
        numbers = {}
        for fname in ("rating", "rating_scale"):
            value = row.get(fname)
            if _blank(value):
                continue
            try:
                if isinstance(value, bool) or not isinstance(value, (str, int, float)):
                    raise TypeError(value)
                numbers[fname] = float(value)
            except (TypeError, ValueError, OverflowError):
                field_error(fname, _("%(value)s is not a number.", value=_quote(value)))
            if not math.isfinite(numbers[fname]):
                field_error(fname, _("%(value)s is not a finite number.", value=_quote(value)))
        if "rating" not in numbers:
            field_error("rating", _("the rating is missing."))
        scale = numbers.get("rating_scale", SOURCE_SCALES.get(source))
        if not scale:
            field_error("rating_scale", _("the scale of source %(name)s is missing.", name=source))
        if scale <= 0:
            field_error("rating_scale", _("%(value)s is not a positive scale.", value=scale))
        if not 0 <= numbers["rating"] <= scale:
            field_error(
                "rating",
                _("%(rating)s is not between 0 and the scale %(scale)s.", rating=numbers["rating"], scale=scale),
            )
        return {"rating": numbers["rating"], "rating_scale": scale}

    @api.model
    def _import_parse_datetime(self, value, fname, field_error):
        """A naive UTC datetime from a date (noon), a datetime or ISO 8601 text; a date-time with an
        offset is converted to UTC; anything after the date-time is refused, never cut off."""
        if _blank(value):
            field_error(fname, self.env._("the date is missing."))
        moment = value
        if isinstance(value, str):
            moment = _iso_date_or_datetime(value.strip())
        if isinstance(moment, datetime):
            if moment.tzinfo is not None:
                moment = moment.astimezone(timezone.utc).replace(tzinfo=None)
            return moment
        if isinstance(moment, date):
            return datetime.combine(moment, time(12))
        field_error(fname, self.env._("%(value)s is not a date (expected YYYY-MM-DD).", value=_quote(value)))
        return None

    @api.model
    def _import_match_guest(self, vals, identity):
        """``{"partner_id", "stay_id"}`` of the reviewer when identifiable, else ``{}``."""
        Stay = self.env["hotel.crm.stay"]
        company_id = vals["company_id"]
        if identity["stay_ref"]:
            stay = Stay.search([("company_id", "=", company_id), ("external_ref", "=", identity["stay_ref"])], limit=1)
            if stay:
                return {"partner_id": stay.partner_id.id, "stay_id": stay.id}
        reviewed = vals["date"].date()
        window = [
            ("company_id", "=", company_id),
            ("state", "=", "checked_out"),
            ("departure_date", "<=", reviewed),
            ("departure_date", ">=", reviewed - timedelta(days=MATCH_DAYS)),
        ]
        guest = self.env["res.partner"]
        if identity["guest_code"]:
            guest = guest.search([("hotel_guest_code", "=", identity["guest_code"])], limit=1)
        if not guest and identity["email"]:
            guest = guest.search(
                [("email_normalized", "=", identity["email"]), ("hotel_guest", "=", True)], order="id", limit=1
            )
        if guest:
            stay = Stay.search([*window, ("partner_id", "=", guest.id)], order="departure_date desc", limit=1)
            return {"partner_id": guest.id, "stay_id": stay.id}
        name = (vals.get("reviewer_name") or "").strip()
        if name:
            stays = Stay.search([*window, ("partner_id.name", "=ilike", name)], order="departure_date desc")
            if len(stays.partner_id) == 1:
                return {"partner_id": stays.partner_id.id, "stay_id": stays[0].id}
        return {}

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------
    def action_hotel_view_complaint(self):
        self._hotel_ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "hotel.crm.complaint",
            "res_id": self.complaint_id.id,
            "view_mode": "form",
        }
