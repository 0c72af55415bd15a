"""Guest search among hundreds of thousands of contacts: indexes for what the desk types.

The guest list searches with the contact search view of Odoo (``base.view_res_partner_filter``):
a name search is ``complete_name``, ``ref``, ``email``, ``vat`` or ``company_registry`` *ilike* the
text, a many2one dropdown (``name_search``) the same five columns (``_rec_names_search``). An
*ilike* ``'%text%'`` cannot use a B-tree index: without more, PostgreSQL reads every contact
(140-480 ms at 200,000 guests). A trigram GIN index (PostgreSQL's ``pg_trgm``) on each of these
columns answers any substring search from the index, and the five indexes combine in one
``BitmapOr``: one client's search takes a few milliseconds.

Why not ``index="trigram"`` on the fields, as Odoo's own addons do: Odoo names a field's index
``res_partner__<field>_index`` and skips a field whose index of that name exists, and ``base``
already created B-tree indexes of these names on ``complete_name``, ``ref`` and ``vat`` (the
B-tree on ``complete_name`` is the one the default order walks, so it must stay). The indexes
are created here under names of their own, in ``init()`` (module install and update), once.

A phone is typed as the guest said it (``139 1234 5678``, ``+86 139-1234-5678``): *Guest Phone* in
the search view searches ``hotel_phone_search``, which reads the typed number as an E.164 key
(``_hotel_phone_keys``, the key guests are matched on, B-tree indexed) and, for partial numbers,
its digits within that key (trigram index).
"""

import logging
import re

import psycopg2

from odoo import api, fields, models
from odoo.modules.db import FunctionStatus
from odoo.osv import expression
from odoo.tools import SQL, sql

from odoo.addons.phone_validation.models.mail_thread_phone import PHONE_REGEX_PATTERN

_logger = logging.getLogger(__name__)

# column -> index name of the trigram indexes on res_partner; every column Odoo's contact search
# and ``name_search`` compare with ilike, plus the phone keys
SEARCH_TRIGRAM_INDEXES = {
    "complete_name": "res_partner_hotel_complete_name_trgm_index",
    "email": "res_partner_hotel_email_trgm_index",
    "ref": "res_partner_hotel_ref_trgm_index",
    "vat": "res_partner_hotel_vat_trgm_index",
    "company_registry": "res_partner_hotel_company_registry_trgm_index",
    "phone": "res_partner_hotel_phone_trgm_index",
    "mobile": "res_partner_hotel_mobile_trgm_index",
    "hotel_phone_e164": "res_partner_hotel_phone_e164_trgm_index",
}
# a trigram index needs three characters; fewer digits would read the whole index
PHONE_MIN_DIGITS = 3
POSITIVE_LIKE = ("ilike", "like", "=ilike", "=like", "=")


class ResPartner(models.Model):
    _inherit = "res.partner"  # pylint: disable=consider-merging-classes-inherited

    hotel_phone_search = fields.Char(
        string="Guest Phone",
        compute="_compute_hotel_phone_search",
        search="_search_hotel_phone_search",
        groups="base.group_user",
        help="Search by phone however it is typed: the number read in the property's country "
        "(E.164), or its digits within the guest's E.164 phone.",
    )

    @api.depends("phone", "mobile")
    def _compute_hotel_phone_search(self):
        for partner in self:
            partner.hotel_phone_search = partner.phone or partner.mobile

    def _search_hotel_phone_search(self, operator, value):
        """Contacts whose phone matches ``value`` as a user types it, each condition indexed.

        :param operator: a positive one (``ilike``, ``like``, ``=``...) with a string ORs the
            conditions below; any other compares the phone and mobile as stored only (both must
            differ for a negative operator, ``= False`` is a contact with neither)
        :param value: the number as typed (``str``): ``139 1234 5678``, ``+86 139-1234-5678``
        :return: a domain: the E.164 key of ``value`` read in the current property's country
            (``hotel_phone_e164 =``, B-tree) or its digits inside the E.164 phone (``like``,
            trigram; at least three digits); for a text without three digits, ``phone`` /
            ``mobile`` *operator* ``value``. One column, two indexes: ORing the stored phone and
            mobile as well made PostgreSQL read every contact with a phone. A phone that cannot be
            read as a number (no E.164 key) is found by Odoo's own *Phone/Mobile* search.
        """
        if not isinstance(value, str) or operator not in POSITIVE_LIKE:
            # "= False" is "no phone and no mobile", "!= False" "a phone or a mobile"
            negative = (operator in expression.NEGATIVE_TERM_OPERATORS) != (value is False or value is None)
            return ["&" if negative else "|", ("phone", operator, value), ("mobile", operator, value)]
        domains = []
        key = self._hotel_phone_key(value, company=self.env.company)
        if key:
            domains.append([("hotel_phone_e164", "=", key)])
        digits = re.sub(r"\D", "", value)
        if len(digits) >= PHONE_MIN_DIGITS:
            domains.append([("hotel_phone_e164", "like", digits)])
        if not domains:
            # no number in the text: the phone and mobile as stored
            return ["|", ("phone", operator, value), ("mobile", operator, value)]
        return ["|"] * (len(domains) - 1) + [leaf for domain in domains for leaf in domain]

    def init(self):
        res = super().init()
        self._hotel_create_search_indexes()
        return res

    @api.model
    def _hotel_create_search_indexes(self):
        """Create the ``pg_trgm`` extension if missing and the trigram indexes of
        ``SEARCH_TRIGRAM_INDEXES`` that do not exist yet.

        :return: the names of the indexes created (``list``); empty when they all existed or when
            the extension cannot be created (the database user may not: the search then works,
            by reading every contact, and a warning says so)
        """
        cr = self.env.cr
        cr.execute("SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm'")
        if not cr.rowcount:
            try:
                with cr.savepoint(flush=False):
                    cr.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
            except psycopg2.Error as error:
                _logger.warning(
                    "pg_trgm could not be created (%s): guest searches by name, e-mail and phone "
                    "will read every contact. A database superuser can run CREATE EXTENSION pg_trgm.",
                    error,
                )
                return []
        cr.execute("SELECT indexname FROM pg_indexes WHERE indexname IN %s", [tuple(SEARCH_TRIGRAM_INDEXES.values())])
        existing = {row[0] for row in cr.fetchall()}
        created = []
        for column, index in SEARCH_TRIGRAM_INDEXES.items():
            if index in existing:
                continue
            expression = SQL.identifier(column)
            # Odoo compares unaccent(column) when the unaccent extension is installed (as it does
            # for its own trigram indexes): the index must hold the same expression
            if self.env.registry.has_unaccent == FunctionStatus.INDEXABLE:
                expression = self.env.registry.unaccent(expression)
            where = SQL() if column == "complete_name" else SQL("WHERE %s IS NOT NULL", SQL.identifier(column))
            cr.execute(
                SQL(
                    "CREATE INDEX %s ON res_partner USING gin (%s gin_trgm_ops) %s",
                    SQL.identifier(index),
                    expression,
                    where,
                )
            )
            created.append(index)
        created += self._hotel_create_phone_mobile_search_indexes()
        return created

    def _hotel_create_phone_mobile_search_indexes(self):
        """The trigram indexes of Odoo's own ``phone_mobile_search`` (``mail.thread.phone``, which
        the sms addon puts on contacts): ``phone_validation`` creates them only when ``pg_trgm``
        existed when it was installed, which is seldom the case before this addon created it.

        :return: the names of the indexes created (``list``)
        """
        if "phone_mobile_search" not in self._fields:
            return []
        created = []
        for fname in self._phone_get_number_fields():
            field = self._fields.get(fname)
            if not field or not field.store:
                continue
            index = f"{self._table}_{fname}_partial_gin_idx"  # the name phone_validation gives it
            if sql.index_exists(self.env.cr, index):
                continue
            expression = rf"regexp_replace(({fname}::text), '{PHONE_REGEX_PATTERN}'::text, ''::text, 'g'::text)"
            sql.create_index(
                self.env.cr,
                index,
                self._table,
                [f"{expression} gin_trgm_ops"],
                method="gin",
                where=f"{fname} IS NOT NULL",
            )
            created.append(index)
        return created
