import logging

from odoo import api, models

_logger = logging.getLogger(__name__)

REPORT_TEMPLATE = "hotel_crm.mail_template_kpi_monthly_report"


class HotelCrmKpiSnapshot(models.Model):
    """The monthly CRM performance report, e-mailed to each property's managers when the month is frozen."""

    _inherit = "hotel.crm.kpi.snapshot"  # pylint: disable=consider-merging-classes-inherited

    @api.model
    def _cron_freeze_closed_months(self):
        created = super()._cron_freeze_closed_months()
        created.filtered("frozen")._hotel_send_monthly_report()
        return created

    def _hotel_report_recipients(self):
        """The Hotel CRM managers who receive this snapshot's report: internal, active, with an
        e-mail address and access to every property the snapshot covers.

        :return: ``res.users`` recordset
        """
        self.ensure_one()
        managers = self.env.ref("hotel_crm.hotel_crm_group_manager").sudo().users
        covered = self.sudo().covered_company_ids
        return managers.filtered(lambda u: u.active and not u.share and u.email and covered <= u.company_ids)

    def _hotel_send_monthly_report(self):
        """Queue the report of each snapshot (PDF attached) to its managers.

        :return: the ``mail.mail`` records queued
        """
        template = self.env.ref(REPORT_TEMPLATE, raise_if_not_found=False)
        mails = self.env["mail.mail"].sudo()
        if not template:
            _logger.warning("Monthly CRM reports not sent: the mail template %s is missing.", REPORT_TEMPLATE)
            return mails
        for snapshot in self.sudo():
            recipients = snapshot._hotel_report_recipients()
            if not recipients:
                continue
            mail_id = template.sudo().send_mail(
                snapshot.id,
                email_values={"recipient_ids": [(6, 0, recipients.partner_id.ids)]},
                email_layout_xmlid="mail.mail_notification_light",
            )
            mails |= mails.browse(mail_id)
        return mails
