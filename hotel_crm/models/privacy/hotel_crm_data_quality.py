"""The data-quality work list of guest relations: what is wrong with which guest, at which property."""

from odoo import api, fields, models, tools
from odoo.exceptions import AccessError, UserError
from odoo.tools import SQL

from ..guest.res_partner import MERGE_MAX_PARTNERS
from .hotel_crm_consent import CHANNEL_FIELDS, PURPOSE_FIELDS
from .res_partner_erasure import MANAGER, SENSITIVE

# issue type -> code in the line's id (id = (guest * 2^20 + property) * 8 + code)
ISSUE_TYPES = [
    ("unreachable", "Unreachable"),
    ("no_consent", "No Consent Recorded"),
    ("duplicate", "Possible Duplicate"),
    ("dormant", "Dormant"),
    ("invalid", "Invalid Value"),
]
ISSUE_CODES = {issue: code for code, (issue, _label) in enumerate(ISSUE_TYPES, start=1)}
# the stays that keep a guest's data in use whatever their age
OPEN_STATES = ("booked", "in_house")
# years without a stay after which a guest is dormant, when the property says nothing
DEFAULT_DORMANT_YEARS = 3


class HotelCrmDataQuality(models.Model):
    """One line per guest, property and issue: the data-quality work list of guest relations.

    A SQL view (``_auto = False``) over the guests (``res.partner`` with ``hotel_guest``, active,
    not anonymised), computed when it is read, so that a line disappears as soon as its cause is
    fixed: no job, no stored copy to keep in step. Each guest-level issue is one filtered pass
    over ``res_partner`` (duplicates looked up by index: e-mail, E.164 phone, birthday and name);
    the guest's properties are those of their stays (any state) and the property of the contact,
    joined on the guest so that a filter on the property reaches the stays' ``company_id`` index.
    A guest with neither gives lines without property, which every Hotel CRM user reads (as the
    guest).

    The issues:

    - ``unreachable``: neither a valid e-mail (``email_normalized``) nor a valid phone
      (``hotel_phone_e164``);
    - ``no_consent``: no consent field set and no row in the consent history;
    - ``duplicate``: another active contact has the same normalised e-mail or E.164 phone (the
      rule of ``res.partner.hotel_duplicate``), or the same name (case aside) and birthday;
    - ``dormant``: no stay began (in house or checked out) for the property's
      ``hotel_dormant_years`` (counted from the guest's creation when they never stayed), at any
      property, and no stay booked or in house;
    - ``invalid``: an e-mail that Odoo's ``email_normalize`` rejects (no address, or several in
      the field) or a phone (the one the E.164 key is made from: phone, else mobile) that
      ``phone_validation`` cannot parse.

    Read-only for everyone (no write rights; the view has no table); the buttons are the only
    actions and each checks that the user may read the line (record rule per property).
    Extend the list by overriding :meth:`_issue_queries` (one ``SQL`` per issue type).
    """

    _name = "hotel.crm.data.quality"
    _description = "Guest Data Quality Issue"
    _auto = False
    _order = "id desc"
    _rec_name = "partner_id"
    _depends = {
        "res.partner": [
            "active",
            "hotel_guest",
            "hotel_anonymized",
            "name",
            "email",
            "email_normalized",
            "phone",
            "mobile",
            "hotel_phone_e164",
            "hotel_birthday",
            "hotel_last_stay_date",
            "hotel_stay_count",
            "hotel_cancel_count",
            "hotel_no_show_count",
            "company_id",
            *CHANNEL_FIELDS.values(),
            *PURPOSE_FIELDS.values(),
        ],
        "hotel.crm.stay": ["partner_id", "company_id", "state"],
        "hotel.crm.consent": ["partner_id"],
        "res.company": ["hotel_dormant_years", "hotel_tz"],
    }

    partner_id = fields.Many2one("res.partner", string="Guest", readonly=True)
    company_id = fields.Many2one(
        "res.company",
        string="Property",
        readonly=True,
        help="A property where the guest stayed or booked, or the contact's own property; empty for a guest "
        "of no property.",
    )
    issue_type = fields.Selection(ISSUE_TYPES, string="Issue", readonly=True)
    duplicate_email = fields.Boolean(string="Same E-mail", readonly=True)
    duplicate_phone = fields.Boolean(string="Same Phone", readonly=True)
    duplicate_name_birthday = fields.Boolean(string="Same Name and Birthday", readonly=True)
    invalid_email = fields.Boolean(string="Invalid E-mail", readonly=True)
    invalid_phone = fields.Boolean(readonly=True)
    last_stay_date = fields.Date(string="Last Stay", readonly=True)
    email = fields.Char(related="partner_id.email", string="E-mail")
    phone = fields.Char(related="partner_id.phone", string="Phone")
    guest_code = fields.Char(related="partner_id.hotel_guest_code", string="Guest Code")
    can_merge = fields.Boolean(compute="_compute_user_rights")
    can_erase = fields.Boolean(compute="_compute_user_rights")

    @api.depends_context("uid")
    @api.depends("issue_type")
    def _compute_user_rights(self):
        user = self.env.user
        can_merge = user.has_group(MANAGER)
        can_erase = can_merge and user.has_group(SENSITIVE)
        for line in self:
            line.can_merge = can_merge and line.issue_type == "duplicate"
            line.can_erase = can_erase and line.issue_type == "dormant"

    # ------------------------------------------------------------------
    # The view
    # ------------------------------------------------------------------
    def init(self):
        # the duplicate rules look other contacts up by normalised e-mail (which Odoo does not
        # index) and by birthday and name; the E.164 phone has its index already
        self.env.cr.execute(
            SQL(
                """
                CREATE INDEX IF NOT EXISTS res_partner_hotel_email_normalized_index
                    ON res_partner (email_normalized) WHERE email_normalized IS NOT NULL;
                CREATE INDEX IF NOT EXISTS res_partner_hotel_birthday_name_index
                    ON res_partner (hotel_birthday, lower(name)) WHERE hotel_birthday IS NOT NULL;
                """
            )
        )
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(SQL("CREATE OR REPLACE VIEW %s AS (%s)", SQL.identifier(self._table), self._query()))

    @api.model
    def _guest_sql(self, alias="p"):
        """SQL condition on the ``res_partner`` row ``alias``: a guest whose data is worked on."""
        p = SQL.identifier(alias)
        return SQL("(%(p)s.active AND %(p)s.hotel_guest AND NOT COALESCE(%(p)s.hotel_anonymized, FALSE))", p=p)

    @api.model
    def _issue_queries(self, condition=None):
        """The guest-level issues, one query per issue type.

        :param condition: ``SQL`` condition on ``p`` further restricting the guests, or ``None``
        :return: ``{issue_type: SQL}``; each query selects, from ``res_partner p`` restricted to
            :meth:`_guest_sql`, the columns ``partner_id, issue_type, duplicate_email,
            duplicate_phone, duplicate_name_birthday, invalid_email, invalid_phone``. The
            ``dormant`` query selects the candidates; its threshold per property is applied by
            :meth:`_query` once the property is known.
        """
        guest = SQL("%s AND %s", self._guest_sql("p"), condition) if condition else self._guest_sql("p")
        flags = SQL("FALSE, FALSE, FALSE, FALSE, FALSE")
        consent_set = SQL(" OR ").join(
            SQL.identifier("p", fname) for fname in (*CHANNEL_FIELDS.values(), *PURPOSE_FIELDS.values())
        )
        invalid_email, invalid_phone = self._invalid_email_sql(), self._invalid_phone_sql()
        # another active contact with the same key: an index probe per guest, no grouping of all contacts
        dup_email = SQL(
            "EXISTS (SELECT 1 FROM res_partner o WHERE o.email_normalized = p.email_normalized"
            " AND o.id != p.id AND o.active)"
        )
        dup_phone = SQL(
            "EXISTS (SELECT 1 FROM res_partner o WHERE o.hotel_phone_e164 = p.hotel_phone_e164"
            " AND o.id != p.id AND o.active)"
        )
        dup_name = SQL(
            "(p.hotel_birthday IS NOT NULL AND EXISTS (SELECT 1 FROM res_partner o"
            " WHERE o.hotel_birthday = p.hotel_birthday AND lower(o.name) = lower(p.name)"
            " AND o.id != p.id AND o.active))"
        )
        return {
            "unreachable": SQL(
                "SELECT p.id, 'unreachable', %s FROM res_partner p WHERE %s"
                " AND COALESCE(p.email_normalized, '') = '' AND COALESCE(p.hotel_phone_e164, '') = ''",
                flags,
                guest,
            ),
            "no_consent": SQL(
                "SELECT p.id, 'no_consent', %s FROM res_partner p WHERE %s AND NOT COALESCE(%s, FALSE)"
                " AND NOT EXISTS (SELECT 1 FROM hotel_crm_consent hc WHERE hc.partner_id = p.id)",
                flags,
                guest,
                consent_set,
            ),
            "duplicate": SQL(
                "SELECT p.id, 'duplicate', d.email, d.phone, d.name_birthday, FALSE, FALSE"
                " FROM res_partner p, LATERAL (SELECT %s AS email, %s AS phone, %s AS name_birthday) d"
                " WHERE %s AND (d.email OR d.phone OR d.name_birthday)",
                dup_email,
                dup_phone,
                dup_name,
                guest,
            ),
            "dormant": SQL(
                "SELECT p.id, 'dormant', %s FROM res_partner p WHERE %s"
                " AND NOT EXISTS (SELECT 1 FROM hotel_crm_stay os WHERE os.partner_id = p.id AND os.state IN %s)",
                flags,
                guest,
                OPEN_STATES,
            ),
            "invalid": SQL(
                "SELECT p.id, 'invalid', FALSE, FALSE, FALSE, %s, %s FROM res_partner p WHERE %s AND (%s OR %s)",
                invalid_email,
                invalid_phone,
                guest,
                invalid_email,
                invalid_phone,
            ),
        }

    @api.model
    def _invalid_email_sql(self):
        """SQL condition on ``p``: an e-mail is typed that ``tools.email_normalize`` (strict) rejects.

        ``email_normalized`` is Odoo's lenient normalisation (the first address found); empty, the
        field holds no address; an address with a second ``@`` holds several (strict: invalid).
        """
        return SQL(
            "(btrim(COALESCE(p.email, '')) != '' AND (COALESCE(p.email_normalized, '') = '' OR p.email ~ '@.*@'))"
        )

    @api.model
    def _invalid_phone_sql(self):
        """SQL condition on ``p``: the number the E.164 key is made from (phone, else mobile, as
        ``_compute_hotel_phone_e164`` takes it) is typed but ``phone_validation`` gave no key."""
        return SQL(
            "(btrim(CASE WHEN COALESCE(p.phone, '') != '' THEN p.phone ELSE COALESCE(p.mobile, '') END) != ''"
            " AND COALESCE(p.hotel_phone_e164, '') = '')"
        )

    @api.model
    def _query(self):
        """The work list: the guest-level issues crossed with each guest's properties (a join on
        the guest, so that a filter on the property reaches the stays' ``company_id`` index),
        then the guests of no property; dormancy judged against each property's threshold, in
        its own time zone."""
        issue_columns = SQL(
            "(partner_id, issue_type, duplicate_email, duplicate_phone, duplicate_name_birthday,"
            " invalid_email, invalid_phone)"
        )
        codes = SQL(
            "CASE i.issue_type %s END",
            SQL(" ").join(SQL("WHEN %s THEN %s", issue, code) for issue, code in ISSUE_CODES.items()),
        )
        columns = SQL(
            "i.partner_id, i.issue_type, i.duplicate_email, i.duplicate_phone, i.duplicate_name_birthday,"
            " i.invalid_email, i.invalid_phone, p.hotel_last_stay_date AS last_stay_date"
        )

        def dormant(tz, years):
            """A dormant candidate's last stay (else creation) is older than ``years`` in ``tz``."""
            return SQL(
                "(i.issue_type != 'dormant' OR COALESCE(p.hotel_last_stay_date,"
                " (p.create_date AT TIME ZONE 'UTC' AT TIME ZONE %(tz)s)::date)"
                " <= ((now() AT TIME ZONE %(tz)s)::date - make_interval(years => %(years)s))::date)",
                tz=tz,
                years=years,
            )

        # no stay in any state: the stored counts of the realised, cancelled and no-show stays are
        # 0 and none is booked (the state index; an anti-join over every stay would cost more)
        no_property = SQL(
            "p.company_id IS NULL AND COALESCE(p.hotel_stay_count, 0) = 0 AND COALESCE(p.hotel_cancel_count, 0) = 0"
            " AND COALESCE(p.hotel_no_show_count, 0) = 0"
            " AND NOT EXISTS (SELECT 1 FROM hotel_crm_stay ns WHERE ns.partner_id = p.id AND ns.state = 'booked')"
        )
        return SQL(
            """
            SELECT ((i.partner_id::bigint * 1048576 + gp.company_id) * 8 + %(codes)s) AS id,
                   gp.company_id, %(columns)s
              FROM (%(issues)s) AS i %(issue_columns)s
              JOIN res_partner p ON p.id = i.partner_id
              JOIN (SELECT s.partner_id, s.company_id FROM hotel_crm_stay s
                     UNION
                    SELECT g.id, g.company_id FROM res_partner g WHERE g.company_id IS NOT NULL AND g.hotel_guest
                   ) gp ON gp.partner_id = i.partner_id
              JOIN res_company c ON c.id = gp.company_id
             WHERE %(dormant_property)s
             UNION ALL
            SELECT (i.partner_id::bigint * 1048576 * 8 + %(codes)s) AS id,
                   NULL::integer AS company_id, %(columns)s
              FROM (%(no_property_issues)s) AS i %(issue_columns)s
              JOIN res_partner p ON p.id = i.partner_id
             WHERE %(dormant_default)s
            """,
            codes=codes,
            columns=columns,
            issue_columns=issue_columns,
            issues=SQL(" UNION ALL ").join(self._issue_queries().values()),
            no_property_issues=SQL(" UNION ALL ").join(self._issue_queries(no_property).values()),
            dormant_property=dormant(
                SQL("COALESCE(c.hotel_tz, 'UTC')"),
                SQL("COALESCE(NULLIF(c.hotel_dormant_years, 0), %s)", DEFAULT_DORMANT_YEARS),
            ),
            dormant_default=dormant(SQL("'UTC'"), SQL("%s", DEFAULT_DORMANT_YEARS)),
        )

    # ------------------------------------------------------------------
    # Actions: the only things a user does with a line
    # ------------------------------------------------------------------
    @api.model
    def _search(self, domain, offset=0, limit=None, order=None, **kwargs):
        # The view's plan is costed high (one pass over the guests per issue): PostgreSQL's JIT
        # would spend seconds compiling it, more than the query takes. Off for this transaction.
        self.env.cr.execute(SQL("SET LOCAL jit = off"))
        return super()._search(domain, offset=offset, limit=limit, order=order, **kwargs)

    def _line_domain(self):
        """The domain of this line by its key, decoded from its id: a filter on the guest reaches
        the index of every pass of the view, where ``id IN (...)`` would compute it whole."""
        self.ensure_one()
        key, code = divmod(self.id, 8)
        partner_id, company_id = divmod(key, 1048576)
        issue_type = next((issue for issue, c in ISSUE_CODES.items() if c == code), None)
        return [
            ("partner_id", "=", partner_id),
            ("company_id", "=", company_id or False),
            ("issue_type", "=", issue_type),
        ]

    def _check_line(self, issue_type=None):
        """This line as the user reads it: it exists, the user may read it (its property), and it
        is of ``issue_type`` if given.

        Buttons are public methods: a crafted call may name any id, so the record rule is checked
        here, not left to the list.

        :return: the line, its fields fetched
        :raise AccessError: the line is of a property the user may not read
        :raise UserError: the issue is solved already, or the line is of another issue type
        """
        self.ensure_one()
        domain = self._line_domain()
        line = self.search_fetch(domain, ["partner_id", "company_id", "issue_type"])
        if line != self:
            if self.sudo().search_count(domain):
                raise AccessError(self.env._("You may not act on the data-quality issues of this property."))
            raise UserError(self.env._("This data-quality issue is solved already: reload the list."))
        if issue_type and line.issue_type != issue_type:
            label = dict(self._fields["issue_type"]._description_selection(self.env))[issue_type]
            raise UserError(
                self.env._(
                    "%(guest)s: this action is for the issue '%(issue)s' only.",
                    guest=line.partner_id.display_name,
                    issue=label,
                )
            )
        return line

    def action_open_guest(self):
        """Open the guest's form (the Hotel CRM guest form), to correct the contact data.

        :return: window action on ``res.partner``
        """
        line = self._check_line()
        return {
            "type": "ir.actions.act_window",
            "name": line.partner_id.display_name,
            "res_model": "res.partner",
            "res_id": line.partner_id.id,
            "views": [(self.env.ref("hotel_crm.res_partner_view_form_hotel_guest").id, "form")],
            "target": "current",
        }

    def _duplicates(self):
        """The other active contacts the user may read that match this guest by e-mail, phone or
        name and birthday (the rule of the ``duplicate`` issue), oldest first.

        :return: ``res.partner`` recordset (the user's rights)
        """
        self.ensure_one()
        guest = self.partner_id
        Partner = self.env["res.partner"]
        Partner.flush_model(["active", "name", "email_normalized", "hotel_phone_e164", "hotel_birthday"])
        rows = self.env.execute_query(
            SQL(
                """
                SELECT o.id FROM res_partner o, res_partner p
                 WHERE p.id = %s AND o.id != p.id AND o.active
                   AND (o.email_normalized = p.email_normalized
                        OR o.hotel_phone_e164 = p.hotel_phone_e164
                        OR (lower(o.name) = lower(p.name) AND o.hotel_birthday = p.hotel_birthday))
                 ORDER BY o.id
                """,
                guest.id,
            )
        )
        return Partner.search([("id", "in", [row[0] for row in rows])], order="id")

    def action_merge_duplicates(self):
        """Open Odoo's partner-merge wizard on the guest and their duplicates (at most three
        contacts, the wizard's limit). Hotel CRM managers only (the merge itself is refused to
        anyone else, see the merge guard).

        :return: window action of ``base.partner.merge.automatic.wizard``
        :raise AccessError: not a Hotel CRM manager
        :raise UserError: not a duplicate line, or no duplicate left
        """
        line = self._check_line("duplicate")
        if not self.env.user.has_group(MANAGER):
            raise AccessError(self.env._("Only a Hotel CRM manager may merge guests."))
        guest = line.partner_id
        partners = guest | line._duplicates()[: MERGE_MAX_PARTNERS - 1]
        if len(partners) < 2:
            raise UserError(self.env._("Guest %(name)s has no possible duplicate to merge.", name=guest.display_name))
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Merge duplicate guests"),
            "res_model": "base.partner.merge.automatic.wizard",
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "new",
            "context": {"active_model": "res.partner", "active_ids": partners.ids, "active_id": guest.id},
        }

    def action_request_consent(self):
        """Schedule the *Ask for consent* activity on the guest for the current user, once: an
        open one (anyone's) is not doubled.

        :return: a notification client action
        :raise UserError: not a ``no_consent`` line
        """
        guest = self._check_line("no_consent").partner_id
        activity_type = self.env.ref("hotel_crm.mail_activity_type_hotel_consent_request")
        existing = (
            self.env["mail.activity"]
            .sudo()
            .search_count(
                [
                    ("res_model", "=", "res.partner"),
                    ("res_id", "=", guest.id),
                    ("activity_type_id", "=", activity_type.id),
                ]
            )
        )
        if existing:
            message = self.env._("%(guest)s already has a consent request to follow up.", guest=guest.display_name)
        else:
            guest.activity_schedule("hotel_crm.mail_activity_type_hotel_consent_request", user_id=self.env.uid)
            message = self.env._(
                "Consent request scheduled for %(guest)s: record the answer on the guest's consent fields.",
                guest=guest.display_name,
            )
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {"message": message, "type": "success", "sticky": False},
        }

    def action_erase(self):
        """Open the erasure wizard for a dormant guest (Hotel CRM managers with the sensitive-data
        group; ``hotel_anonymize`` checks it again and refuses guests with an open stay).

        :return: window action of ``hotel.crm.erasure.wizard``
        :raise AccessError: not allowed to erase
        :raise UserError: not a ``dormant`` line
        """
        guest = self._check_line("dormant").partner_id
        guest._hotel_privacy_check_erasure_rights()
        action = self.env["ir.actions.act_window"]._for_xml_id("hotel_crm.hotel_crm_erasure_wizard_action")
        action["context"] = {"default_partner_id": guest.id}
        return action
