import logging
from unittest.mock import patch

from psycopg2 import errors

from odoo.tests import TransactionCase, tagged
from odoo.tools import mute_logger

from ...models.value import res_partner_value_engine as value_module
from ..common_concurrency import ConcurrencyMixin


@tagged("post_install", "-at_install", "hotel_crm_value")
class TestRecomputeCronRetry(ConcurrencyMixin, TransactionCase):
    """Odoo 18's ir.cron does not retry a failed job: the nightly recompute retries itself when a
    manager's recompute holds the lock or a concurrent write breaks its snapshot, then gives up cleanly.

    The cron runs on a real cursor of its own (it rolls back between tries) and nothing is committed:
    the cursor is closed, i.e. rolled back, at the end.
    """

    def _run_cron(self, cr, fake_sleep):
        env = self._env(cr, {"tracking_disable": True})
        with patch.object(value_module, "sleep", fake_sleep), mute_logger("odoo.sql_db"):
            return env["res.partner"]._cron_hotel_recompute_value()

    def _last_run(self, cr):
        cr.execute("SELECT value FROM ir_config_parameter WHERE key = %s", [value_module.LAST_RUN_PARAM])
        row = cr.fetchone()
        return row and row[0]

    def test_cron_waits_for_the_running_recompute(self):
        slept = []
        # (logging.INFO, not "INFO": Odoo renames level 25 "INFO")
        with self._cursor() as manager, self._cursor() as cr:
            # a manager's recompute is running: it holds the lock until its transaction ends
            manager.execute("SELECT pg_advisory_xact_lock(%s)", [value_module.VALUE_LOCK_KEY])

            def fake_sleep(seconds):
                slept.append(seconds)
                if len(slept) == 2:
                    manager.rollback()  # the manager's run ends during the cron's second wait

            with self.assertLogs(value_module._logger.name, logging.INFO) as logs:
                result = self._run_cron(cr, fake_sleep)
            cr.execute("SELECT to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS')")
            now = cr.fetchone()[0]
            last_run = self._last_run(cr)
        self.assertIsInstance(result, dict, "the third try ran the recompute")
        self.assertEqual(set(result), {"at_risk", "churned", "won_back"})
        self.assertEqual(slept, [2.0, 4.0], "two waits, the second twice the first")
        self.assertEqual(last_run, now, "the successful try recorded its run")
        retries = [line for line in logs.output if "another recompute is running" in line]
        self.assertEqual(len(retries), 2, logs.output)

    def test_cron_gives_up_cleanly(self):
        slept = []
        with self._cursor() as manager, self._cursor() as cr:
            manager.execute("SELECT pg_advisory_xact_lock(%s)", [value_module.VALUE_LOCK_KEY])
            before = self._last_run(cr)
            with self.assertLogs(value_module._logger.name, logging.WARNING) as logs:
                result = self._run_cron(cr, slept.append)
            # the cron's cursor is clean and usable: ir.cron records a finished job
            self.assertEqual(self._last_run(cr), before, "nothing was recomputed")
        self.assertIs(result, False)
        self.assertEqual(slept, [2.0, 4.0, 8.0, 16.0])
        self.assertEqual(len(logs.records), 1)
        self.assertIn("gave up after 5 tries (another recompute is running)", logs.output[0])

    def test_cron_retries_a_serialization_failure(self):
        Partner = type(self.env["res.partner"])
        original = Partner.hotel_recompute_value
        calls = []

        def flaky(records, *args, **kwargs):
            calls.append(records.env.cr)
            if len(calls) == 1:
                records.env.cr.execute("SELECT 1")
                raise errors.SerializationFailure("could not serialize access due to concurrent update")
            return original(records, *args, **kwargs)

        with self._cursor() as cr, patch.object(Partner, "hotel_recompute_value", flaky):
            result = self._run_cron(cr, lambda seconds: None)
        self.assertEqual(len(calls), 2, "one retry after the serialization failure")
        self.assertIsInstance(result, dict)
