import threading
import uuid
from datetime import date, timedelta

from psycopg2 import errors

from odoo.tests import TransactionCase, tagged
from odoo.tools import mute_logger

from ..common_concurrency import ConcurrencyMixin


@tagged("post_install", "-at_install", "hotel_crm_guest")
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
            cr.execute("DELETE FROM hotel_crm_preference WHERE partner_id = %s", [guest_id])
            cr.execute("DELETE FROM mail_message WHERE model = 'res.partner' AND res_id = %s", [guest_id])
            cr.execute("DELETE FROM res_partner WHERE id = %s", [guest_id])
            cr.commit()  # pylint: disable=invalid-commit


@tagged("post_install", "-at_install", "hotel_crm_guest", "hotel_crm_value")
class TestRecomputeConcurrency(ConcurrencyMixin, TransactionCase):
    """The value recompute rewrites the stay aggregates in SQL while a worker books a stay for the
    same guest: whichever goes first, the other is retried and the committed aggregates are exact."""

    def setUp(self):
        super().setUp()
        self.token = uuid.uuid4().hex[:10]
        with self._cursor() as cr:
            env = self._env(cr, {"tracking_disable": True})
            guest = env["res.partner"].create({"name": f"Recomputed Guest {self.token}", "hotel_guest": True})
            self._book(env, guest.id, f"R0-{self.token}", 300)
            cr.commit()  # pylint: disable=invalid-commit
            self.guest_id = guest.id
        self.addCleanup(TestStayAggregatesConcurrency._cleanup, self, self.guest_id)

    def _book(self, env, guest_id, ref, revenue):
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

    def _recompute(self, env):
        env["res.partner"].hotel_recompute_value(partner_ids=[self.guest_id])
        env.flush_all()

    def _race(self, first, second):
        """``first`` writes and holds its transaction open; ``second`` starts, then ``first`` commits."""
        first_wrote, first_may_commit = threading.Event(), threading.Event()
        retries = {"first": 0, "second": 0}

        def run(name, operation, before_commit):
            for _attempt in range(5):  # what Odoo's request and cron layers do on a serialization failure
                with self._cursor() as cr:
                    try:
                        operation(self._env(cr, {"tracking_disable": True}))
                        before_commit()
                        cr.commit()  # pylint: disable=invalid-commit
                        return
                    except errors.SerializationFailure:
                        cr.rollback()
                        retries[name] += 1

        def worker_first():
            run("first", first, lambda: (first_wrote.set(), first_may_commit.wait(10)))

        def worker_second():
            first_wrote.wait(10)
            threading.Timer(1.0, first_may_commit.set).start()
            run("second", second, lambda: None)

        threads = [threading.Thread(target=worker_first), threading.Thread(target=worker_second)]
        with mute_logger("odoo.sql_db"):
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join(30)
        self.assertFalse(any(t.is_alive() for t in threads), "a worker is stuck")
        self.assertEqual(retries["first"], 0)
        self.assertGreaterEqual(retries["second"], 1, "the second ran on a stale snapshot and had to retry")
        with self._cursor() as cr:
            cr.execute(
                "SELECT hotel_stay_count, hotel_nights_total, hotel_revenue_total FROM res_partner WHERE id = %s",
                [self.guest_id],
            )
            self.assertEqual(cr.fetchone(), (2, 4, 800.0), "both stays counted, none twice")

    def test_stay_booked_while_recompute_runs(self):
        self._race(self._recompute, lambda env: self._book(env, self.guest_id, f"R1-{self.token}", 500))

    def test_recompute_while_stay_is_booked(self):
        self._race(lambda env: self._book(env, self.guest_id, f"R1-{self.token}", 500), self._recompute)
