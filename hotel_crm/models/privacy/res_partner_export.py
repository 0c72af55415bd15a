import base64
import datetime
import io
import json
import zipfile

import xlsxwriter

from odoo import models
from odoo.exceptions import AccessError

from .hotel_crm_sensitive_access import reading_as

MANAGER = "hotel_crm.hotel_crm_group_manager"
# the model the export files are filed under (with no record: see hotel_privacy_export)
EXPORT_RES_MODEL = "hotel.crm.privacy.log"
# section -> (model, fields exported); the records of each section are read with the user's rights
EXPORT_SECTIONS = {
    "profile": (
        "res.partner",
        (
            "name",
            "email",
            "phone",
            "mobile",
            "street",
            "street2",
            "zip",
            "city",
            "country_id",
            "vat",
            "lang",
            "hotel_guest_code",
            "hotel_birthday",
            "hotel_anniversary",
            "hotel_consent_email",
            "hotel_consent_sms",
            "hotel_consent_marketing",
            "hotel_consent_survey",
            "hotel_consent_sensitive",
            "hotel_points_balance",
            "hotel_tier_id",
        ),
    ),
    "preferences": ("hotel.crm.preference", ("category_id", "value", "sensitive", "source", "note", "active")),
    "stays": (
        "hotel.crm.stay",
        (
            "external_ref",
            "company_id",
            "arrival_date",
            "departure_date",
            "nights",
            "room_type",
            "room_number",
            "channel",
            "state",
            "revenue_total",
            "arrival_notes",
        ),
    ),
    "complaints": (
        "hotel.crm.complaint",
        ("reference", "name", "company_id", "create_date", "channel", "severity", "stage_id", "description"),
    ),
    "survey_answers": ("survey.user_input", ("survey_id", "create_date", "state", "hotel_stay_id", "hotel_comment")),
    "reviews": ("hotel.crm.review", ("title", "text", "reviewer_name", "rating_normalized", "stay_id", "company_id")),
    "points": ("hotel.crm.points.move", ("date", "company_id", "move_type", "points", "name")),
    "consent_history": (
        "hotel.crm.consent",
        ("date", "channel", "purpose", "granted", "source", "proof", "deleted_preference_count"),
    ),
    "sensitive_access": (
        "hotel.crm.sensitive.access",
        ("date", "user_id", "company_id", "how", "preference_count"),
    ),
}


def _plain(value):
    """A JSON- and spreadsheet-friendly value of a field read by ``read``."""
    if isinstance(value, tuple | list) and len(value) == 2 and isinstance(value[0], int):
        return value[1]
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    if value is False or value is None:
        return ""
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value


class ResPartner(models.Model):
    """Export on request: a guest's personal data in one file (issue #17 item 2)."""

    _inherit = "res.partner"  # pylint: disable=consider-merging-classes-inherited

    def _hotel_privacy_export_records(self):
        """The records of each export section, searched with the user's rights (record rules apply).

        :return: ``{section: recordset}`` (see ``EXPORT_SECTIONS``)
        """
        self.ensure_one()
        env = self.env(context=dict(self.env.context, active_test=False))
        stays = env["hotel.crm.stay"].search([("partner_id", "=", self.id)])
        domains = {
            "preferences": [("partner_id", "=", self.id)],
            "stays": [("id", "in", stays.ids)],
            "complaints": [("partner_id", "=", self.id)],
            "survey_answers": ["|", ("partner_id", "=", self.id), ("hotel_stay_id", "in", stays.ids)],
            "reviews": [("partner_id", "=", self.id)],
            "points": [("partner_id", "=", self.id)],
            "consent_history": [("partner_id", "=", self.id)],
            "sensitive_access": [("partner_id", "=", self.id)],
        }
        result = {"profile": env["res.partner"].browse(self.id)}
        for section, domain in domains.items():
            result[section] = env[EXPORT_SECTIONS[section][0]].search(domain)
        return result

    def _hotel_privacy_export_data(self):
        """The guest's data as ``{section: [{field label: value}]}``, read with the user's rights."""
        self.ensure_one()
        data = {}
        with reading_as("export"):  # the sensitive preferences read here are logged as an export
            for section, records in self._hotel_privacy_export_records().items():
                fnames = [f for f in EXPORT_SECTIONS[section][1] if f in records._fields]
                labels = {f: records._fields[f]._description_string(self.env) for f in fnames}
                data[section] = [{labels[f]: _plain(row[f]) for f in fnames} for row in records.read(fnames)]
        return data

    def hotel_privacy_export(self):
        """Export this guest's personal data on their request: one ZIP with a JSON file and an XLSX
        workbook (one sheet per section: profile, preferences, stays, complaints, survey answers,
        reviews, points moves, consent history, the log of who read the guest's sensitive
        preferences).

        Managers only. Guest data is shared by the group; stays, complaints, points and the other
        records are read with the manager's rights, so a manager exports what the record rules of
        their properties let them read. Logged in ``hotel.crm.privacy.log``. The file is readable
        by the manager who asked for it (and administrators) only, and deleted with the guest's
        data by an erasure.

        :return: an ``ir.actions.act_url`` action downloading the ZIP (an ``ir.attachment``)
        :raise AccessError: the user is not a Hotel CRM manager
        """
        self._hotel_ensure_one()
        if not (self.env.su or self.env.user.has_group(MANAGER)):
            raise AccessError(self.env._("Only Hotel CRM managers may export a guest's personal data."))
        self.check_access("read")
        data = self._hotel_privacy_export_data()
        stream = io.BytesIO()
        with zipfile.ZipFile(stream, "w", zipfile.ZIP_DEFLATED) as archive:
            archive.writestr("guest.json", json.dumps(data, indent=2, ensure_ascii=False, default=str))
            archive.writestr("guest.xlsx", self._hotel_privacy_export_xlsx(data))
        # the file is the requesting manager's alone: attached to no record (Odoo lets only its
        # creator and administrators read such an attachment), never to the guest, whose
        # attachments every employee who reads the contact may open
        attachment = self.env["ir.attachment"].create(
            {
                "name": self._hotel_privacy_export_filename(),
                "datas": base64.b64encode(stream.getvalue()),
                "mimetype": "application/zip",
                "res_model": EXPORT_RES_MODEL,
                "res_id": False,
            }
        )
        self.env["hotel.crm.privacy.log"].sudo().create(
            {
                "action": "export",
                "partner_id": self.id,
                "user_id": self.env.user.id,
                "company_id": self.env.company.id,
            }
        )
        return {
            "type": "ir.actions.act_url",
            "url": f"/web/content/{attachment.id}?download=true",
            "target": "self",
        }

    def _hotel_privacy_export_filename(self):
        """The name of this guest's export files (the erasure finds and deletes them by it)."""
        self.ensure_one()
        return f"guest-{self.id}-personal-data.zip"

    def _hotel_privacy_export_xlsx(self, data):
        """An XLSX workbook with one sheet per section, a header row of field labels. :return: bytes"""
        stream = io.BytesIO()
        workbook = xlsxwriter.Workbook(stream, {"in_memory": True})
        bold = workbook.add_format({"bold": True})
        for section, rows in data.items():
            sheet = workbook.add_worksheet(section[:31])
            headers = list(rows[0]) if rows else []
            for col, header in enumerate(headers):
                sheet.write(0, col, header, bold)
            for row_no, row in enumerate(rows, start=1):
                for col, header in enumerate(headers):
                    value = row[header]
                    sheet.write(row_no, col, value if isinstance(value, int | float | str) else str(value))
        workbook.close()
        return stream.getvalue()

    def export_data(self, fields_to_export):
        """Odoo's export of guests: exporting their preferences reads the sensitive ones the user
        may read, which is logged in ``hotel.crm.sensitive.access`` like any other read."""
        result = super().export_data(fields_to_export)
        if not self.env.su and any(path.split("/")[0] == "hotel_preference_ids" for path in fields_to_export):
            preferences = self.env["hotel.crm.preference"].search(
                [("partner_id", "in", self.ids), ("sensitive", "=", True)]
            )
            with reading_as("export"):
                preferences._hotel_log_sensitive_access()
        return result
