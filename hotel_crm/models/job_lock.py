"""One run of a Hotel CRM job at a time: the second run skips, cleanly.

Odoo's scheduler already runs one ``ir.cron`` job at a time (it locks the job's row, and *Run
Manually* refuses while the job runs), but a job method called from somewhere else (a server
action, a second cron record, an Odoo shell, a script, a module of the integrator) runs beside
it. The jobs that send or create (survey invitations, greetings, crisis warnings, tier grant
expiry, the KPI month-end freeze) therefore take a lock of their own first.

The lock is a transaction-level advisory lock on the job and the row ``hotel_crm.job_run.<job>``
of ``ir_config_parameter`` (its value: the start of the last run that got it, UTC), locked
``FOR NO KEY UPDATE NOWAIT`` and written:

* a run in progress holds the advisory lock (and the row): the second run skips at once;
* a run that committed after the second one's transaction began has written the row: the
  second run (``REPEATABLE READ``, the isolation of Odoo's cursors) gets a serialization failure
  instead of doing the same work again on a snapshot that does not show the first run's rows.

Either way the second run logs it and does nothing; the first run does the work, the unique keys
of the rows the jobs create remain the last line of defence.
"""

import logging

from psycopg2 import errors

from odoo import api, models
from odoo.tools import SQL

_logger = logging.getLogger(__name__)

JOB_LOCK_PREFIX = "hotel_crm.job_run."
# the first key of the jobs' advisory locks ("hotel_crm jobs"), the second is the hash of the row's key
JOB_LOCK_CLASS = 700_430_100


class Base(models.AbstractModel):
    _inherit = "base"  # pylint: disable=consider-merging-classes-inherited

    @api.model
    def _hotel_job_lock(self, job):
        """Take the lock of ``job`` for the current transaction, without waiting.

        :param str job: the job's technical name (e.g. ``"survey_invitations"``)
        :return: ``True`` when this transaction holds the lock until it ends (commit or rollback),
            ``False`` when another run holds it or committed after this transaction began (the
            caller then does nothing: that run did or does the work)
        """
        key = f"{JOB_LOCK_PREFIX}{job}"
        cr = self.env.cr
        # a run in progress: skip without touching the row (its first insert would make us wait)
        cr.execute(SQL("SELECT pg_try_advisory_xact_lock(%s, hashtext(%s))", JOB_LOCK_CLASS, key))
        if not cr.fetchone()[0]:
            _logger.info("Job %s skipped: another run is in progress", job)
            return False
        try:
            with cr.savepoint(flush=False):
                cr.execute(
                    SQL(
                        """
                        INSERT INTO ir_config_parameter (key, value, create_uid, write_uid, create_date, write_date)
                        VALUES (%(key)s, '', %(uid)s, %(uid)s, now() AT TIME ZONE 'UTC', now() AT TIME ZONE 'UTC')
                        ON CONFLICT (key) DO NOTHING
                        """,
                        key=key,
                        uid=self.env.uid,
                    ),
                    log_exceptions=False,
                )
                cr.execute(
                    SQL("SELECT id FROM ir_config_parameter WHERE key = %s FOR NO KEY UPDATE NOWAIT", key),
                    log_exceptions=False,
                )
                cr.execute(
                    SQL(
                        "UPDATE ir_config_parameter SET value = to_char(now() AT TIME ZONE 'UTC', "
                        "'YYYY-MM-DD HH24:MI:SS'), write_uid = %s, write_date = now() AT TIME ZONE 'UTC' "
                        "WHERE key = %s",
                        self.env.uid,
                        key,
                    ),
                    log_exceptions=False,
                )
        except (errors.LockNotAvailable, errors.SerializationFailure) as exc:
            _logger.info(
                "Job %s skipped: %s",
                job,
                "another run is in progress"
                if isinstance(exc, errors.LockNotAvailable)
                else "another run finished meanwhile",
            )
            return False
        return True
