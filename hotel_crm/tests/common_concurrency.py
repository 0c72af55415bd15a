import sys
import threading
import traceback
from contextlib import closing

from odoo import SUPERUSER_ID, api
from odoo.sql_db import db_connect
from odoo.tools import mute_logger


class ConcurrencyMixin:
    """Real, independent database connections for tests of two workers at once.

    In test mode ``registry.cursor()`` hands out the shared test cursor, so workers open their own
    connections with ``db_connect(...).cursor()``: what they commit is real, hence such tests commit
    their own data and remove it again in a cleanup.
    """

    def _cursor(self):
        return closing(db_connect(self.env.cr.dbname).cursor())

    def _delete_mail_of(self, cr, owned, params):
        """Remove the e-mails, messages, activities and followers of the records a test committed.

        :param cr: a real cursor (see :meth:`_cursor`)
        :param str owned: an SQL condition on ``model`` and ``res_id`` naming the records, e.g.
            ``"(model = 'res.partner' AND res_id = %(guest)s)"``
        :param dict params: the values of its placeholders
        """
        on_res_model = owned.replace("model =", "res_model =")
        messages = f"SELECT id FROM mail_message WHERE {owned}"
        cr.execute(f"DELETE FROM mail_mail WHERE mail_message_id IN ({messages})", params)
        cr.execute(f"DELETE FROM mail_message WHERE {owned}", params)
        cr.execute(f"DELETE FROM mail_activity WHERE {on_res_model}", params)
        cr.execute(f"DELETE FROM mail_followers WHERE {on_res_model}", params)

    def _env(self, cr, context=None):
        # Environment() would look the registry up by name, under a lock the test runner holds
        cr.transaction = api.Transaction(self.registry)
        return api.Environment(cr, SUPERUSER_ID, context or {})

    def _run_together(self, operation, hold=True, context=None, timeout=15):
        """Run ``operation(env)`` in two workers A and B at once, each in its own transaction.

        Both workers begin their transaction (and take their snapshot) before either starts
        ``operation`` (a ``threading.Barrier``); with ``hold``, neither commits before both are done
        (use it when ``operation`` never waits for the other worker's locks).

        :param operation: ``callable(env)`` returning plain data (ids, counts), not records
        :return: ``{"A": result or the exception raised, "B": ...}``
        """
        start = threading.Barrier(2, timeout=timeout)
        finish = threading.Barrier(2, timeout=timeout)
        results = {}

        def worker(name):
            # as Odoo's own test threads: e-mails are sent in the transaction (never over SMTP in
            # tests), not after the commit through Registry(dbname), which the test runner holds
            threading.current_thread().testing = True
            with self._cursor() as cr:
                env = self._env(cr, context)
                try:
                    cr.execute("SELECT 1")  # the transaction begins: its snapshot is taken now
                    start.wait()
                    result = operation(env)
                    env.flush_all()
                    if hold:
                        finish.wait()
                    cr.commit()  # pylint: disable=invalid-commit
                    results[name] = result
                except Exception as error:  # the outcome is what the test asserts
                    finish.abort()
                    cr.rollback()
                    results[name] = error

        threads = [threading.Thread(target=worker, args=(name,)) for name in ("A", "B")]
        with mute_logger("odoo.sql_db"):
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join(timeout + 5)
        stuck = [thread for thread in threads if thread.is_alive()]
        if stuck:
            frames = sys._current_frames()
            stacks = "\n".join("".join(traceback.format_stack(frames[thread.ident])) for thread in stuck)
            with self._cursor() as cr:
                cr.execute(
                    "SELECT pid, wait_event_type, state, left(query, 200), pg_blocking_pids(pid) "
                    "FROM pg_stat_activity WHERE datname = current_database()"
                )
                activity = cr.fetchall()
            self.fail(f"a worker is stuck\n{stacks}\n{activity}")
        return results
