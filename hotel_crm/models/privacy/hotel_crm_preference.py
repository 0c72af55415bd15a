import re

from odoo import api, models
from odoo.exceptions import ValidationError

from .hotel_crm_sensitive_access import current_reading_how, reading_as

# the fields that hold what the guest told (a group label or an aggregate of them shows it)
CONTENT_FIELDS = frozenset({"value", "note", "display_name"})
# the export paths that carry no content of the preference
ID_PATHS = frozenset({"id", ".id"})


class HotelCrmPreference(models.Model):
    """Sensitive preferences under privacy rules: recorded only with the guest's separate consent
    (PIPL art. 29), every read of them logged in ``hotel.crm.sensitive.access``."""

    _inherit = "hotel.crm.preference"  # pylint: disable=consider-merging-classes-inherited

    # ------------------------------------------------------------------
    # Separate consent
    # ------------------------------------------------------------------
    @api.constrains("sensitive", "partner_id", "category_id")
    def _check_sensitive_consent(self):
        """A sensitive preference needs the guest's sensitive-data consent (``hotel_consent_sensitive``).

        Holds on every path that saves a preference through the ORM (forms, the front desk's
        ``web_save``, RPC ``create``/``write``, Odoo's import), superuser included; the inference
        from stay history applies the same rule in its SQL, a merge checks the guest it keeps.

        :raise ValidationError: naming the guest (if the user may read them) and the category
        """
        for preference in self.sudo():
            if not preference.sensitive or preference.partner_id.hotel_consent_sensitive:
                continue
            guest = self.env["res.partner"].browse(preference.partner_id.id)
            category = self.env["hotel.crm.preference.category"].browse(preference.category_id.id)
            raise ValidationError(
                self.env._(
                    "%(guest)s has not given the separate consent to sensitive personal information, so "
                    "the sensitive preference (%(category)s) cannot be recorded. Record the guest's "
                    "Sensitive Data Consent first.",
                    guest=guest.display_name if guest.has_access("read") else self.env._("This guest"),
                    category=category.display_name if category.has_access("read") else self.env._("sensitive"),
                )
            )

    # ------------------------------------------------------------------
    # Read-access log
    # ------------------------------------------------------------------
    def web_read(self, specification):
        with reading_as("form"):
            return super().web_read(specification)

    @api.model
    def web_search_read(self, domain, specification, offset=0, limit=None, order=None, count_limit=None):
        with reading_as("list"):
            return super().web_search_read(
                domain, specification, offset=offset, limit=limit, order=order, count_limit=count_limit
            )

    def export_data(self, fields_to_export):
        with reading_as("export"):
            result = super().export_data(fields_to_export)
            self._hotel_log_sensitive_access()
        return result

    @api.model
    def name_search(self, name="", args=None, operator="ilike", limit=100):
        """Odoo's name search; the display names found show the value: the sensitive ones are logged."""
        result = super().name_search(name=name, args=args, operator=operator, limit=limit)
        if result:
            self.browse([row[0] for row in result])._hotel_log_sensitive_access()
        return result

    @api.model
    def read_group(self, domain, fields, groupby, offset=0, limit=None, orderby=False, lazy=True):
        """Odoo's grouped read (lists grouped, pivots, progress bars): grouping by the value or the
        note, or aggregating them, shows them as labels; the sensitive preferences of ``domain``
        are then logged."""
        result = super().read_group(domain, fields, groupby, offset=offset, limit=limit, orderby=orderby, lazy=lazy)
        specs = [fields] if isinstance(fields, str) else list(fields or [])
        specs += [groupby] if isinstance(groupby, str) else list(groupby or [])
        named = {name for spec in specs if isinstance(spec, str) for name in re.findall(r"\w+", spec)}
        if result and named & CONTENT_FIELDS and not self.env.su:
            self.search(domain or [])._hotel_log_sensitive_access()
        return result

    def _export_rows(self, fields, *, _is_toplevel_call=True):
        # every export reaches the preferences here, whatever model it starts from
        # (a stay's partner_id/hotel_preference_ids/value...): the sensitive ones are logged
        if self and any(path and path[0] not in ID_PATHS for path in fields):
            with reading_as("export"):
                self._hotel_log_sensitive_access()
        return super()._export_rows(fields, _is_toplevel_call=_is_toplevel_call)

    def _read_format(self, fnames, load="_classic_read"):
        # read, search_read, web_read and web_search_read all end here, after the access checks
        result = super()._read_format(fnames, load=load)
        if result and any(fname != "id" for fname in fnames):
            # the records that exist (those read); new records of an onchange have no id to log
            self.browse([row["id"] for row in result if isinstance(row["id"], int)])._hotel_log_sensitive_access()
        return result

    def _hotel_log_sensitive_access(self):
        """Log the sensitive preferences among ``self`` that the current user just read.

        Nothing for the superuser (internal computations, the arrival notes, the front desk's
        read-back of what it just saved) nor for non-sensitive preferences; the way of reading is
        the current call's (see ``hotel_crm_sensitive_access.reading_as``), never the client's context.
        """
        if self.env.su:
            return
        sensitive = self.sudo().filtered("sensitive")
        if sensitive:
            self.env["hotel.crm.sensitive.access"]._hotel_record(sensitive, current_reading_how())


class HotelCrmStay(models.Model):
    """The sensitive arrival notes of a stay copy its guest's sensitive preferences: reading them is
    logged in ``hotel.crm.sensitive.access`` as a read of those preferences."""

    _inherit = "hotel.crm.stay"  # pylint: disable=consider-merging-classes-inherited

    def _read_format(self, fnames, load="_classic_read"):
        result = super()._read_format(fnames, load=load)
        if result and "arrival_notes_sensitive" in fnames:
            self.browse(
                [row["id"] for row in result if isinstance(row["id"], int) and row.get("arrival_notes_sensitive")]
            )._hotel_log_sensitive_notes()
        return result

    def _export_rows(self, fields, *, _is_toplevel_call=True):
        if self and any(path and path[0] == "arrival_notes_sensitive" for path in fields):
            with reading_as("export"):
                self._hotel_log_sensitive_notes()
        return super()._export_rows(fields, _is_toplevel_call=_is_toplevel_call)

    def _hotel_log_sensitive_notes(self):
        """Log the sensitive preferences of the guests of those of ``self`` with sensitive arrival
        notes, as read by the current user (nothing for the superuser)."""
        if self.env.su or not self:
            return
        guests = self.sudo().filtered("arrival_notes_sensitive").partner_id
        if guests:
            self.env["hotel.crm.preference"].sudo().search(
                [("partner_id", "in", guests.ids), ("sensitive", "=", True)]
            ).with_env(self.env)._hotel_log_sensitive_access()
