from odoo import SUPERUSER_ID, api, sql_db
from odoo.tests import TransactionCase, tagged


@tagged("post_install", "-at_install", "hotel_crm_complaint")
class TestComplaintConcurrency(TransactionCase):
    """Two cron workers at once notify a breach once (rows are picked ``FOR UPDATE SKIP LOCKED``).

    Worker A runs the SLA cron and has not committed yet; worker B runs it meanwhile: B must neither
    wait for A nor notify A's complaints; after A commits, B finds nothing left to notify.
    The data is committed from real connections, so the test cleans up after itself.
    """

    def _cursor(self):
        # a real connection: the registry's cursor is the shared test cursor while tests run
        cr = sql_db.db_connect(self.env.cr.dbname).cursor()
        cr.execute("SET lock_timeout = '10s'")
        return cr

    def _breach_counts(self, cr, ids):
        cr.execute(
            "SELECT res_id, COUNT(*) FROM mail_message WHERE model = 'hotel.crm.complaint' AND res_id IN %s "
            "AND body LIKE %s GROUP BY res_id",
            [tuple(ids), "%SLA breach%"],
        )
        return dict(cr.fetchall())

    def test_two_workers_notify_once(self):
        with self._cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            guest = env["res.partner"].create({"name": "Concurrency Guest", "hotel_guest": True})
            complaints = env["hotel.crm.complaint"].create(
                [{"name": f"Concurrency {i}", "partner_id": guest.id, "severity": "high"} for i in range(5)]
            )
            complaints.flush_recordset()
            # the response deadline passed without anyone noticing yet
            cr.execute(
                "UPDATE hotel_crm_complaint SET response_deadline = now() at time zone 'UTC' - interval '1 hour' "
                "WHERE id IN %s",
                [tuple(complaints.ids)],
            )
            cr.commit()  # pylint: disable=invalid-commit
            ids, guest_id = complaints.ids, guest.id
        try:
            cr_a, cr_b = self._cursor(), self._cursor()
            try:
                env_a = api.Environment(cr_a, SUPERUSER_ID, {})
                env_b = api.Environment(cr_b, SUPERUSER_ID, {})
                env_a["hotel.crm.complaint"]._cron_check_sla()
                env_a.flush_all()
                env_b["hotel.crm.complaint"]._cron_check_sla()  # A holds the rows: B skips them, no wait
                env_b.flush_all()
                self.assertEqual(self._breach_counts(cr_b, ids), {}, "B notified nothing while A works")
                cr_b.commit()  # B's cron run ends (a cron job is one transaction)
                cr_a.commit()
                env_b.invalidate_all()  # B's next run, a new transaction, sees A's work
                env_b["hotel.crm.complaint"]._cron_check_sla()
                env_b.flush_all()
                cr_b.commit()
            finally:
                cr_a.close()
                cr_b.close()
            with self._cursor() as cr:
                self.assertEqual(self._breach_counts(cr, ids), dict.fromkeys(ids, 1), "each breach notified once")
                cr.execute("SELECT id, escalation_level FROM hotel_crm_complaint WHERE id IN %s", [tuple(ids)])
                self.assertEqual(dict(cr.fetchall()), dict.fromkeys(ids, 1), "each complaint escalated once")
        finally:
            with self._cursor() as cr:
                env = api.Environment(cr, SUPERUSER_ID, {})
                env["hotel.crm.complaint"].browse(ids).unlink()
                env["res.partner"].browse(guest_id).unlink()
                cr.commit()  # pylint: disable=invalid-commit
