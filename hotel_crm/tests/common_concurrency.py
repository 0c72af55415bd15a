from contextlib import closing

from odoo import SUPERUSER_ID, api
from odoo.sql_db import db_connect


class ConcurrencyMixin:
    """Real, independent database connections for tests of two workers at once.

    In test mode ``registry.cursor()`` hands out the shared test cursor, so workers open their own
    connections with ``db_connect(...).cursor()``: what they commit is real, hence such tests commit
    their own data and remove it again in a cleanup.
    """

    def _cursor(self):
        return closing(db_connect(self.env.cr.dbname).cursor())

    def _env(self, cr, context=None):
        # Environment() would look the registry up by name, under a lock the test runner holds
        cr.transaction = api.Transaction(self.registry)
        return api.Environment(cr, SUPERUSER_ID, context or {})
