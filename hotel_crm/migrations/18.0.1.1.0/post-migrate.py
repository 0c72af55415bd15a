"""Guest export files made before 18.0.1.1.0 were attached to the guest, where every employee
who reads the contact could open them: attach them to no record, as the export does now (Odoo
lets only their creator and administrators read such an attachment)."""

from odoo.addons.hotel_crm.models.privacy.res_partner_export import EXPORT_RES_MODEL


def migrate(cr, version):
    detach_guest_exports(cr)


def detach_guest_exports(cr):
    """Move the export ZIPs named ``guest-<id>-personal-data.zip`` off their guest.

    :param cr: a database cursor
    :return: the number of attachments moved
    """
    cr.execute(
        r"""
        UPDATE ir_attachment
           SET res_model = %s, res_id = NULL, res_field = NULL, public = FALSE
         WHERE res_model = 'res.partner'
           AND name ~ '^guest-[0-9]+-personal-data\.zip$'
        """,
        [EXPORT_RES_MODEL],
    )
    return cr.rowcount
