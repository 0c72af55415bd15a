from odoo import _, models
from odoo.exceptions import AccessError

# Marks an environment whose writes come from the addon's own code (an action, a cron step) after
# it checked them. A module-level object: a client sends JSON, so no RPC context can carry it.
_TRUSTED = object()
MANAGER = "hotel_crm.hotel_crm_group_manager"


class HotelCrmProtectedFieldsMixin(models.AbstractModel):
    """One home for the server-side rules behind ``readonly`` in the views.

    A field readonly in a view is not readonly on the server: a client may send it over JSON-RPC.
    Models inheriting this mixin list in :meth:`_hotel_protected_fields` the fields that only the
    addon's own code (superuser, or an environment from :meth:`_hotel_trusted`) or a Hotel CRM
    manager may write, and call :meth:`_hotel_check_protected_fields` from ``create``/``write``.
    :meth:`_hotel_check_company_move` refuses to move a record to a property the user may not
    access (a record moved out of one's own reach).
    """

    _name = "hotel.crm.protected.fields.mixin"
    _description = "Hotel CRM: fields set by the addon only"

    def _hotel_protected_fields(self):
        """Fields a client may not write.

        :return: ``{field_name: who}``: ``who`` is ``"manager"`` when a Hotel CRM manager may also
            write it, ``None`` when only the addon's own code does (stamps, flags, counters,
            stored computed values).
        """
        return {}

    def _hotel_trusted(self):
        """These records in an environment whose writes the guards let through.

        For the addon's own actions after they checked what they do (e.g. *Check In* writing
        ``state``); never derived from anything a client sends.
        """
        return self.with_context(hotel_crm_trusted=_TRUSTED)

    def _hotel_is_trusted(self):
        return self.env.su or self.env.context.get("hotel_crm_trusted") is _TRUSTED

    def _hotel_is_manager(self):
        return self.env.su or self.env.user.has_group(MANAGER)

    def _hotel_field_label(self, fname):
        return self._fields[fname]._description_string(self.env)

    def _hotel_unchanged(self, fname, value):
        """Whether writing ``value`` leaves ``fname`` as it is on every record of ``self``."""
        field = self._fields[fname]
        for record in self.sudo():
            try:
                new = field.convert_to_record(field.convert_to_cache(value, record), record)
            except (TypeError, ValueError):
                return False
            if new != record[fname]:
                return False
        return bool(self)

    def _hotel_check_protected_fields(self, vals):
        """Refuse a client's value for a protected field (see :meth:`_hotel_protected_fields`).

        :param dict vals: the values of a ``write`` (``self`` = the records) or of one ``create``
            (``self`` empty).
        :raise AccessError: naming the fields; writing the value a record already has is allowed
            (the web client and Odoo's merge send values back as they are).
        """
        # bad input first (models.py): the guards run before the generic check of ``base``, at
        # the bottom of every override chain, and must not choke on a value it refuses
        self._hotel_check_input(vals)
        if self._hotel_is_trusted():
            return
        protected = self._hotel_protected_fields()
        names = [fname for fname in vals if fname in protected]
        if not names:
            return
        manager = self._hotel_is_manager()
        refused = [
            fname
            for fname in names
            if not (protected[fname] == "manager" and manager)
            and not (self and self._hotel_unchanged(fname, vals[fname]))
            and not (not self and not vals[fname])
        ]
        if not refused:
            return
        raise AccessError(
            _(
                "%(model)s: %(fields)s cannot be set by hand; the application sets them (or a Hotel CRM "
                "manager, where its documentation says so).",
                model=self._description,
                fields=", ".join(self._hotel_field_label(fname) for fname in refused),
            )
        )

    def _hotel_guard_create(self, vals_list):
        """What a guard's ``create`` runs before any other override of its model: each new
        record's values (as :meth:`_hotel_guard_create_vals` gives them) go through
        :meth:`_hotel_check_protected_fields`.

        :param list vals_list: the values of a ``create``, one dict per record
        :return: ``vals_list`` itself, for ``super().create``
        :raise AccessError: see :meth:`_hotel_check_protected_fields`
        """
        for vals in vals_list:
            self.browse()._hotel_check_protected_fields(self._hotel_guard_create_vals(vals))
        return vals_list

    def _hotel_guard_create_vals(self, vals):
        """The values of a new record the guard checks: all of them. A guard overrides it to let
        through what the form or an import legitimately sends (e.g. a reference's ``/``).

        :param dict vals: one record's values of a ``create``
        :return: dict
        """
        return vals

    def _hotel_guard_write(self, vals, company_move=False):
        """What a guard's ``write`` runs before any other override of its model.

        :param dict vals: the values of the ``write`` on ``self``
        :param bool company_move: also refuse a move to a property out of the user's reach
            (:meth:`_hotel_check_company_move`), for models whose property a user chooses
        :return: ``vals`` itself, for ``super().write``
        :raise AccessError: see :meth:`_hotel_check_protected_fields` and
            :meth:`_hotel_check_company_move`
        """
        self._hotel_check_protected_fields(vals)
        if company_move:
            self._hotel_check_company_move(vals)
        return vals

    def _hotel_check_company_move(self, vals):
        """Refuse to move records to a property the user cannot access.

        :param dict vals: the values of a ``write``
        :raise AccessError: when ``company_id`` changes to a property outside the user's allowed
            properties (the record would vanish from their reach); a record the user can write is
            already in one of theirs (record rules).
        """
        if "company_id" not in vals or self._hotel_is_trusted() or not self:
            return
        self._hotel_check_input({"company_id": vals["company_id"]})  # an id, not a list or infinity
        target = self.env["res.company"].browse(vals["company_id"] or [])
        if self._hotel_unchanged("company_id", vals["company_id"]):
            return
        allowed = self.env.user.company_ids
        if (target and target not in allowed) or not self.sudo().company_id <= allowed:
            raise AccessError(
                _(
                    "%(model)s: you may only move records between properties you have access to.",
                    model=self._description,
                )
            )

    def _hotel_readable_name(self, record):
        """``record``'s name if the current user may read it, else a neutral placeholder.

        For error messages: every error names only records the user can read.
        :param record: a record (of any model, any environment), or an empty recordset
        :return: str
        """
        if not record:
            return ""
        record = record.with_env(self.env)
        if self.env.su or record.has_access("read"):
            return record.display_name
        return _("(a record you cannot access)")
