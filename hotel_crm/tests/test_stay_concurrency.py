import threading
import uuid
from datetime import date, timedelta

from psycopg2 import errors

from odoo.tests import TransactionCase, tagged
from odoo.tools import mute_logger

from .common_concurrency import ConcurrencyMixin


@tagged("post_install", "-at_install")
class TestStayAggregatesConcurrency(ConcurrencyMixin, TransactionCase):
    """Two workers book stays for the same guest at the same moment: no stay is lost in the aggregates."""

    def test_concurrent_stays_counted_once_each(self):
        token = uuid.uuid4().hex[:10]
        with self._cursor() as cr:
            env = self._env(cr, {"tracking_disable": True})
            guest = env["res.partner"].create({"name": f"Busy Guest {token}", "hotel_guest": True})
            cr.commit()  # pylint: disable=invalid-commit
            guest_id = guest.id
        self.addCleanup(self._cleanup, guest_id)

        a_wrote, a_may_commit = threading.Event(), threading.Event()
        outcome = {"B_retries": 0}

        def book(env, ref, revenue):
            env["hotel.crm.stay"].with_context(
                tracking_disable=True, hotel_loyalty_no_points=True, hotel_no_preference_service=True
            ).create(
                {
                    "partner_id": guest_id,
                    "external_ref": ref,
                    "arrival_date": date.today() - timedelta(days=3),
                    "departure_date": date.today() - timedelta(days=1),
                    "revenue_room": revenue,
                    "state": "checked_out",
                }
            )
            env.flush_all()

        def worker_a():
            with self._cursor() as cr:
                book(self._env(cr), f"A-{token}", 300)
                a_wrote.set()
                a_may_commit.wait(10)  # B is now waiting on the guest row
                cr.commit()  # pylint: disable=invalid-commit

        def worker_b():
            a_wrote.wait(10)
            for _attempt in range(5):  # what Odoo's request layer does on a serialization failure
                with self._cursor() as cr:
                    try:
                        timer = threading.Timer(1.0, a_may_commit.set)
                        timer.start()
                        book(self._env(cr), f"B-{token}", 500)
                        cr.commit()  # pylint: disable=invalid-commit
                        return
                    except errors.SerializationFailure:
                        cr.rollback()
                        outcome["B_retries"] += 1

        threads = [threading.Thread(target=worker_a), threading.Thread(target=worker_b)]
        with mute_logger("odoo.sql_db"):
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join(20)
        self.assertFalse(any(t.is_alive() for t in threads), "a worker is stuck")
        self.assertGreaterEqual(outcome["B_retries"], 1, "B's first attempt ran on a stale snapshot and had to retry")
        with self._cursor() as cr:
            cr.execute(
                "SELECT hotel_stay_count, hotel_nights_total, hotel_revenue_total FROM res_partner WHERE id = %s",
                [guest_id],
            )
            self.assertEqual(cr.fetchone(), (2, 4, 800.0), "both stays counted, none twice")

    def _cleanup(self, guest_id):
        with self._cursor() as cr:
            cr.execute("DELETE FROM hotel_crm_points_move WHERE partner_id = %s", [guest_id])
            cr.execute("DELETE FROM hotel_crm_stay WHERE partner_id = %s", [guest_id])
            cr.execute("DELETE FROM mail_message WHERE model = 'res.partner' AND res_id = %s", [guest_id])
            cr.execute("DELETE FROM res_partner WHERE id = %s", [guest_id])
            cr.commit()  # pylint: disable=invalid-commit
