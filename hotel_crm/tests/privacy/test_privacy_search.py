from odoo.tests import tagged
from odoo.tools import SQL

from ...models.guest.res_partner_search import SEARCH_TRIGRAM_INDEXES
from ..common import HotelCrmCommon

NAME_COLUMNS = ("complete_name", "ref", "email", "vat", "company_registry")


@tagged("post_install", "-at_install", "hotel_crm_privacy")
class TestPrivacySearchIndexes(HotelCrmCommon):
    """Guest searches by name, e-mail and phone are answered from indexes, never by reading every
    contact: the query the ORM builds for the desk user, explained by PostgreSQL.

    PostgreSQL prefers reading a small table to using an index, so the plans are taken with
    sequential and plain index scans switched off for the test's transaction: what is left is a
    bitmap scan of an index that can answer the condition, or, when no index can, the sequential
    scan all the same (then the assertions fail).
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.guest = cls._guest("Lin Hua", email="lin.hua@example.com", phone="+86 139 1234 5678")
        cls.other = cls._guest("Zhou Min", email="zhou.min@example.com", mobile="+86 138 0000 1111")

    def _plan(self, domain, user=None, model="res.partner"):
        """The text of the plan of ``search(domain)`` as ``user`` (default: the front desk),
        with sequential and plain index scans disabled."""
        Model = self.env[model].with_user(user or self.user_front)
        query = Model._search(domain)
        self.env.flush_all()
        self.env.cr.execute("SET LOCAL enable_seqscan = off")
        self.env.cr.execute("SET LOCAL enable_indexscan = off")
        self.env.cr.execute("SET LOCAL enable_indexonlyscan = off")
        self.env.cr.execute(SQL("EXPLAIN %s", query.select()))
        return "\n".join(row[0] for row in self.env.cr.fetchall())

    def _fill(self, count=20000):
        """``count`` more contacts with a phone, in SQL, and fresh statistics: among a few contacts
        with a phone, reading all of them is the cheapest plan; among thousands it is not."""
        self.env.cr.execute(
            """
            INSERT INTO res_partner (name, complete_name, active, type, is_company, phone, hotel_phone_e164,
                                     email, create_date, write_date)
            SELECT 'Search Filler ' || g, 'Search Filler ' || g, true, 'contact', false,
                   '+86 137 ' || lpad(g::text, 8, '0'), '+86137' || lpad(g::text, 8, '0'),
                   'filler' || g || '@example.com', now() AT TIME ZONE 'UTC', now() AT TIME ZONE 'UTC'
              FROM generate_series(1, %s) g
            """,
            [count],
        )
        self.env.cr.execute("ANALYZE res_partner")

    def _assert_indexes(self, plan, indexes, unwanted=()):
        self.assertNotIn("Seq Scan on res_partner", plan, f"the search reads every contact:\n{plan}")
        for index in unwanted:
            self.assertNotIn(index, plan, f"the search reads every contact with a value through {index}:\n{plan}")
        for index in indexes:
            self.assertIn(index, plan, f"the search does not use {index}:\n{plan}")

    def test_indexes_exist_as_trigram(self):
        self.env.cr.execute(
            "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'res_partner' AND indexname IN %s",
            [tuple(SEARCH_TRIGRAM_INDEXES.values())],
        )
        definitions = dict(self.env.cr.fetchall())
        self.assertEqual(set(definitions), set(SEARCH_TRIGRAM_INDEXES.values()), "a search index is missing")
        for column, index in SEARCH_TRIGRAM_INDEXES.items():
            self.assertIn("USING gin", definitions[index])
            self.assertIn("gin_trgm_ops", definitions[index])
            self.assertIn(column, definitions[index])

    def test_guest_list_name_search_uses_trigram_indexes(self):
        """The name field of the contact search view: five columns, each from its index."""
        name_domain = ["|"] * 4 + [(column, "ilike", "Lin H") for column in NAME_COLUMNS]
        # the guest list adds "Hotel Guests" (hotel_guest, B-tree): among a few test contacts
        # PostgreSQL may filter that index's rows instead, among 200,000 guests it does not
        self._assert_indexes(self._plan(name_domain), [SEARCH_TRIGRAM_INDEXES[c] for c in NAME_COLUMNS])
        found = self.env["res.partner"].with_user(self.user_front).search([("hotel_guest", "=", True), *name_domain])
        self.assertEqual(found, self.guest)

    def test_dropdown_name_search_uses_trigram_indexes(self):
        """``name_search`` of a many2one dropdown searches ``display_name``: the same columns."""
        plan = self._plan([("display_name", "ilike", "Zhou")])
        self._assert_indexes(plan, [SEARCH_TRIGRAM_INDEXES[c] for c in NAME_COLUMNS])
        names = self.env["res.partner"].with_user(self.user_front).name_search("Zhou M")
        self.assertEqual([pid for pid, _name in names], self.other.ids)

    def test_email_search_uses_trigram_index(self):
        plan = self._plan([("email", "ilike", "lin.hua@exa")])
        self._assert_indexes(plan, [SEARCH_TRIGRAM_INDEXES["email"]])

    def test_phone_search_uses_e164_key_and_trigram_indexes(self):
        """The guest phone of the search view, typed as the guest says it: its E.164 key
        (B-tree) or its digits inside the key (trigram)."""
        Partner = self.env["res.partner"].with_user(self.user_front)
        domain = [("hotel_phone_search", "ilike", "+86 139 1234 5678")]
        self._fill()
        plan = self._plan(domain)
        self._assert_indexes(
            plan,
            [
                "res_partner__hotel_phone_e164_index",
                SEARCH_TRIGRAM_INDEXES["hotel_phone_e164"],
            ],
            # other partial indexes on the same columns (e.g. phone_validation's B-trees on the
            # digits of phone and mobile) answer "IS NOT NULL" only: the condition is then checked
            # on every contact with a phone, which at scale is a sequential scan
            unwanted=["res_partner_phone_partial_tgm", "res_partner_mobile_partial_tgm"],
        )
        # found however typed; the property of the desk user has no country, so a national number
        # is found by its digits, an international one by its key as well
        self.assertEqual(Partner.search(domain), self.guest)
        self.assertEqual(Partner.search([("hotel_phone_search", "ilike", "0086-139-1234-5678")]), self.guest)
        self.assertEqual(Partner.search([("hotel_phone_search", "ilike", "1380000")]), self.other)
        self.assertFalse(Partner.search([("hotel_phone_search", "ilike", "139 9999 0000")]))

    def test_phone_search_reads_the_number_in_the_property_country(self):
        """A national number typed at a Chinese property is the guest's E.164 key, even when
        stored with other separators the digits of which differ (the trunk prefix 0)."""
        self.property_a.country_id = self.env.ref("base.cn")
        guest = self._guest("Wang Fang", phone="+86 21 6123 4567")
        Partner = self.env["res.partner"].with_user(self.user_front).with_company(self.property_a)
        self.assertEqual(Partner.search([("hotel_phone_search", "ilike", "021 6123 4567")]), guest)

    def test_without_index_the_search_reads_every_contact(self):
        """The check above can fail: the same plan without the e-mail index is a sequential scan."""
        with self.env.cr.savepoint() as savepoint:
            self.env.cr.execute(SQL("DROP INDEX %s", SQL.identifier(SEARCH_TRIGRAM_INDEXES["email"])))
            plan = self._plan([("email", "ilike", "lin.hua@exa")])
            savepoint.rollback()
        self.assertIn("Seq Scan on res_partner", plan)
        self.assertNotIn(SEARCH_TRIGRAM_INDEXES["email"], plan)
