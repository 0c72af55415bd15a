import threading
import uuid
from datetime import date, timedelta

from psycopg2 import errors

from odoo.tests import TransactionCase, tagged
from odoo.tools import mute_logger

from ..common_concurrency import ConcurrencyMixin

ROWS = 5


@tagged("post_install", "-at_install", "hotel_crm_privacy")
class TestPrivacyConcurrentImport(ConcurrencyMixin, TransactionCase):
    """Two workers import the same batch at the same moment (a PMS that sends a batch twice, two
    import jobs started together): every guest, stay and earn move exists once, the second import
    either retries on a serialization failure or reports its rows cleanly, and sending the batch
    again changes nothing.

    The racing redemptions and check-outs of the same guest and stay are in
    ``tests/loyalty/test_loyalty_concurrency.py``.
    """

    def setUp(self):
        super().setUp()
        self.token = uuid.uuid4().hex[:8]
        arrival = date.today() - timedelta(days=5)
        self.rows = [
            {
                "external_ref": f"CC-{self.token}-{n}",
                "guest_code": f"CC{self.token}{n}",
                "name": f"Concurrent Importer {self.token} {n}",
                "email": f"cc.{self.token}.{n}@example.com",
                "arrival_date": arrival.isoformat(),
                "departure_date": (arrival + timedelta(days=2)).isoformat(),
                "state": "checked_out",
                "revenue_room": 600,
            }
            for n in range(ROWS)
        ]
        self.addCleanup(self._cleanup)

    def _import(self, env):
        result = env["hotel.crm.stay"].with_context(tracking_disable=True).import_stays(self.rows)
        env.flush_all()
        return result

    def _cleanup(self):
        with self._cursor() as cr:
            cr.execute("SELECT id FROM res_partner WHERE hotel_guest_code LIKE %s", [f"CC{self.token}%"])
            partner_ids = tuple(row[0] for row in cr.fetchall()) or (0,)
            cr.execute("DELETE FROM hotel_crm_points_move WHERE partner_id IN %s", [partner_ids])
            cr.execute("DELETE FROM hotel_crm_stay WHERE partner_id IN %s", [partner_ids])
            cr.execute("DELETE FROM hotel_crm_preference WHERE partner_id IN %s", [partner_ids])
            cr.execute("DELETE FROM mail_message WHERE model = 'res.partner' AND res_id IN %s", [partner_ids])
            cr.execute("DELETE FROM res_partner WHERE id IN %s", [partner_ids])
            cr.commit()  # pylint: disable=invalid-commit

    def _counts(self):
        with self._cursor() as cr:
            cr.execute(
                "SELECT count(*), count(DISTINCT hotel_guest_code) FROM res_partner WHERE hotel_guest_code LIKE %s",
                [f"CC{self.token}%"],
            )
            guests = cr.fetchone()
            cr.execute(
                "SELECT count(*), count(DISTINCT external_ref) FROM hotel_crm_stay WHERE external_ref LIKE %s",
                [f"CC-{self.token}-%"],
            )
            stays = cr.fetchone()
            cr.execute(
                """
                SELECT count(*), count(DISTINCT m.stay_id), COALESCE(sum(m.points), 0)
                  FROM hotel_crm_points_move m JOIN hotel_crm_stay s ON s.id = m.stay_id
                 WHERE s.external_ref LIKE %s AND m.move_type = 'earn'
                """,
                [f"CC-{self.token}-%"],
            )
            moves = cr.fetchone()
        return guests, stays, moves

    def test_same_batch_imported_twice_at_once(self):
        first_wrote, first_may_commit = threading.Event(), threading.Event()
        outcome = {"first": None, "second": None, "second_retries": 0, "crash": []}

        def worker_first():
            try:
                with self._cursor() as cr:
                    outcome["first"] = self._import(self._env(cr))
                    first_wrote.set()
                    first_may_commit.wait(15)  # the second is now waiting on the same rows
                    cr.commit()  # pylint: disable=invalid-commit
            except Exception as error:
                outcome["crash"].append(f"first: {error!r}")
                first_wrote.set()

        def worker_second():
            first_wrote.wait(15)
            threading.Timer(1.5, first_may_commit.set).start()
            try:
                for _attempt in range(5):  # what Odoo's request layer does on a serialization failure
                    with self._cursor() as cr:
                        try:
                            outcome["second"] = self._import(self._env(cr))
                            cr.commit()  # pylint: disable=invalid-commit
                            return
                        except errors.SerializationFailure:
                            cr.rollback()
                            outcome["second_retries"] += 1
            except Exception as error:
                outcome["crash"].append(f"second: {error!r}")

        threads = [threading.Thread(target=worker_first), threading.Thread(target=worker_second)]
        with mute_logger("odoo.sql_db", "odoo.addons.hotel_crm.models.guest.hotel_crm_stay_import"):
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join(60)
        self.assertFalse(any(t.is_alive() for t in threads), "an import is stuck")
        self.assertFalse(outcome["crash"], "an import failed with something else than a clean report")
        self.assertEqual(outcome["first"], {"created": ROWS, "updated": 0, "errors": []})
        second = outcome["second"]
        self.assertIsNotNone(second, "the second import never finished")
        self.assertEqual(second["created"], 0, "the second import created rows the first had created")
        for error in second["errors"]:
            self.assertTrue(error["message"], "an error of the second import says nothing")
            self.assertIn(error["row"], range(1, ROWS + 1))

        guests, stays, moves = self._counts()
        self.assertEqual(guests, (ROWS, ROWS), "a guest was created twice")
        self.assertEqual(stays, (ROWS, ROWS), "a stay was created twice")
        self.assertEqual(moves[:2], (ROWS, ROWS), "a stay earned points twice")

        # the batch sent once more, after both: nothing to create, nothing to report
        with self._cursor() as cr:
            again = self._import(self._env(cr))
            cr.commit()  # pylint: disable=invalid-commit
        self.assertEqual(again, {"created": 0, "updated": 0, "errors": []})
        self.assertEqual(self._counts(), (guests, stays, moves), "sending the batch again changed something")
