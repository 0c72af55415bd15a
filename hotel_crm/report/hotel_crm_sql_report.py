from odoo import models, tools
from odoo.tools import SQL


class HotelCrmSqlReport(models.AbstractModel):
    """The skeleton of every SQL-view report of Hotel CRM (``_auto = False`` models).

    A report declares ``_depends`` (the fields its view reads, so that the ORM flushes them before
    a read) and overrides :meth:`_select`, :meth:`_from`, :meth:`_where` and :meth:`_group_by`,
    each returning an :class:`~odoo.tools.SQL`; other modules extend a report by overriding one
    part and calling ``super()``. :meth:`init` (re)creates the view from :meth:`_query` at install
    and upgrade. Reports whose rows need a second pass (window functions over the grouped rows)
    override :meth:`_query` around ``super()._query()``.
    """

    _name = "hotel.crm.sql.report"
    _description = "Hotel CRM SQL Report"
    _auto = False

    def _select(self):
        """The select list, without ``SELECT``; must give an ``id`` column."""
        raise NotImplementedError

    def _from(self):
        """The ``FROM`` clause, without ``FROM``."""
        raise NotImplementedError

    def _where(self):
        """The ``WHERE`` condition, without ``WHERE``; ``TRUE`` when every row counts."""
        return SQL("TRUE")

    def _group_by(self):
        """The ``GROUP BY`` list, without ``GROUP BY``; empty for a report of one row per record."""
        return SQL("")

    def _query(self):
        group_by = self._group_by()
        return SQL(
            "SELECT %s FROM %s WHERE %s%s",
            self._select(),
            self._from(),
            self._where(),
            SQL(" GROUP BY %s", group_by) if group_by else SQL(""),
        )

    def init(self):
        if self._abstract:
            return
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(SQL("CREATE OR REPLACE VIEW %s AS (%s)", SQL.identifier(self._table), self._query()))
