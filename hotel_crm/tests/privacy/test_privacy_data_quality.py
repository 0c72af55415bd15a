import uuid
from datetime import date

from dateutil.relativedelta import relativedelta

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import new_test_user, tagged
from odoo.tools import email_normalize

from ..common import HotelCrmCommon


@tagged("post_install", "-at_install", "hotel_crm_privacy")
class TestPrivacyDataQuality(HotelCrmCommon):
    """The data-quality work list: one line per guest, property and issue, per property, with the
    action that fixes it."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Line = cls.env["hotel.crm.data.quality"]
        cls.token = uuid.uuid4().hex[:8]
        cls.today = date.today()
        cls.property_a.hotel_dormant_years = 3
        cls.property_b.hotel_dormant_years = 10
        cls._phone_seq = 0
        g = cls._crafted_guest
        cls.clean = g("Clean", cls.property_a)
        cls.unreachable = g("Unreachable", cls.property_a, email=False, phone=False)
        cls.no_consent = g("No Consent", cls.property_b, consent=False)
        cls.twin_a = g("Twin A", cls.property_a, email=f"twin.{cls.token}@example.com")
        cls.twin_b = g("Twin B", cls.property_b, email=f"TWIN.{cls.token}@Example.com")
        number = f"+86 139 5550 2{int(cls.token[:4], 16) % 1000:03d}"
        cls.phone_a = g("Phone Twin A", cls.property_a, phone=number)
        cls.phone_b = g("Phone Twin B", cls.property_a, phone="0086" + number.replace("+86", "").replace(" ", ""))
        birthday = date(1980, 5, 17)
        cls.namesake_a = g("Namesake", cls.property_a, hotel_birthday=birthday)
        cls.namesake_b = g("NAMESAKE", cls.property_b, hotel_birthday=birthday)
        cls.dormant = g("Dormant", cls.property_a, years_ago=5)
        cls.not_yet_dormant = g("Dormant At Ten", cls.property_b, years_ago=5)
        cls.bad_email = g("Bad Email", cls.property_a, email="not-an-address")
        cls.two_emails = g("Two Emails", cls.property_b, email=f"one.{cls.token}@example.com, two@example.com")
        cls.bad_phone = g("Bad Phone", cls.property_a, phone="12345")
        cls.no_property = cls._guest(f"No Property {cls.token}", email=f"np.{cls.token}@example.com")
        cls.guests = (
            cls.clean
            | cls.unreachable
            | cls.no_consent
            | cls.twin_a
            | cls.twin_b
            | cls.phone_a
            | cls.phone_b
            | cls.namesake_a
            | cls.namesake_b
            | cls.dormant
            | cls.not_yet_dormant
            | cls.bad_email
            | cls.two_emails
            | cls.bad_phone
            | cls.no_property
        )
        cls.user_eraser = new_test_user(
            cls.env,
            login="hc_dq_eraser",
            groups="base.group_user,hotel_crm.hotel_crm_group_manager,hotel_crm.hotel_crm_group_sensitive",
            company_id=cls.property_a.id,
            company_ids=[Command.set(cls.properties.ids)],
        )

    @classmethod
    def _crafted_guest(cls, name, company, consent=True, years_ago=0, **vals):
        """A guest with one stay at ``company`` (checked out 30 days ago, or ``years_ago`` years
        ago), a unique valid e-mail and phone and a consent, unless ``vals`` / ``consent`` say
        otherwise."""
        cls._phone_seq += 1
        slug = name.lower().replace(" ", ".")
        defaults = {
            "email": f"{slug}.{cls.token}@example.com",
            "phone": f"+44 20 7946 {(int(cls.token[:4], 16) + cls._phone_seq) % 10000:04d}",
        }
        if consent:
            defaults["hotel_consent_marketing"] = True
        guest = cls._guest(f"{name} {cls.token}", **{**defaults, **vals})
        arrival = cls.today - (relativedelta(years=years_ago, days=30) if years_ago else relativedelta(days=30))
        cls._stay(
            guest,
            arrival,
            arrival + relativedelta(days=2),
            company=company,
            state="checked_out",
            external_ref=f"DQ-{cls.token}-{guest.id}",
        )
        return guest

    def _lines(self, user=None, companies=None):
        Line = self.Line.with_user(user) if user else self.Line
        if companies:
            Line = Line.with_context(allowed_company_ids=companies.ids)
        return Line.search([("partner_id", "in", self.guests.ids)])

    def _triples(self, lines):
        return {(line.partner_id, line.company_id, line.issue_type) for line in lines}

    def _line(self, guest, issue_type):
        line = self.Line.search([("partner_id", "=", guest.id), ("issue_type", "=", issue_type)])
        self.assertEqual(len(line), 1, f"one {issue_type} line of {guest.name}")
        return line

    # ------------------------------------------------------------------
    # What is listed
    # ------------------------------------------------------------------
    def test_each_issue_at_its_property(self):
        a, b, none = self.property_a, self.property_b, self.env["res.company"]
        expected = {
            (self.unreachable, a, "unreachable"),
            (self.no_consent, b, "no_consent"),
            (self.twin_a, a, "duplicate"),
            (self.twin_b, b, "duplicate"),
            (self.phone_a, a, "duplicate"),
            (self.phone_b, a, "duplicate"),
            (self.namesake_a, a, "duplicate"),
            (self.namesake_b, b, "duplicate"),
            (self.dormant, a, "dormant"),
            (self.bad_email, a, "invalid"),
            (self.two_emails, b, "invalid"),
            (self.bad_phone, a, "invalid"),
            (self.no_property, none, "no_consent"),
        }
        lines = self._lines(self.user_manager, self.properties)
        self.assertEqual(self._triples(lines), expected)
        self.assertNotIn(self.clean, lines.partner_id, "a clean guest is on no line")
        self.assertNotIn(self.not_yet_dormant, lines.partner_id, "5 years without a stay is not dormant at B (10)")
        # the reasons of each line
        self.assertTrue(self._line(self.twin_a, "duplicate").duplicate_email)
        self.assertFalse(self._line(self.twin_a, "duplicate").duplicate_phone)
        self.assertTrue(self._line(self.phone_b, "duplicate").duplicate_phone, "0086… and +86 … are one number")
        self.assertTrue(self._line(self.namesake_b, "duplicate").duplicate_name_birthday)
        self.assertTrue(self._line(self.bad_email, "invalid").invalid_email)
        self.assertFalse(self._line(self.bad_email, "invalid").invalid_phone)
        self.assertTrue(self._line(self.bad_phone, "invalid").invalid_phone)
        self.assertEqual(self._line(self.dormant, "dormant").last_stay_date, self.dormant.hotel_last_stay_date)

    def test_a_line_per_property_of_the_guest(self):
        """A guest who stayed at both properties has the issue at both; a stay booked for the
        future keeps a guest from being dormant."""
        self._stay(self.unreachable, self.today - relativedelta(days=60), self.today - relativedelta(days=58),
                   company=self.property_b, state="checked_out", external_ref=f"DQ-{self.token}-U-B")  # fmt: skip
        self.assertEqual(
            self._line_companies(self.unreachable, "unreachable"), self.properties, "the issue at both properties"
        )
        self._stay(self.dormant, self.today + relativedelta(days=20), self.today + relativedelta(days=22),
                   external_ref=f"DQ-{self.token}-D-NEXT")  # fmt: skip
        self.assertFalse(self.Line.search([("partner_id", "=", self.dormant.id), ("issue_type", "=", "dormant")]))

    def _line_companies(self, guest, issue_type):
        return self.Line.search([("partner_id", "=", guest.id), ("issue_type", "=", issue_type)]).company_id

    def test_fixing_the_cause_removes_the_line(self):
        self.no_consent.with_user(self.user_front).hotel_consent_email = False  # no change: still nothing recorded
        self.assertTrue(self._line(self.no_consent, "no_consent"))
        self.no_consent.with_user(self.user_front).hotel_consent_survey = True
        self.assertFalse(self.Line.search([("partner_id", "=", self.no_consent.id)]), "consent recorded: solved")
        self.bad_phone.with_user(self.user_front).phone = "+86 139 5550 6123"
        self.assertFalse(self.Line.search([("partner_id", "=", self.bad_phone.id)]))
        self.twin_b.with_user(self.user_front).email = f"twin.b.{self.token}@example.com"
        self.assertFalse(self.Line.search([("partner_id", "in", (self.twin_a | self.twin_b).ids)]))

    def test_threshold_per_property(self):
        self.property_b.hotel_dormant_years = 4
        self.assertEqual(self._line_companies(self.not_yet_dormant, "dormant"), self.property_b)
        with self.assertRaises(ValidationError):
            self.property_b.hotel_dormant_years = 0

    def test_email_and_phone_validity_follow_odoo(self):
        """The invalid e-mail flag agrees with ``tools.email_normalize`` (strict), the invalid
        phone flag with the E.164 key of ``phone_validation``."""
        emails = [
            "plain.{t}@example.com",
            "Name <named.{t}@example.com>",
            "host.{t}@localhost",
            "no-at-sign-{t}",
            "first.{t}@example.com; second.{t}@example.com",
            "@{t}.example.com",
        ]
        for template in emails:
            email = template.format(t=self.token)
            guest = self._guest(f"Email check {email}", email=email, hotel_consent_marketing=True)
            flagged = bool(self.Line.search([("partner_id", "=", guest.id), ("invalid_email", "=", True)]))
            self.assertEqual(flagged, not email_normalize(email), email)
        for phone in ("+86 139 5550 7788", "0086 139 5550 7789", "12345", "+1 555", "abc"):
            guest = self._guest(f"Phone check {phone}", phone=phone, hotel_consent_marketing=True)
            flagged = bool(self.Line.search([("partner_id", "=", guest.id), ("invalid_phone", "=", True)]))
            self.assertEqual(flagged, not self.Partner._hotel_phone_key(phone), phone)

    # ------------------------------------------------------------------
    # Per property, read-only
    # ------------------------------------------------------------------
    def test_desk_user_of_a_sees_nothing_of_b(self):
        lines = self._lines(self.user_front)
        self.assertTrue(lines)
        self.assertEqual(set(lines.company_id.ids), {self.property_a.id}, "A's lines only (and those of no property)")
        self.assertIn(self.no_property, lines.partner_id, "a guest of no property is every property's")
        self.assertNotIn(self.no_consent, lines.partner_id)
        line_b = self._line(self.no_consent, "no_consent")
        with self.assertRaises(AccessError):
            line_b.with_user(self.user_front).read(["issue_type"])
        # a crafted call of a button on B's line is refused too
        with self.assertRaises(AccessError):
            line_b.with_user(self.user_front).action_request_consent()
        with self.assertRaises(AccessError):
            line_b.with_user(self.user_front).action_open_guest()
        # the manager working in A only does not see B either
        self.assertNotIn(self.no_consent, self._lines(self.user_manager, self.property_a).partner_id)

    def test_nobody_writes(self):
        line = self._line(self.unreachable, "unreachable")
        for user in (self.user_front, self.user_manager):
            with self.assertRaises(AccessError):
                line.with_user(user).write({"issue_type": "dormant"})
            with self.assertRaises(AccessError):
                self.Line.with_user(user).create({"partner_id": self.clean.id, "issue_type": "dormant"})
            with self.assertRaises(AccessError):
                line.with_user(user).unlink()

    # ------------------------------------------------------------------
    # The actions
    # ------------------------------------------------------------------
    def test_open_guest(self):
        action = self._line(self.bad_email, "invalid").with_user(self.user_front).action_open_guest()
        self.assertEqual((action["res_model"], action["res_id"]), ("res.partner", self.bad_email.id))
        self.assertEqual(action["views"][0][0], self.env.ref("hotel_crm.res_partner_view_form_hotel_guest").id)

    def test_merge_opens_the_wizard_with_the_duplicates(self):
        for guest, other in (
            (self.twin_a, self.twin_b),
            (self.phone_b, self.phone_a),
            (self.namesake_a, self.namesake_b),
        ):
            line = self._line(guest, "duplicate").with_user(self.user_manager)
            self.assertTrue(line.can_merge)
            action = line.action_merge_duplicates()
            wizard = (
                self.env[action["res_model"]].with_user(self.user_manager).with_context(**action["context"]).create({})
            )
            self.assertEqual(wizard.partner_ids, guest | other, guest.name)
        line = self._line(self.twin_a, "duplicate").with_user(self.user_front)
        self.assertFalse(line.can_merge, "the desk does not merge")
        with self.assertRaises(AccessError):
            line.action_merge_duplicates()
        with self.assertRaises(UserError):
            self._line(self.unreachable, "unreachable").with_user(self.user_manager).action_merge_duplicates()

    def test_request_consent_schedules_one_activity(self):
        line = self._line(self.no_property, "no_consent").with_user(self.user_front)
        line.action_request_consent()
        line.action_request_consent()
        activity_type = self.env.ref("hotel_crm.mail_activity_type_hotel_consent_request")
        activities = self.env["mail.activity"].search(
            [("res_model", "=", "res.partner"), ("res_id", "=", self.no_property.id)]
        )
        self.assertEqual(activities.activity_type_id, activity_type)
        self.assertEqual(len(activities), 1, "asked once, not twice")
        self.assertEqual(activities.user_id, self.user_front)
        with self.assertRaises(UserError):
            self._line(self.bad_phone, "invalid").with_user(self.user_front).action_request_consent()

    def test_erase_only_for_those_allowed(self):
        line = self._line(self.dormant, "dormant")
        for user in (self.user_front, self.user_sensitive, self.user_manager):
            self.assertFalse(line.with_user(user).can_erase, user.login)
            with self.assertRaises(AccessError, msg=user.login):
                line.with_user(user).action_erase()
        self.assertTrue(line.with_user(self.user_eraser).can_erase)
        action = line.with_user(self.user_eraser).action_erase()
        self.assertEqual(action["res_model"], "hotel.crm.erasure.wizard")
        wizard = self.env["hotel.crm.erasure.wizard"].with_user(self.user_eraser).with_context(**action["context"])
        wizard = wizard.create({"reason": "Dormant for five years (data-quality review)", "confirm": True})
        self.assertEqual(wizard.partner_id, self.dormant)
        wizard.action_erase()
        self.assertTrue(self.dormant.hotel_anonymized)
        self.assertFalse(self.Line.search([("partner_id", "=", self.dormant.id)]), "an erased guest leaves the list")
        with self.assertRaises(UserError):
            self._line(self.unreachable, "unreachable").with_user(self.user_eraser).action_erase()

    # ------------------------------------------------------------------
    # Scale
    # ------------------------------------------------------------------
    def test_queries_do_not_grow_with_the_lines(self):
        """Reading the list and its counts per type costs the same number of queries for 13 lines
        as for 33: no query per line or guest."""

        def read_list():
            self.env.invalidate_all()
            Line = self.Line.with_user(self.user_manager).with_context(allowed_company_ids=self.properties.ids)
            before = self.env.cr.sql_log_count
            Line.search_read(
                [("partner_id", "in", self.guests.ids)],
                ["partner_id", "company_id", "issue_type", "email", "phone", "guest_code", "can_merge", "can_erase"],
            )
            Line.read_group([("partner_id", "in", self.guests.ids)], ["issue_type"], ["issue_type"])
            return self.env.cr.sql_log_count - before

        read_list()  # warm the caches (groups, rules)
        few = read_list()
        for i in range(10):
            self.guests |= self._crafted_guest(f"More {i}", self.property_a, email=False, phone=False, consent=False)
        self.assertEqual(len(self._lines(self.user_manager, self.properties)), 33)
        self.assertEqual(read_list(), few)
