import sys
import threading
import time
import traceback
import uuid
from datetime import date, timedelta

from psycopg2 import errors

from odoo.exceptions import UserError
from odoo.tests import TransactionCase, tagged
from odoo.tools import mute_logger

from ..common_concurrency import ConcurrencyMixin

HOLD_SECONDS = 1.5


@tagged("post_install", "-at_install", "hotel_crm_loyalty")
class TestLoyaltyConcurrency(ConcurrencyMixin, TransactionCase):
    """Two real, independent database connections working on the same guest at the same moment.

    In test mode ``registry.cursor()`` hands out the shared test cursor, so the workers open their
    own connections with ``db_connect(...).cursor()``: what they commit is real, hence the data is
    committed by the test itself and removed again in a cleanup.
    """

    def _setup_committed(self, balance, with_stay=False):
        token = uuid.uuid4().hex[:10]
        with self._cursor() as cr:
            env = self._env(cr, {"tracking_disable": True, "mail_create_nolog": True})
            partner = env["res.partner"].create(
                {"name": f"Concurrent Guest {token}", "hotel_guest": True, "hotel_guest_code": f"LOYC{token}"}
            )
            reward = env["hotel.crm.reward"].create({"name": f"Concurrency reward {token}", "points_cost": 600})
            stay = env["hotel.crm.stay"]
            if balance:
                partner._hotel_points_grant(balance, "bonus", reason="seed")
            if with_stay:
                stay = (
                    env["hotel.crm.stay"]
                    .with_context(hotel_loyalty_no_points=True)
                    .create(
                        {
                            "partner_id": partner.id,
                            "external_ref": f"LOYC{token}",
                            "arrival_date": date.today() - timedelta(days=3),
                            "departure_date": date.today() - timedelta(days=1),
                            "revenue_room": 700,
                            "state": "checked_out",
                        }
                    )
                )
            cr.commit()  # pylint: disable=invalid-commit
            ids = {"partner": partner.id, "reward": reward.id, "stay": stay.id}
        self.addCleanup(self._cleanup, ids)
        return ids

    def _cleanup(self, ids):
        with self._cursor() as cr:
            cr.execute("DELETE FROM hotel_crm_points_move WHERE partner_id = %s", [ids["partner"]])
            cr.execute("DELETE FROM hotel_crm_stay WHERE partner_id = %s", [ids["partner"]])
            cr.execute("DELETE FROM hotel_crm_reward WHERE id = %s", [ids["reward"]])
            cr.execute(
                "DELETE FROM mail_message WHERE (model = 'res.partner' AND res_id = %s) "
                "OR (model = 'hotel.crm.stay' AND res_id = %s)",
                [ids["partner"], ids["stay"] or 0],
            )
            cr.execute(
                "DELETE FROM mail_followers WHERE res_model = 'hotel.crm.stay' AND res_id = %s", [ids["stay"] or 0]
            )
            cr.execute("DELETE FROM res_partner WHERE id = %s", [ids["partner"]])
            cr.commit()  # pylint: disable=invalid-commit

    def _committed_moves(self, partner_id):
        with self._cursor() as cr:
            cr.execute(
                "SELECT move_type, points FROM hotel_crm_points_move WHERE partner_id = %s ORDER BY id", [partner_id]
            )
            moves = cr.fetchall()
            cr.execute("SELECT hotel_points_balance FROM res_partner WHERE id = %s", [partner_id])
            return moves, cr.fetchone()[0]

    def _run_two_workers(self, operation):
        """Worker A does ``operation`` and keeps its transaction open for a while; worker B does the
        same meanwhile. Returns ``{name: "ok" or the exception}`` and how long B waited."""
        a_done = threading.Event()
        results, waited = {}, {}

        def worker(name):
            with self._cursor() as cr:
                env = self._env(cr)
                try:
                    if name == "B":
                        a_done.wait(10)
                        start = time.monotonic()
                    operation(env)
                    env.flush_all()
                    if name == "A":
                        a_done.set()
                        time.sleep(HOLD_SECONDS)  # hold the lock, as a slow request would
                    else:
                        waited["B"] = time.monotonic() - start
                    cr.commit()  # pylint: disable=invalid-commit
                    results[name] = "ok"
                except Exception as error:  # the outcome is what the test asserts
                    if name == "B":
                        waited["B"] = time.monotonic() - start
                    cr.rollback()
                    results[name] = error
                finally:
                    a_done.set()

        threads = [threading.Thread(target=worker, args=(name,)) for name in ("A", "B")]
        with mute_logger("odoo.sql_db"):  # the refused query of worker B is logged as an error
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join(15)
        if any(thread.is_alive() for thread in threads):
            frames = sys._current_frames()
            stacks = "\n".join("".join(traceback.format_stack(frames[t.ident])) for t in threads if t.is_alive())
            with self._cursor() as cr:
                cr.execute(
                    "SELECT pid, wait_event_type, state, left(query, 200), pg_blocking_pids(pid) "
                    "FROM pg_stat_activity WHERE datname = current_database()"
                )
                activity = cr.fetchall()
            self.fail(f"a worker is stuck\n{stacks}\n{activity}")
        return results, waited.get("B", 0)

    def test_concurrent_redeem_never_negative(self):
        ids = self._setup_committed(balance=1000)

        def redeem(env):
            partner = env["res.partner"].browse(ids["partner"])
            partner._hotel_points_redeem(env["hotel.crm.reward"].browse(ids["reward"]))

        results, waited = self._run_two_workers(redeem)
        self.assertEqual(results["A"], "ok")
        self.assertIsInstance(
            results["B"],
            (errors.SerializationFailure, UserError),
            "the second redemption must be refused, not spend the same points again",
        )
        self.assertGreaterEqual(waited, HOLD_SECONDS - 0.2, "worker B waited for worker A's lock on the guest")
        moves, balance = self._committed_moves(ids["partner"])
        self.assertEqual(moves, [("bonus", 1000), ("redeem", -600)])
        self.assertEqual(balance, 400)
        # what Odoo does with a serialization failure: retry the request, which now sees 400 points
        with self._cursor() as cr:
            env = self._env(cr)
            with self.assertRaisesRegex(UserError, "has 400 points"):
                redeem(env)
            cr.rollback()
        self.assertEqual(self._committed_moves(ids["partner"]), ([("bonus", 1000), ("redeem", -600)], 400))

    def test_concurrent_checkout_earns_once(self):
        ids = self._setup_committed(balance=0, with_stay=True)

        def earn(env):
            env["hotel.crm.stay"].browse(ids["stay"])._hotel_loyalty_sync_points()

        results, waited = self._run_two_workers(earn)
        self.assertEqual(results["A"], "ok")
        self.assertIsInstance(
            results["B"],
            (errors.UniqueViolation, errors.SerializationFailure),
            "the partial unique index refuses a second earn move for the stay",
        )
        self.assertGreaterEqual(waited, HOLD_SECONDS - 0.2)
        self.assertEqual(self._committed_moves(ids["partner"]), ([("earn", 700)], 700))
