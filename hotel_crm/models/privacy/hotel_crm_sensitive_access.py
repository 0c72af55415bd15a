from collections import defaultdict
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import AccessError

ACCESS_HOWS = [("form", "Form"), ("list", "List"), ("export", "Export"), ("rpc", "API (RPC)")]
# a user reading the same guest's sensitive preferences the same way again within this many
# seconds adds no row: a form reloaded or a list paged is one access, not ten
THROTTLE_SECONDS = 60
# how the current call reads, set by the entry points (web_read, web_search_read, export_data,
# the privacy export) on the server, never taken from the client's context; anything else is "rpc"
_READING_HOW = ContextVar("hotel_crm_sensitive_reading_how", default=None)


@contextmanager
def reading_as(how):
    """Mark the reads done inside the block as ``how`` (the outermost entry point wins)."""
    token = _READING_HOW.set(_READING_HOW.get() or how)
    try:
        yield
    finally:
        _READING_HOW.reset(token)


def current_reading_how():
    """:return: the ``how`` of the current call (``"rpc"`` unless an entry point set it)"""
    return _READING_HOW.get() or "rpc"


class HotelCrmSensitiveAccess(models.Model):
    """Who read which guest's sensitive preferences, when and how (PIPL art. 28-29: sensitive
    personal information processed under strict protection, accountable access).

    One row per user, guest and way of reading, at most one a minute. Written by the reads
    of ``hotel.crm.preference`` themselves (``_hotel_log_sensitive_access``) with superuser
    rights; nobody, managers included, writes or deletes a row over RPC. Managers read it.
    """

    _name = "hotel.crm.sensitive.access"
    _description = "Sensitive Preference Access"
    _order = "date desc, id desc"
    _rec_name = "partner_id"

    date = fields.Datetime(required=True, default=fields.Datetime.now, readonly=True, index=True)
    user_id = fields.Many2one("res.users", string="Read By", required=True, readonly=True, index=True)
    partner_id = fields.Many2one(
        "res.partner", string="Guest", required=True, readonly=True, index=True, ondelete="cascade"
    )
    company_id = fields.Many2one(
        "res.company",
        string="Property",
        required=True,
        readonly=True,
        index=True,
        help="The property the user was working in when they read.",
    )
    how = fields.Selection(ACCESS_HOWS, string="Read Through", required=True, readonly=True)
    preference_count = fields.Integer(string="Preferences Read", readonly=True)
    preference_refs = fields.Char(
        string="Preference IDs",
        readonly=True,
        help="The ids of the sensitive preferences read (their content is not copied here).",
    )

    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.su:
            raise AccessError(self.env._("The sensitive-data access log is written by the reads themselves only."))
        return super().create(vals_list)

    def write(self, vals):
        if not self.env.su:
            raise AccessError(self.env._("The sensitive-data access log cannot be changed."))
        return super().write(vals)

    def unlink(self):
        if not self.env.su:
            raise AccessError(self.env._("The sensitive-data access log cannot be deleted."))
        return super().unlink()

    @api.model
    def _hotel_record(self, preferences, how):
        """Log that the current user read ``preferences`` (sensitive ones, already checked).

        :param preferences: ``hotel.crm.preference`` recordset, the sensitive preferences read
        :param str how: ``"form"``, ``"list"``, ``"export"`` or ``"rpc"``
        :return: None. One row per guest, unless the same user read the same guest the same way
            in the last ``THROTTLE_SECONDS``. On a read-only cursor (a read served by a replica)
            the row is written in a read/write transaction of its own, as Odoo logs devices.
        """
        by_guest = defaultdict(list)
        for preference in preferences.sudo():
            by_guest[preference.partner_id.id].append(preference.id)
        if not by_guest:
            return
        uid, company_id = self.env.uid, self.env.company.id

        def write(cr):
            Access = api.Environment(cr, uid, {}, su=True)[self._name]
            since = fields.Datetime.now() - timedelta(seconds=THROTTLE_SECONDS)
            recent = Access.search(
                [
                    ("user_id", "=", uid),
                    ("how", "=", how),
                    ("partner_id", "in", list(by_guest)),
                    ("date", ">=", since),
                ]
            ).partner_id.ids
            rows = [
                {
                    "user_id": uid,
                    "partner_id": partner_id,
                    "company_id": company_id,
                    "how": how,
                    "preference_count": len(ids),
                    "preference_refs": ", ".join(str(i) for i in sorted(ids)),
                }
                for partner_id, ids in by_guest.items()
                if partner_id not in recent
            ]
            if rows:
                Access.create(rows)

        if self.env.cr.readonly:
            self.env.cr.rollback()
            with self.env.registry.cursor(readonly=False) as cr:
                write(cr)
        else:
            write(self.env.cr)
