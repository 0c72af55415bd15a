"""Bad input gets a clear error naming the record and the field, and changes nothing.

Every value written to a Hotel CRM model (``hotel.crm.*``) or to a ``hotel_*`` field of another
model (the guest fields of ``res.partner``, the property settings of ``res.company``) is checked
before anything is written, whatever the entry point (web client, JSON-RPC, wizards, portal forms,
mail alias, imports): its type, a finite number in the range of its column, a bounded string
length, a real date (never a string cut to its first ten characters), ids that are integers of
existing records. A rejected value raises a translated ``ValidationError`` naming the record and
the field, before the database is touched.
"""

import math
import re
import sys
from datetime import date, datetime

from odoo import _, api, models
from odoo.exceptions import UserError, ValidationError
from odoo.models import BaseModel, NewId

# PostgreSQL integer columns (int4)
INT_MIN, INT_MAX = -(2**31), 2**31 - 1
# beyond any amount, count or rate a hotel records; keeps numeric columns far from overflow
FLOAT_MAX = 1e15
# characters: one-line fields (names, codes, phones, references) and long texts (notes, e-mail bodies)
CHAR_MAX = 1_000
TEXT_MAX = 1_000_000
DATE_RE = re.compile(r"\d{4}-\d{2}-\d{2}")
DATETIME_RE = re.compile(r"\d{4}-\d{2}-\d{2}( \d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?)?")
INTEGER_RE = re.compile(r"[+-]?\d{1,12}")


def _is_finite_number(value):
    return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)


class Base(models.AbstractModel):
    _inherit = "base"  # pylint: disable=consider-merging-classes-inherited

    @api.model_create_multi
    def create(self, vals_list):
        if self._name.startswith("hotel.crm.") or any(
            fname.startswith("hotel_") for vals in vals_list for fname in vals
        ):
            self._hotel_check_input(*vals_list)
        return super().create(vals_list)

    def write(self, vals):
        if self._name.startswith("hotel.crm.") or any(fname.startswith("hotel_") for fname in vals):
            self._hotel_check_input(vals)
        return super().write(vals)

    def _hotel_check_input(self, *vals_list):
        """Refuse values (dictionaries of ``create`` or ``write`` on ``self``) that their fields cannot take.

        Checked: the fields of ``hotel.crm.*`` models and the ``hotel_*`` fields of other models;
        many2one ids are checked to exist with one query per target model for the whole batch.
        :raise ValidationError: translated, naming the record (or "new <model>") and the field
        """
        every_field = self._name.startswith("hotel.crm.")
        missing_ids = {}
        for fname, value in (item for vals in vals_list if isinstance(vals, dict) for item in vals.items()):
            field = self._fields.get(fname) if isinstance(fname, str) else None
            if field is None or not (every_field or fname.startswith("hotel_")):
                continue
            reason = self._hotel_input_error(field, value)
            if reason:
                raise ValidationError(self._hotel_input_message(field, reason))
            if field.type == "many2one" and isinstance(value, int) and not isinstance(value, bool) and value:
                missing_ids.setdefault(field.comodel_name, {}).setdefault(value, field)
        for comodel, fields_by_id in missing_ids.items():
            existing = set(
                self.env[comodel].sudo().with_context(active_test=False).browse(list(fields_by_id)).exists().ids
            )
            for record_id, field in fields_by_id.items():
                if record_id not in existing:
                    raise ValidationError(
                        self._hotel_input_message(field, _("there is no record with id %s.", record_id))
                    )

    def _hotel_ensure_one(self, action=None, caller_depth=1):
        """``ensure_one()`` for the public methods of hotel_crm that work on one record (buttons,
        actions): called over JSON-RPC on several records or none, they refuse with a translated
        error naming the model and the method instead of Odoo's raw "Expected singleton".

        :param action: the method named in the message; default: the calling method's name
        :param caller_depth: how many frames up the calling method is (2 when called from a shared
            helper on behalf of the public method that called it)
        :return: ``self``
        :raise UserError: ``self`` is not exactly one record
        """
        if len(self) == 1:
            return self
        # pylint: disable=protected-access
        action = action or sys._getframe(caller_depth).f_code.co_name
        raise UserError(
            _(
                "%(model)s: “%(action)s” works on exactly one record, not on %(count)s.",
                model=self.env["ir.model"]._get(self._name).name,
                action=action,
                count=len(self),
            )
        )

    def _hotel_input_message(self, field, reason):
        record = (
            self.display_name
            if len(self) == 1
            else _("new %(model)s", model=self.env["ir.model"]._get(self._name).name)
            if not self
            else _("%(count)s %(model)s records", count=len(self), model=self.env["ir.model"]._get(self._name).name)
        )
        return _(
            "%(record)s, field “%(field)s”: %(reason)s",
            record=record,
            field=field._description_string(self.env),
            reason=reason,
        )

    def _hotel_input_error(self, field, value):
        """``None`` if ``value`` fits ``field``, else the translated reason why not."""
        if value is None or value is False:
            return None
        check = INPUT_CHECKS.get(field.type)
        if not check:
            return None
        shown = repr(value) if len(repr(value)) <= 40 else repr(value)[:40] + "…"
        return getattr(self, check)(field, value, shown)

    def _hotel_input_error_integer(self, field, value, shown):
        if isinstance(value, str) and INTEGER_RE.fullmatch(value.strip()):
            value = int(value)
        if isinstance(value, float) and math.isfinite(value) and value.is_integer():
            value = int(value)
        if not isinstance(value, int):
            return _("%s is not a whole number.", shown)
        if not INT_MIN <= value <= INT_MAX:
            return _("%(value)s is out of range (%(min)s to %(max)s).", value=shown, min=INT_MIN, max=INT_MAX)
        return None

    def _hotel_input_error_float(self, field, value, shown):
        if isinstance(value, str):
            try:
                value = float(value)
            except ValueError:
                return _("%s is not a number.", shown)
        if not _is_finite_number(value):
            return _("%s is not a finite number.", shown)
        if abs(value) >= FLOAT_MAX:
            limit = f"{FLOAT_MAX:.0e}"
            return _("%(value)s is out of range (at most %(max)s).", value=shown, max=limit)
        return None

    def _hotel_input_error_text(self, field, value, shown):
        if isinstance(value, float) and not math.isfinite(value):
            return _("%s is not a text.", shown)
        if not isinstance(value, (str, int, float)):
            return _("%s is not a text.", shown)
        limit = field.size or (CHAR_MAX if field.type == "char" else TEXT_MAX)
        if isinstance(value, str) and len(value) > limit:
            return _("the text is %(length)s characters long, more than %(max)s.", length=len(value), max=limit)
        return None

    def _hotel_input_error_selection(self, field, value, shown):
        if not isinstance(value, str):
            return _("%s is not one of the allowed values.", shown)
        allowed = field.get_values(self.env)
        if value not in allowed:
            return _("%(value)s is not one of %(allowed)s.", value=shown, allowed=", ".join(allowed))
        return None

    def _hotel_input_error_boolean(self, field, value, shown):
        if not isinstance(value, (bool, int)):
            return _("%s is not true or false.", shown)
        return None

    def _hotel_input_error_date(self, field, value, shown):
        if isinstance(value, str):
            if not DATE_RE.fullmatch(value):
                return _("%s is not a date (YYYY-MM-DD).", shown)
            try:
                date.fromisoformat(value)
            except ValueError:
                return _("%s is not a date (YYYY-MM-DD).", shown)
        elif not isinstance(value, date):
            return _("%s is not a date (YYYY-MM-DD).", shown)
        return None

    def _hotel_input_error_datetime(self, field, value, shown):
        if isinstance(value, str):
            if not DATETIME_RE.fullmatch(value):
                return _("%s is not a date and time (YYYY-MM-DD HH:MM:SS, UTC).", shown)
            try:
                datetime.fromisoformat(value)
            except ValueError:
                return _("%s is not a date and time (YYYY-MM-DD HH:MM:SS, UTC).", shown)
        elif not isinstance(value, date):
            return _("%s is not a date and time (YYYY-MM-DD HH:MM:SS, UTC).", shown)
        return None

    def _hotel_input_error_many2one(self, field, value, shown):
        if isinstance(value, (BaseModel, NewId)):
            return None
        if isinstance(value, tuple) and value:  # (id, name), as read() gives it
            value = value[0]
        if value == 0 and isinstance(value, int):
            return None  # 0 empties a many2one, as False does
        if isinstance(value, bool) or not isinstance(value, int):
            return _("%s is not a record id.", shown)
        if not 0 < value <= INT_MAX:
            return _("%s is not a record id.", shown)
        return None


# the method checking a value of each field type: (field, value, value as shown) -> reason or None
INPUT_CHECKS = {
    "integer": "_hotel_input_error_integer",
    "float": "_hotel_input_error_float",
    "monetary": "_hotel_input_error_float",
    "char": "_hotel_input_error_text",
    "text": "_hotel_input_error_text",
    "html": "_hotel_input_error_text",
    "selection": "_hotel_input_error_selection",
    "boolean": "_hotel_input_error_boolean",
    "date": "_hotel_input_error_date",
    "datetime": "_hotel_input_error_datetime",
    "many2one": "_hotel_input_error_many2one",
}
