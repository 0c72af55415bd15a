"""``hotel.crm.stay.import_stays``: stays from a PMS feed, every row validated, written per batch.

Every value of every row is checked before anything is written (type, finite number, range,
length, real date, integer ids); a bad row gets a translated reason naming its row and field and
never takes the good rows down. The good rows of a chunk are then written set-based: one INSERT of
the new guests' codes, one ORM ``create`` of the new guests, one INSERT of the stays, and per
chunk one pass for points, tiers and guest aggregates (the loyalty room adds its part through
``_import_stays_created``). When that batch write fails (a rule of another module, a concurrent
import of the same reservation), the chunk is rolled back to its savepoint and saved row by row
through the ORM, each row in a savepoint of its own, so that only the culprits are reported.
"""

import functools
import io
import json
import logging
import math
import numbers
import re
from collections import namedtuple
from datetime import date, datetime

import psycopg2
import pytz

from odoo import _, api, models, tools
from odoo.exceptions import UserError, ValidationError
from odoo.models import MAGIC_COLUMNS
from odoo.tools import SQL, float_round

from .hotel_crm_stay import CHANNELS, REALISED_STATES, REVENUE_FIELDS, STATES
from .res_partner import STAY_AGGREGATES

_logger = logging.getLogger(__name__)

# rows written per set-based pass (one savepoint, a few statements)
IMPORT_CHUNK = 20000
MAGIC_INSERT = ("create_uid", "create_date", "write_uid", "write_date")
X2MANY = ("one2many", "many2many")
# column types whose cache value is the value itself, cheap to convert
CACHED_TYPES = ("many2one", "selection", "char", "text", "date", "integer", "boolean", "float")
INTEGER_FIELDS = ("adults", "children")
# an integer column (PostgreSQL int4) and an amount no hotel stay reaches (the guest's totals are
# numeric(16, 2): 10^14 leaves room for a hundred stays at this cap)
MAX_INTEGER = 2**31 - 1
MAX_AMOUNT = 10**12
# longest text accepted per import key; longer values are refused, never cut
MAX_LENGTH = {
    "external_ref": 64,
    "company": 256,
    "guest_code": 64,
    "name": 256,
    "email": 254,  # RFC 5321 path limit
    "phone": 64,
    "note": 10000,
    "booker": 256,
}
MAX_LENGTH_DEFAULT = 256
# how much of a refused value an error message quotes
QUOTE_LENGTH = 40
ID_PATTERN = re.compile(r"\s*\d{1,10}\s*")
PLAIN_EMAIL = re.compile(r"[A-Za-z0-9_%+-]+(?:\.[A-Za-z0-9_%+-]+)*@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*")
# normalised e-mails and phones kept between calls (a chunked load, a re-sent batch): bounded
NORMALISED_CACHE = 65536
# a part of the one UPDATE of a batch's guests (``_import_stays_created``): ``source``, an SQL
# relation with a ``partner_id`` column, LEFT JOINed to the batch's guests as ``alias``;
# ``columns``, ``{res_partner column: SQL expression}`` over ``alias`` and the guest row ``p``
GuestUpdate = namedtuple("GuestUpdate", "alias source columns")
# the row's pieces that ``import_stays`` reads itself (the stay's text fields come on top)
STAY_SELECTIONS = {"channel": dict(CHANNELS), "state": dict(STATES)}
# a guest who will not come (or did not) is put back to booked by a manager only
RESET_STATES = ("cancelled", "no_show")


class ImportRowError(UserError):
    """A row refused by validation: ``field`` is the row key at fault (None for the whole row)."""

    def __init__(self, field, message):
        super().__init__(message)
        self.field = field


def _blank(value):
    """No value given: None, False or an empty string, but not 0 (``0 in (False,)`` is true in Python)."""
    return value is None or value is False or (isinstance(value, str) and not value.strip())


def _name_only(identity):
    """The row names its guest by name and nothing else."""
    return bool(identity["name"]) and not (identity["guest_code"] or identity["email"] or identity["phone"])


def _quote(value):
    """The refused value as an error message shows it: short, whatever its size or type."""
    text = value if isinstance(value, str) else repr(value)
    return text if len(text) <= QUOTE_LENGTH else text[:QUOTE_LENGTH] + "…"


def _decimals(rounding):
    digits = -math.log10(rounding)
    return round(digits) if abs(digits - round(digits)) < 1e-9 and digits >= 0 else None


def _iso_date_or_datetime(text):
    """``text`` (ISO 8601) as a date, else as a date-time, else None: nothing may follow."""
    for parse in (date.fromisoformat, datetime.fromisoformat):
        try:
            return parse(text)
        except ValueError:
            continue
    return None


def _as_id(value):
    """``value`` as a database id, or None: an int, a whole float or a string of digits."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        number = value
    elif isinstance(value, float):
        number = int(value) if math.isfinite(value) and value.is_integer() else None
    elif isinstance(value, str) and ID_PATTERN.fullmatch(value):
        number = int(value)
    else:
        return None
    return number if number is not None and 0 < number <= MAX_INTEGER else None


def email_key(raw):
    """``raw`` normalised as ``res.partner.email_normalized`` is (``tools.email_normalize``,
    not strict), False when it is no address. A plain address (dot-separated atoms of letters,
    digits and ``_%+-`` on both sides of the ``@``, nothing else) is the address lower-cased,
    which ``email_normalize`` gives after parsing it as a mail header: that parse is skipped."""
    if PLAIN_EMAIL.fullmatch(raw):
        return raw.lower()
    return _email_key_parsed(raw)


@functools.lru_cache(maxsize=NORMALISED_CACHE)
def _email_key_parsed(raw):
    return tools.email_normalize(raw, strict=False) or False


class ImportContext:
    """What every row of one ``import_stays`` call looks up: properties, currencies, time zones,
    caches of normalised e-mails and phones (phones: ``res.partner._hotel_phone_keys``, whose
    E.164 keys are cached across calls too)."""

    def __init__(self, stays):
        env = stays.env
        companies = env.companies
        by = stays._import_companies()
        self.by_id, self.by_name = by["by_id"], by["by_name"]
        self.default_company = env.company
        self.rounding = {c.id: c.currency_id.rounding or 0.01 for c in companies}
        # decimals of a power-of-ten rounding (0.01: 2), None for another step (0.05)
        self.digits = {cid: _decimals(rounding) for cid, rounding in self.rounding.items()}
        self.currency = {c.id: c.currency_id.id for c in companies}
        self.partner = env["res.partner"]
        self.tz = {c.id: stays._import_property_tz(c) for c in companies}
        self.text_fields = stays._import_text_fields()
        self.is_manager = env.su or env.user.has_group("hotel_crm.hotel_crm_group_manager")

    def email(self, raw):
        return email_key(raw)

    def phone(self, raw, company_id):
        """E.164 key of ``raw``, a number without country code read in the property's country: the
        key the duplicate filter and the merge offer compare (``res.partner.hotel_phone_e164``)."""
        return self.partner._hotel_phone_keys([raw], self.by_id[company_id])[raw]


class HotelCrmStay(models.Model):
    _inherit = "hotel.crm.stay"  # pylint: disable=consider-merging-classes-inherited

    # ------------------------------------------------------------------
    # Integrator API
    # ------------------------------------------------------------------
    @api.model
    def import_stays(self, rows):
        """Create or update stays from a PMS feed.

        :param list rows: dicts with the stay fields (``external_ref``, ``arrival_date``,
            ``departure_date``, ``channel``, ``state``, ``room_type``, ``revenue_*``, ...), the
            property (``company_id`` as id or ``company`` as name; default: current company) and
            the guest identity (``guest_code``, ``email``, ``phone``, ``name``), the company that
            booked (``booker`` as name or ``booker_id`` as id; optional). Dates are
            ``YYYY-MM-DD`` strings or ``date`` objects; a date-time with a time-zone offset is
            taken as the day it is in the property's time zone.
        :return: ``{"created": n, "updated": n, "errors": [{"row": i, "message": "..."}]}`` where
            ``row`` is the 1-based position of the row in ``rows`` and ``message`` names the row
            (by that position, or by the file line given in the context key
            ``hotel_import_lines``) and the field, in the caller's language.
        :raise UserError: when ``rows`` is not a list.

        Every row is validated before anything is written, so a bad row is never half-written;
        good rows are saved. Stays are matched on ``(company, external_ref)`` and only written
        when a value differs: the same batch twice changes nothing. Guests are matched by guest
        code, then e-mail, then phone (else the guest of the stay imported before), or created.
        The booking company is matched by name (case-insensitive, trimmed) among the companies of
        the row's property or of no property, else created as a company of no property (its
        partner type from the channel where obvious: ``ota``, ``travel_agency``, ``corporate``);
        a ``booker_id`` must be a company of the property or of none. A row without either key
        leaves the stay's booker as it is.
        Only a Hotel CRM manager may put a cancelled or no-show stay back to booked. With the
        context key ``hotel_import_history`` (a history load), tier changes are not logged in
        each guest's chatter.
        """
        if not isinstance(rows, (list, tuple)):
            raise UserError(_("import_stays expects a list of rows (dictionaries)."))
        result = {"created": 0, "updated": 0, "errors": []}
        ctx = ImportContext(self)
        parsed = self._import_parse_rows(rows, ctx, result)
        for start in range(0, len(parsed), IMPORT_CHUNK):
            self._import_chunk(parsed[start : start + IMPORT_CHUNK], ctx, result)
        result["errors"].sort(key=lambda e: e["row"])
        return result

    def load(self, fields, data):
        """Odoo's import (``base_import``): a ``booker_id`` column naming companies is matched or
        created as ``import_stays`` does (``_import_resolve_bookers``, once for the whole file),
        then given to Odoo's loader as database ids (``booker_id/.id``)."""
        if "booker_id" in fields:
            fields, data = self._import_load_bookers(list(fields), data)
        return super().load(fields, data)

    @api.model
    def _import_load_bookers(self, fields, data):
        """``(fields, data)`` with the ``booker_id`` names replaced by the ids of their companies;
        each row's property is its ``company_id`` (name or id) or the current company, its channel
        the ``channel`` column (key or label)."""
        column = fields.index("booker_id")
        company_column = next((fields.index(f) for f in ("company_id", "company_id/.id") if f in fields), None)
        channel_column = fields.index("channel") if "channel" in fields else None
        companies = self._import_companies()
        channels = {**{label.lower(): key for key, label in CHANNELS}, **{key: key for key, _label in CHANNELS}}
        row_keys, requests = [], {}
        for row in data:
            name = (row[column] or "").strip() if isinstance(row[column], str) else ""
            if not name:
                row_keys.append(None)
                continue
            company = None
            cell = row[company_column] if company_column is not None else None
            if isinstance(cell, str) and cell.strip():
                company = companies["by_id"].get(_as_id(cell)) or companies["by_name"].get(cell.strip().lower())
            company = company or self.env.company
            channel = row[channel_column] if channel_column is not None else None
            channel = channels.get(channel.strip().lower()) if isinstance(channel, str) else None
            key = (company.id, name.lower())
            requests.setdefault(key, (name, channel))
            row_keys.append(key)
        matched, _created = self._import_resolve_bookers(requests)
        fields[column] = "booker_id/.id"
        data = [
            [*row[:column], str(matched[key]) if key else "", *row[column + 1 :]]
            for row, key in zip(data, row_keys, strict=True)
        ]
        return fields, data

    # ------------------------------------------------------------------
    # Validation: one function per kind of value, each raising ImportRowError
    # ------------------------------------------------------------------
    @api.model
    def _import_parse_rows(self, rows, ctx, result):
        """``[(rowno, stay_vals, identity)]`` of the valid rows; the others go to ``result``."""
        parsed, seen = [], {}
        for rowno, row in enumerate(rows, start=1):
            try:
                vals, identity = self._import_parse_row(row, ctx)
            except (UserError, ValidationError) as error:
                self._import_error(result, rowno, error.args[0])
                continue
            key = (vals["company_id"], vals["external_ref"])
            if key in seen:
                self._import_error(
                    result,
                    rowno,
                    _(
                        "Row %(row)s: reservation reference %(ref)s appears twice in this batch "
                        "(first at row %(first)s).",
                        row=self._import_row_label(rowno),
                        ref=vals["external_ref"],
                        first=self._import_row_label(seen[key]),
                    ),
                    prefixed=True,
                )
                continue
            seen[key] = rowno
            parsed.append((rowno, vals, identity))
        return parsed

    @api.model
    def _import_parse_row(self, row, ctx):
        """Validate one row; return ``(stay_vals, identity)`` or raise ImportRowError naming the field."""
        if not isinstance(row, dict):
            raise ImportRowError(None, _("Row is not a dictionary of field values."))
        company = self._import_parse_company(row, ctx)
        vals = {"company_id": company.id, "external_ref": self._import_parse_ref(row)}
        for fname in ("arrival_date", "departure_date"):
            vals[fname] = self._import_parse_date(row.get(fname), fname, ctx.tz[company.id])
        if vals["departure_date"] <= vals["arrival_date"]:
            raise self._import_field_error(
                "departure_date",
                _(
                    "departure %(departure)s is not after arrival %(arrival)s.",
                    departure=vals["departure_date"],
                    arrival=vals["arrival_date"],
                ),
            )
        for fname, allowed in STAY_SELECTIONS.items():
            value = row.get(fname)
            if not _blank(value):
                vals[fname] = self._import_parse_selection(value, fname, allowed)
        for fname in (*REVENUE_FIELDS, *INTEGER_FIELDS):
            value = row.get(fname)
            if not _blank(value):
                vals[fname] = self._import_parse_number(value, fname, ctx, company.id)
        for fname in ctx.text_fields:
            if fname in row and row[fname] is not None and row[fname] is not False:
                vals[fname] = self._import_parse_text(row[fname], fname)
        identity = self._import_parse_identity(row, company, ctx)
        identity.update(self._import_parse_booker(row))
        # the stay's own rules (and those of overrides), before anything is written
        self._hotel_check_values(self.browse(), vals)
        return vals, identity

    @api.model
    def _import_field_error(self, fname, reason):
        return ImportRowError(fname, _("Field %(field)s: %(reason)s", field=fname, reason=reason))

    @api.model
    def _import_parse_company(self, row, ctx):
        value = row.get("company_id")
        if not _blank(value):
            company = ctx.by_id.get(_as_id(value))
            if not company:
                raise self._import_field_error("company_id", _("unknown property %s.", _quote(value)))
            return company
        name = row.get("company")
        if _blank(name):
            return ctx.default_company
        company = ctx.by_name.get(name.strip().lower()) if isinstance(name, str) else None
        if not company:
            raise self._import_field_error("company", _("unknown property %s.", _quote(name)))
        return company

    @api.model
    def _import_parse_ref(self, row):
        ref = row.get("external_ref")
        if _blank(ref):
            raise self._import_field_error("external_ref", _("the reservation reference is missing."))
        return self._import_parse_text(ref, "external_ref")

    @api.model
    def _import_parse_text(self, value, fname):
        """A text value: a string (stripped) or a finite number (a whole float without its ``.0``)."""
        if isinstance(value, float) and math.isfinite(value) and value.is_integer():
            value = int(value)
        # nan and infinity are no reference, name or note: refused, never stored as "nan" or "inf"
        if (
            isinstance(value, bool)
            or not isinstance(value, (str, int, float))
            or (isinstance(value, float) and not math.isfinite(value))
        ):
            raise self._import_field_error(fname, _("%s is not a text.", _quote(value)))
        text = str(value).strip()
        limit = MAX_LENGTH.get(fname, MAX_LENGTH_DEFAULT)
        if len(text) > limit:
            raise self._import_field_error(
                fname,
                _("the value is %(length)s characters long, at most %(max)s are allowed.", length=len(text), max=limit),
            )
        return text or False

    @api.model
    def _import_parse_date(self, value, fname, tz):
        """A ``date``; a date-time (object or ISO 8601 text) with an offset is converted to the
        property's time zone ``tz`` first. Anything else after the date is refused, never cut."""
        if _blank(value):
            raise self._import_field_error(fname, _("the date is missing."))
        if isinstance(value, date) and not isinstance(value, datetime):
            return value
        moment = value if isinstance(value, datetime) else None
        if isinstance(value, str):
            moment = _iso_date_or_datetime(value.strip())
            if moment is not None and not isinstance(moment, datetime):
                return moment
        if moment is None:
            raise self._import_field_error(fname, _("%s is not a date (expected YYYY-MM-DD).", _quote(value)))
        if moment.tzinfo is not None:
            moment = moment.astimezone(tz)
        return moment.date()

    @api.model
    def _import_parse_selection(self, value, fname, allowed):
        if not isinstance(value, str) or value not in allowed:
            raise self._import_field_error(
                fname,
                _(
                    "unknown value %(value)s (expected one of %(allowed)s).",
                    value=_quote(value),
                    allowed=", ".join(allowed),
                ),
            )
        return value

    @api.model
    def _import_parse_number(self, value, fname, ctx, company_id):
        """A finite, non-negative number within its column; amounts rounded to the currency."""
        if isinstance(value, str):
            try:
                number = float(value.strip())
            except ValueError:
                raise self._import_field_error(fname, _("%s is not a number.", _quote(value)))
        elif isinstance(value, numbers.Real) and not isinstance(value, bool):
            number = value
        else:
            raise self._import_field_error(fname, _("%s is not a number.", _quote(value)))
        if not isinstance(number, int) and not math.isfinite(number):
            raise self._import_field_error(fname, _("%s is not a finite number.", _quote(value)))
        if number < 0:
            raise self._import_field_error(fname, _("%s is negative.", _quote(value)))
        integer = fname in INTEGER_FIELDS
        if number > (MAX_INTEGER if integer else MAX_AMOUNT):
            raise self._import_field_error(fname, _("%s is too large.", _quote(value)))
        if not integer:
            number = float(number)
            digits = ctx.digits[company_id]
            if digits is not None and round(number, digits) == number:
                return number  # already a whole number of cents: float_round would return it as is
            return float_round(number, precision_rounding=ctx.rounding[company_id])
        if number != int(number):
            raise self._import_field_error(fname, _("%s is not a whole number.", _quote(value)))
        return int(number)

    @api.model
    def _import_parse_identity(self, row, company, ctx):
        """The guest keys of the row: raw and normalised e-mail and phone, guest code, name."""
        identity = {}
        for fname in ("guest_code", "name", "email", "phone"):
            value = row.get(fname)
            identity[fname] = False if _blank(value) else self._import_parse_text(value, fname)
        identity["email_raw"], identity["phone_raw"] = identity["email"], identity["phone"]
        if identity["email"]:
            identity["email"] = ctx.email(identity["email_raw"])
            if not identity["email"]:
                raise self._import_field_error("email", _("%s is not a valid e-mail address.", _quote(row["email"])))
        if identity["phone"]:
            identity["phone"] = ctx.phone(identity["phone_raw"], company.id)
        if not any(identity[k] for k in ("guest_code", "email", "phone", "name")):
            raise ImportRowError(None, _("the guest is missing: give guest_code, email, phone or name."))
        return identity

    @api.model
    def _import_parse_booker(self, row):
        """The booking company the row names: ``{"booker_id": id}`` or ``{"booker": name}``, or
        ``{}`` when it names none (the stay's booker is then left as it is)."""
        value = row.get("booker_id")
        if not _blank(value):
            booker_id = _as_id(value)
            if booker_id is None:
                raise self._import_field_error("booker_id", _("%s is not a record id.", _quote(value)))
            return {"booker_id": booker_id}
        name = row.get("booker")
        if _blank(name):
            return {}
        return {"booker": self._import_parse_text(name, "booker")}

    @api.model
    def _import_companies(self):
        """The properties an import may write to (the user's allowed companies), to look up a row's
        ``company_id`` or ``company`` name: ``{"by_id": {id: company}, "by_name": {lower-case name:
        company}}``. Shared with ``hotel.crm.review.import_reviews``."""
        companies = self.env.companies
        return {
            "by_id": {c.id: c for c in companies},
            "by_name": {c.name.strip().lower(): c for c in companies},
        }

    @api.model
    def _import_text_fields(self):
        """Free-text stay fields an import row may carry; extend to import more."""
        return [f for f in ("room_type", "room_number", "bed_type", "floor", "note") if f in self._fields]

    @api.model
    def _import_property_tz(self, company):
        """The property's time zone (``res.company._hotel_tz_name``: the Property Time Zone, which
        follows the address's), the one every other day boundary of the addon uses; UTC if unknown."""
        name = company._hotel_tz_name()
        try:
            return pytz.timezone(name)
        except pytz.UnknownTimeZoneError:
            return pytz.utc

    @api.model
    def _import_row_label(self, rowno):
        """How messages name row ``rowno``: its position, or the line of the file it comes from
        when the caller gives them (context key ``hotel_import_lines``, one per row)."""
        lines = self.env.context.get("hotel_import_lines")
        return lines[rowno - 1] if lines and 0 < rowno <= len(lines) else rowno

    @api.model
    def _import_error(self, result, rowno, message, prefixed=False):
        if not prefixed:
            message = _("Row %(row)s: %(msg)s", row=self._import_row_label(rowno), msg=message)
        result["errors"].append({"row": rowno, "message": message})

    # ------------------------------------------------------------------
    # Writing a chunk of valid rows
    # ------------------------------------------------------------------
    @api.model
    def _import_chunk(self, parsed, ctx, result):
        parsed, new_bookers = self._import_match_bookers(parsed, result)
        existing = self._import_existing_stays(parsed, ctx)
        parsed = self._import_check_transitions(parsed, existing, ctx, result)
        guests, new_guests = self._import_match_guests(parsed, result, existing)
        to_create, to_update = [], []
        for rowno, vals, _identity in parsed:
            if rowno not in guests:
                continue
            vals["partner_id"] = guests[rowno]
            current = existing.get((vals["company_id"], vals["external_ref"]))
            if current is None:
                to_create.append((rowno, vals))
                continue
            changes = self._import_changed_values(current, vals)
            if changes:
                to_update.append((rowno, self.browse(current["id"]), changes))
        if to_update:
            self._import_update(to_update, result)
        if to_create:
            self._import_create(to_create, ctx, result)
        # a guest created for rows that all failed would be half of a bad row: remove it
        failed = {error["row"] for error in result["errors"]}
        orphans = new_guests - {pid for rowno, pid in guests.items() if rowno not in failed}
        # and so would a booking company created for them
        orphans |= new_bookers - {
            vals.get("booker_id") for rowno, vals, _i in parsed if rowno in guests and rowno not in failed
        }
        if orphans:
            self.env["res.partner"].browse(orphans).sudo().unlink()

    # ------------------------------------------------------------------
    # Booking companies
    # ------------------------------------------------------------------
    @api.model
    def _import_match_bookers(self, parsed, result):
        """Set ``booker_id`` in the values of the rows that name a booking company; return
        ``(rows that may go on, ids of the companies created)``.

        A ``booker_id`` must be a company (``is_company``) of the row's property or of no property,
        else the row is refused on that field (an id out of reach reads as unknown: the message
        tells nothing of other properties). Names are matched and missing companies created for
        the whole chunk at once (``_import_resolve_bookers``): two queries and one ``create``.
        """
        given_ids = {ident["booker_id"] for _r, _v, ident in parsed if ident.get("booker_id")}
        requests = {}
        for _rowno, vals, ident in parsed:
            if ident.get("booker"):
                key = (vals["company_id"], ident["booker"].lower())
                requests.setdefault(key, (ident["booker"], vals.get("channel")))
        if not given_ids and not requests:
            return parsed, set()
        companies = {}
        if given_ids:
            self.env["res.partner"].flush_model(["is_company", "company_id"])
            self.env.cr.execute(
                SQL("SELECT id, company_id FROM res_partner WHERE is_company AND id = ANY(%s)", list(given_ids))
            )
            companies = dict(self.env.cr.fetchall())
        matched, created = self._import_resolve_bookers(requests)
        allowed = []
        for rowno, vals, ident in parsed:
            if ident.get("booker_id"):
                booker_id = ident["booker_id"]
                if booker_id not in companies or companies[booker_id] not in (None, vals["company_id"]):
                    error = self._import_field_error(
                        "booker_id",
                        _(
                            "no company with id %(id)s is within reach of property %(property)s.",
                            id=booker_id,
                            property=self.env["res.company"].browse(vals["company_id"]).name,
                        ),
                    )
                    self._import_error(result, rowno, error.args[0])
                    continue
                vals["booker_id"] = booker_id
            elif ident.get("booker"):
                vals["booker_id"] = matched[(vals["company_id"], ident["booker"].lower())]
            allowed.append((rowno, vals, ident))
        return allowed, created

    @api.model
    def _import_resolve_bookers(self, requests):
        """Match or create booking companies by name; shared by ``import_stays`` and Odoo's import.

        :param dict requests: ``{(company_id, lower-case trimmed name): (name, channel)}``
        :return: ``({(company_id, name key): partner id}, set of the ids created)``. A name is
            matched with a company (``is_company``, archived ones too, active first) of that
            property, else of no property, the oldest first; the names no company matches are
            created in one ``create``, one company of no property per name
            (``_import_prepare_booker``).
        """
        if not requests:
            return {}, set()
        Partner = self.env["res.partner"]
        Partner.flush_model(["name", "is_company", "company_id", "active"])
        self.env.cr.execute(
            SQL(
                """
                SELECT id, lower(btrim(name)), company_id FROM res_partner
                 WHERE is_company AND lower(btrim(name)) = ANY(%s)
                   AND (company_id IS NULL OR company_id = ANY(%s))
                 ORDER BY active DESC, id
                """,
                list({key for _company_id, key in requests}),
                list({company_id for company_id, _key in requests}),
            )
        )
        own, shared = {}, {}
        for partner_id, key, company_id in self.env.cr.fetchall():
            if company_id:
                own.setdefault((company_id, key), partner_id)
            else:
                shared.setdefault(key, partner_id)
        matched, missing = {}, {}
        for (company_id, key), (name, channel) in requests.items():
            partner_id = own.get((company_id, key)) or shared.get(key)
            if partner_id:
                matched[(company_id, key)] = partner_id
            else:
                missing.setdefault(key, (name, channel, []))[2].append(company_id)
        if not missing:
            return matched, set()
        partners = Partner.with_context(tracking_disable=True, mail_create_nolog=True).create(
            [self._import_prepare_booker(name, channel) for name, channel, _companies in missing.values()]
        )
        for partner, (key, (_name, _channel, company_ids)) in zip(partners, missing.items(), strict=True):
            matched.update({(company_id, key): partner.id for company_id in company_ids})
        return matched, set(partners.ids)

    @api.model
    def _import_prepare_booker(self, name, channel):
        """Values of the booking company an import creates for ``name`` (the channel of the first
        row naming it is given too); override to add fields (the partner room adds its type)."""
        return {"name": name, "is_company": True, "company_id": False}

    @api.model
    def _import_existing_stays(self, parsed, ctx):
        """``{(company_id, external_ref): {column: value}}`` of the stays the rows name; one query.

        Only the columns the rows carry are read, straight from the table: comparing them is what
        makes a re-sent batch cheap.
        """
        if not parsed:
            return {}
        columns = sorted({fname for _r, vals, _i in parsed for fname in vals} | {"partner_id", "state"})
        self.flush_model(columns)
        refs = list({vals["external_ref"] for _r, vals, _i in parsed})
        self.env.cr.execute(
            SQL(
                "SELECT id, %s FROM hotel_crm_stay WHERE company_id IN %s AND external_ref = ANY(%s)",
                SQL(", ").join(SQL.identifier(c) for c in columns),
                tuple(ctx.by_id),
                refs,
            )
        )
        return {(row["company_id"], row["external_ref"]): row for row in self.env.cr.dictfetchall()}

    @api.model
    def _import_check_transitions(self, parsed, existing, ctx, result):
        """Refuse to non-managers what *Back to Booked* refuses them: a cancelled or no-show stay
        booked again. Returns the rows that may go on."""
        if ctx.is_manager:
            return parsed
        allowed = []
        for rowno, vals, identity in parsed:
            current = existing.get((vals["company_id"], vals["external_ref"]))
            if current and vals.get("state") == "booked" and current["state"] in RESET_STATES:
                state = dict(self._fields["state"]._description_selection(self.env))[current["state"]]
                self._import_error(
                    result,
                    rowno,
                    self._import_field_error(
                        "state",
                        _(
                            "stay %(ref)s is %(state)s: only a Hotel CRM manager can put it back to booked.",
                            ref=vals["external_ref"],
                            state=state,
                        ),
                    ).args[0],
                )
                continue
            allowed.append((rowno, vals, identity))
        return allowed

    @api.model
    def _import_changed_values(self, current, vals):
        """The values of ``vals`` that differ from the stay's ``current`` column values."""
        changes = {}
        for fname, value in vals.items():
            old = current.get(fname)
            if fname in REVENUE_FIELDS or fname in INTEGER_FIELDS:
                if float(old or 0) != float(value or 0):
                    changes[fname] = value
            elif (old or False) != (value or False):
                changes[fname] = value
        return changes

    @api.model
    def _import_together(self, save):
        """Run ``save`` (the writes of a whole batch) in one savepoint and one flush.

        :param save: a callable without arguments
        :return: ``None`` when the batch is saved, else the error that refused it (any error: a
            database error of one row too); the savepoint is rolled back and the cache emptied,
            so that the caller saves the rows one by one to find the culprits
        """
        try:
            with self.env.cr.savepoint():
                save()
                self.env.flush_all()
        except Exception as error:  # any row's error, a database one too: found row by row
            self.env.invalidate_all()
            return error
        return None

    @api.model
    def _import_update(self, to_update, result):
        """Write the changes of ``[(rowno, stay, changes)]`` through the ORM (its hooks: points,
        tiers, aggregates, preferences of the stays whose state changes), all in one savepoint
        and one flush; when that fails, row by row, each in a savepoint of its own, so that only
        the culprits are reported."""

        def write_all():
            for _rowno, stay, changes in to_update:
                stay.write(changes)

        reason = self._import_together(write_all)
        if reason is None:
            result["updated"] += len(to_update)
            return
        _logger.info("import_stays: %s updates refused together (%s), saving row by row", len(to_update), reason)
        for rowno, stay, changes in to_update:
            if self._import_save(result, rowno, lambda s=stay, c=changes: s.write(c)):
                result["updated"] += 1

    @api.model
    def _import_create(self, to_create, ctx, result):
        """Create the stays of ``[(rowno, vals)]``: set-based, else row by row to find the culprits."""
        reason = self._import_together(lambda: self._import_create_batch([vals for _rowno, vals in to_create], ctx))
        if reason is None:
            result["created"] += len(to_create)
            return
        _logger.info("import_stays: batch of %s stays refused (%s), saving row by row", len(to_create), reason)
        stays = self.with_context(tracking_disable=True, mail_create_nolog=True)
        for rowno, vals in to_create:
            if self._import_save(result, rowno, lambda v=vals: stays.create(v)):
                result["created"] += 1

    @api.model
    def _import_create_batch(self, vals_list, ctx):
        """Insert the stays of ``vals_list`` in one statement, then do per batch what ``create``
        does per stay: new guests flagged, stored computes and constraints, points, tiers,
        aggregates, preferences served (``_import_stays_created``)."""
        self.browse().check_access("create")
        defaults = column_defaults(self)
        rows = []
        for vals in vals_list:
            row = {**defaults, **vals}
            row["currency_id"] = ctx.currency[row["company_id"]]
            row["nights"] = (row["departure_date"] - row["arrival_date"]).days
            # the stored computes of the stay (_compute_nights_realised, _compute_revenue_total),
            # given here: computed after the insert they would cost an UPDATE of every new stay
            row["nights_realised"] = row["nights"] if row["state"] in REALISED_STATES else 0
            row["revenue_total"] = sum(row.get(f) or 0.0 for f in REVENUE_FIELDS)
            rows.append(row)
        # the stay's own rules ran on every row before writing (_import_parse_row)
        stays = insert_records(self, rows, checked=("_check_dates_revenues",))
        partner_ids = sorted({row["partner_id"] for row in rows})
        # matched contacts that are not guests yet become guests (one query finds them)
        Partner = self.env["res.partner"]
        Partner.flush_model(["hotel_guest"])
        self.env.cr.execute(
            SQL("SELECT id FROM res_partner WHERE id = ANY(%s) AND hotel_guest IS NOT TRUE", partner_ids)
        )
        contacts = Partner.browse(id_ for (id_,) in self.env.cr.fetchall())
        if contacts:
            contacts.write({"hotel_guest": True})
        parts = stays._import_stays_created(rows)
        self._import_update_guests(partner_ids, parts)
        return stays

    def _import_stays_created(self, rows):
        """Per batch, what ``create`` does per stay: ``self`` are new stays, ``rows`` their values
        in the same order. Override to add a capability's batch (see the loyalty room): call
        ``super()`` and append to the list it returns.

        :return: the parts (:data:`GuestUpdate`) of the one ``UPDATE`` that then writes the stored
            values of the batch's guests (:meth:`_import_update_guests`): here the stay
            aggregates (:data:`STAY_AGGREGATES`), with the SQL of their compute
            (``res.partner._hotel_stay_aggregates_sql``) over all the guests' stays. A guest row
            is rewritten once per batch, not once per capability.
        """
        Partner = self.env["res.partner"]
        partner_ids = sorted({row["partner_id"] for row in rows})
        # the stays' insert marked the aggregates of their guests to recompute guest by guest: the
        # UPDATE below computes them for the batch at once
        partners = Partner.browse(partner_ids)
        for fname in STAY_AGGREGATES:
            self.env.remove_to_compute(Partner._fields[fname], partners)
        # same as _hotel_state_changed for new stays: only booked ones need preparing
        self.filtered(lambda s: s.state == "booked")._hotel_serve_preferences(rebuild_notes=True)
        source = SQL(
            """SELECT s.partner_id, %(aggregates)s
                 FROM (SELECT s.*, %(realised)s AS realised FROM hotel_crm_stay s
                        WHERE s.partner_id = ANY(%(ids)s)) s
                GROUP BY s.partner_id""",
            aggregates=Partner._hotel_stay_aggregates_sql(),
            realised=Partner._hotel_stay_realised_sql(),
            ids=partner_ids,
        )
        columns = {
            fname: SQL("agg.%s", SQL.identifier(column))
            if empty is False
            else SQL("COALESCE(agg.%s, 0)", SQL.identifier(column))
            for fname, (column, empty) in STAY_AGGREGATES.items()
        }
        return [GuestUpdate("agg", source, columns)]

    @api.model
    def _import_update_guests(self, partner_ids, parts):
        """Write the stored values of the guests ``partner_ids`` that the batch's capabilities
        computed (``parts``, a list of :data:`GuestUpdate`) in one ``UPDATE``; only the guests
        whose values change are rewritten. The ORM's cache is invalidated and the fields'
        dependents are marked, as a ``write`` would.
        """
        if not partner_ids or not parts:
            return
        self.env.flush_all()
        columns = {column: expr for part in parts for column, expr in part.columns.items()}
        joins = SQL(" ").join(
            SQL(
                "LEFT JOIN (%s) AS %s ON %s.partner_id = x.id",
                part.source,
                SQL.identifier(part.alias),
                SQL.identifier(part.alias),
            )
            for part in parts
        )
        self.env.cr.execute(
            SQL(
                """UPDATE res_partner p
                      SET %(sets)s, write_uid = %(uid)s, write_date = %(now)s
                     FROM unnest(%(ids)s::int[]) AS x(id) %(joins)s
                    WHERE p.id = x.id AND (%(old)s) IS DISTINCT FROM (%(new)s)""",
                sets=SQL(", ").join(SQL("%s = %s", SQL.identifier(c), e) for c, e in columns.items()),
                uid=self.env.uid,
                now=self.env.cr.now(),
                ids=partner_ids,
                joins=joins,
                old=SQL(", ").join(SQL("p.%s", SQL.identifier(c)) for c in columns),
                new=SQL(", ").join(columns.values()),
            )
        )
        partners = self.env["res.partner"].browse(partner_ids)
        partners.invalidate_recordset([*columns, "write_uid", "write_date"], flush=False)
        partners.modified(list(columns))

    @api.model
    def _import_save(self, result, rowno, operation):
        """Run ``operation`` in a savepoint; report a failure on ``rowno``."""
        try:
            with self.env.cr.savepoint():
                operation()
                self.env.flush_all()
            return True
        except (UserError, ValidationError) as error:
            message = error.args[0]
        except Exception as error:  # reported on the row, the batch goes on
            message = str(getattr(error, "pgerror", None) or error)
        self.env.invalidate_all()
        self._import_error(result, rowno, message)
        return False

    # ------------------------------------------------------------------
    # Guests
    # ------------------------------------------------------------------
    @api.model
    def _import_match_guests(self, parsed, result, existing=None):
        """Return ``({rowno: partner_id}, ids of the guests created)``.

        Guests are matched by guest code, then e-mail, then phone; a row none of these match keeps
        the guest of its stay when the stay was imported before (``existing``: ``{(company_id,
        external_ref): {"partner_id": id, ...}}``). A row naming its guest by ``name`` only (as
        the template's ``partner_id`` column does) is matched with the oldest guest of exactly
        that name, so that a file loaded in chunks, or twice, gives one guest per name. Else a
        guest is created, one per distinct identity of the batch.
        """
        existing = existing or {}
        by_code, by_email, by_phone, by_name = self._import_find_guests(parsed)
        guests, to_create = {}, {}
        for rowno, vals, ident in parsed:
            partner_id = (
                (ident["guest_code"] and by_code.get(ident["guest_code"]))
                or (ident["email"] and by_email.get(ident["email"]))
                or (ident["phone"] and by_phone.get(ident["phone"]))
            )
            if not partner_id:
                stay = existing.get((vals["company_id"], vals["external_ref"]))
                partner_id = stay["partner_id"] if stay else False
            if not partner_id and _name_only(ident):
                partner_id = by_name.get(ident["name"])
            if partner_id:
                guests[rowno] = partner_id
                continue
            if not ident["name"]:
                keys = ", ".join(str(ident[k]) for k in ("guest_code", "email", "phone") if ident[k])
                self._import_error(
                    result,
                    rowno,
                    _(
                        "Row %(row)s: no guest matches %(keys)s and there is no name to create one.",
                        row=self._import_row_label(rowno),
                        keys=keys,
                    ),
                    prefixed=True,
                )
                continue
            # rows of one new guest in the same batch create a single contact
            key = ident["guest_code"] or ident["email"] or ident["phone"] or ident["name"].lower()
            to_create.setdefault(key, {"ident": ident, "rows": []})["rows"].append(rowno)
        created = set()
        if to_create:
            for partner, entry in self._import_save_guests(list(to_create.values()), result):
                created.add(partner.id)
                guests.update(dict.fromkeys(entry["rows"], partner.id))
        # matched contacts become guests when their stays are saved, not before: a row that fails
        # leaves its contact as it was
        return guests, created

    @api.model
    def _import_save_guests(self, entries, result):
        """Create the new guests of ``entries`` (``[{"ident": ..., "rows": [rowno]}]``) in one
        INSERT; when that collides with a unique key (another import saving the same guest codes
        at the same moment), one by one, the rows of a colliding guest reported, the others saved.

        :return: ``[(partner, entry)]`` of the guests created
        """
        try:
            with self.env.cr.savepoint():
                partners = self._import_create_guests([entry["ident"] for entry in entries])
            return list(zip(partners, entries, strict=True))
        except psycopg2.IntegrityError:
            self.env.invalidate_all()
        saved = []
        for entry in entries:
            try:
                with self.env.cr.savepoint():
                    saved.append((self._import_create_guests([entry["ident"]]), entry))
            except psycopg2.IntegrityError:
                self.env.invalidate_all()
                ident = entry["ident"]
                for rowno in entry["rows"]:
                    self._import_error(
                        result,
                        rowno,
                        _(
                            "Row %(row)s: guest %(guest)s is being saved by another import at the same "
                            "moment; send the row again.",
                            row=self._import_row_label(rowno),
                            guest=ident["guest_code"] or ident["email"] or ident["name"],
                        ),
                        prefixed=True,
                    )
        return saved

    @api.model
    def _import_find_guests(self, parsed):
        """``(by_code, by_email, by_phone, by_name)``: the existing contacts with the rows' keys
        (names: guests only, for the rows that give nothing else); four queries at most."""
        Partner = self.env["res.partner"].with_context(active_test=False)
        found = []
        # guests first, then the oldest contact: a stable, predictable match
        order = "hotel_guest desc, id"
        keys = (("guest_code", "hotel_guest_code"), ("email", "email_normalized"), ("phone", "hotel_phone_e164"))
        for key, fname in keys:
            values = list({ident[key] for _r, _v, ident in parsed if ident[key]})
            found.append(self._import_find(Partner, [(fname, "in", values)], fname, order) if values else {})
        names = list({ident["name"] for _r, _v, ident in parsed if _name_only(ident)})
        domain = [("hotel_guest", "=", True), ("name", "in", names)]
        found.append(self._import_find(Partner, domain, "name", "id") if names else {})
        return tuple(found)

    @api.model
    def _import_find(self, Partner, domain, fname, order):
        matches = {}
        for partner in Partner.search_fetch(domain, [fname], order=order):
            matches.setdefault(partner[fname], partner.id)
        return matches

    @api.model
    def _import_create_guests(self, identities):
        """The new guests of a chunk in one INSERT, their guest codes drawn in one statement, with
        the values ``res.partner.create`` gives a new guest (``_hotel_import_guest_values``); no
        chatter message, no follower, as the import always did."""
        Partner = self.env["res.partner"]
        Partner.browse().check_access("create")
        vals_list = [self._import_prepare_guest(ident) for ident in identities]
        missing = [vals for vals in vals_list if not vals.get("hotel_guest_code")]
        for vals, code in zip(missing, Partner._hotel_next_guest_codes(len(missing)), strict=True):
            vals["hotel_guest_code"] = code
        return insert_records(Partner, Partner._hotel_import_guest_values(vals_list))

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
            # the key the row was matched on, which the international form gives again
            vals["hotel_phone_e164"] = ident["phone"]
        elif ident["phone_raw"]:
            vals["phone"] = ident["phone_raw"]
        return vals


def column_defaults(model):
    """The default values of ``model``'s stored, non-computed columns, read once for a batch."""
    fnames = [
        name
        for name, field in model._fields.items()
        if field.store and field.column_type and not field.compute and name not in MAGIC_COLUMNS
    ]
    return {
        fname: value
        for fname, value in model.default_get(fnames).items()
        if not isinstance(value, (list, tuple, dict))  # x2many commands, json: not plain columns
    }


def _cache_values(field, values, records):
    """``field.convert_to_cache`` of each of ``values``; the plain values of an import (ids,
    strings, dates, a selection's keys) are their own cache value and skip the call."""
    convert = field.convert_to_cache
    if field.type == "many2one":
        plain = lambda value: type(value) is int  # noqa: E731
    elif field.type in ("char", "text") and not (field.size or field.translate):
        plain = lambda value: type(value) is str  # noqa: E731
    elif field.type == "selection":
        keys = set(field.get_values(records.env))
        plain = lambda value: type(value) is str and value in keys  # noqa: E731
    elif field.type == "date":
        plain = lambda value: type(value) is date  # noqa: E731
    else:
        return [convert(value, records) for value in values]
    return [
        None if value is None or value is False else value if plain(value) else convert(value, records)
        for value in values
    ]


def _copy_text(value):
    return value.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")


def _copy_converter(field):
    """``value -> text`` of ``field``'s column in PostgreSQL's COPY format, as the ORM stores it."""
    null = "\\N"
    if field.type == "boolean":
        return lambda v: "t" if v else "f"
    if field.type == "integer":
        return lambda v: null if v is None else str(int(v or 0))
    if field.type in ("many2one", "many2one_reference"):
        return lambda v: null if not v else str(int(v))
    if field.type in ("float", "monetary"):
        return lambda v: null if v is None else repr(float(v or 0.0))
    if field.column_type and field.column_type[0] == "jsonb":
        return lambda v: (
            null if v is None or v is False else _copy_text(json.dumps(v if isinstance(v, dict) else {"en_US": v}))
        )
    return lambda v: null if v is None or v is False else _copy_text(str(v))


def draw_ids(model, count):
    """``count`` new ids from the sequence of ``model``'s table, in one statement."""
    model.env.cr.execute(
        SQL("SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)", model._table, count)
    )
    return [id_ for (id_,) in model.env.cr.fetchall()]


def insert_records(model, rows, checked=()):
    """Insert ``rows`` (complete values of stored fields) into ``model``'s table with one COPY
    per chunk of rows (ids drawn from the table's sequence first, unless every row gives its
    ``id``, drawn by the caller with :func:`draw_ids`), and tell the ORM what ``create``
    tells it: dependent stored fields marked for recomputation (the computed fields a row gives
    kept as given), Python constraints run (but those named in ``checked``, which the caller ran
    on every row before), record rules checked. Returns the new records, in the order of ``rows``.

    What ``create`` overrides do on top is the caller's to do per batch.
    """
    columns = sorted({fname for row in rows for fname in row} - {"id"})
    env = model.env
    now = str(env.cr.now())
    magic = [str(env.uid), now, str(env.uid), now]
    converters = [_copy_converter(model._fields[c]) for c in columns]
    if all("id" in row for row in rows):
        ids = [row["id"] for row in rows]
    else:
        ids = draw_ids(model, len(rows))
    for start in range(0, len(rows), IMPORT_CHUNK):
        part = rows[start : start + IMPORT_CHUNK]
        # column by column (one converter per column), then joined line by line
        cells = [[str(record_id) for record_id in ids[start : start + IMPORT_CHUNK]]]
        cells += [[convert(row.get(c)) for row in part] for c, convert in zip(columns, converters, strict=True)]
        cells.append(["\t".join(magic)] * len(part))
        text = io.StringIO("".join("\t".join(line) + "\n" for line in zip(*cells, strict=True)))
        env.cr.copy_from(text, model._table, columns=["id", *columns, *MAGIC_INSERT])
    records = model.browse(ids)
    # the values just written, in the cache as create leaves them: what runs next (computes,
    # triggers, hooks) does not read them back from the table
    for fname in columns:
        field = model._fields[fname]
        if field.type in CACHED_TYPES:
            env.cache.update(records, field, _cache_values(field, [row.get(fname) for row in rows], records))
    # what the rows give, and the (empty) lines of the new records; create marks every field, but
    # a new record has no value for the others, and their dependents (the resized images of an
    # empty image, a contact's salesperson taken from a parent it has not) would be computed record
    # by record for nothing
    fnames = [*columns, *MAGIC_INSERT, *(name for name, field in model._fields.items() if field.type in X2MANY)]
    computed = {c for c in columns if model._fields[c].compute}
    protected = {}
    for record_id, row in zip(ids, rows, strict=True):
        given = tuple(sorted(c for c in computed if c in row))
        protected.setdefault(given, []).append(record_id)
    with env.protecting([([model._fields[c] for c in given], model.browse(rids)) for given, rids in protected.items()]):
        records.modified(fnames, create=True)
    # the new records join the cached lines of the records they point to (a guest's stays), as
    # create adds them; only lines already in the cache are concerned (the others are read
    # from the table when asked for), so the records pointed to without them are skipped
    for fname in columns:
        field = model._fields[fname]
        inverses = model.pool.field_inverses[field]
        if field.type == "many2one" and inverses:
            comodel = env[field.comodel_name]
            by_value = {}
            for record_id, row in zip(ids, rows, strict=True):
                by_value.setdefault(row.get(fname) or None, []).append(record_id)
            for value, record_ids in by_value.items():
                if value is not None and any(env.cache.contains(comodel.browse(value), inv) for inv in inverses):
                    field._update_inverses(model.browse(record_ids), value)
    for check in model._constraint_methods:
        if check.__name__ not in checked and not set(columns).isdisjoint(check._constrains):
            check(records)
    records.check_access("create")
    return records
