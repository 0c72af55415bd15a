from odoo import api, models
from odoo.exceptions import ValidationError

from .hotel_crm_sensitive_access import current_reading_how, reading_as


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
