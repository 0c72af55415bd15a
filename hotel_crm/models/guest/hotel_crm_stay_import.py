"""The integrator API ``hotel.crm.stay.import_stays``: stays from a PMS feed, validated row by row."""

from datetime import date, datetime

from odoo import _, api, fields, models, tools
from odoo.exceptions import UserError, ValidationError

from .hotel_crm_stay import CHANNELS, REVENUE_FIELDS, STATES

IMPORT_BATCH = 1000


def _blank(value):
    """No value given: None, False or an empty string, but not 0 (``0 in (False,)`` is true in Python)."""
    return value is None or value is False or (isinstance(value, str) and not value.strip())


class HotelCrmStay(models.Model):
    _inherit = "hotel.crm.stay"  # pylint: disable=consider-merging-classes-inherited

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
    def _import_parse_row(self, row, companies):  # noqa: C901 (split under way in a parallel change)
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
            # E.164, a number without country code read in the property's country (the same key as
            # res.partner.hotel_phone_e164, which the duplicate filter and the merge offer compare)
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
