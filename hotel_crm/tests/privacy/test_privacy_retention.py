from datetime import date, datetime

from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, new_test_user, tagged

from ..common import HotelCrmCommon
from ..common_concurrency import ConcurrencyMixin

# 18:00 UTC on 30 June 2025: already 1 July (02:00) in Shanghai, still 30 June (11:00) in Los Angeles
NOW = datetime(2025, 6, 30, 18, 0)
SHANGHAI_TODAY = date(2025, 7, 1)
LA_TODAY = date(2025, 6, 30)
STAY_CONTEXT = {"hotel_no_preference_service": True, "hotel_loyalty_no_points": True, "hotel_no_instay_check": True}


@tagged("post_install", "-at_install", "hotel_crm_privacy")
class TestPrivacyRetention(HotelCrmCommon):
    """Retention periods per property: who is a candidate, the dry run, the wizard's erasure and the
    daily job, and who may run them.

    Property A (Shanghai) keeps guest data 12 months, B (Los Angeles) 24 months, C keeps it for good.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.property_c = cls.env["res.company"].create({"name": "Test Forever Hotel"})
        cls.property_a.write({"hotel_tz": "Asia/Shanghai", "hotel_retention_months": 12})
        cls.property_b.write({"hotel_tz": "America/Los_Angeles", "hotel_retention_months": 24})
        cls.property_c.write({"hotel_tz": "Europe/Brussels", "hotel_retention_months": 0})
        all_three = cls.properties | cls.property_c
        cls.user_dpo = new_test_user(
            cls.env,
            login="hc_retention_dpo",
            groups="base.group_user,hotel_crm.hotel_crm_group_manager,hotel_crm.hotel_crm_group_sensitive",
            company_id=cls.property_a.id,
            company_ids=[Command.set(all_three.ids)],
        )
        cls.ref_no = 0
        # the candidates, at NOW
        cls.g_a_old = cls._retention_guest("A old", [(cls.property_a, "2024-05-28", "2024-06-01")])
        cls.g_ab_old = cls._retention_guest(
            "A and B old", [(cls.property_a, "2023-02-25", "2023-03-01"), (cls.property_b, "2023-01-30", "2023-02-01")]
        )
        # departure 1 July 2024 + 12 months = 1 July 2025: today in Shanghai, tomorrow in UTC
        cls.g_tz_a = cls._retention_guest("A tz edge", [(cls.property_a, "2024-06-28", "2024-07-01")])
        cls.g_never = cls._retention_guest("Never stayed, old", [], company_id=cls.property_a.id)
        cls.env.cr.execute("UPDATE res_partner SET create_date = '2024-05-01 10:00' WHERE id = %s", [cls.g_never.id])
        # not candidates
        # A's 12 months have passed, B's 24 have not: the longest wins
        cls.g_ab_recent = cls._retention_guest(
            "A old, B recent",
            [(cls.property_a, "2023-01-05", "2023-01-10"), (cls.property_b, "2024-01-05", "2024-01-10")],
        )
        # departure 1 July 2023 + 24 months = 1 July 2025: tomorrow in Los Angeles
        cls.g_tz_b = cls._retention_guest("B tz edge", [(cls.property_b, "2023-06-28", "2023-07-01")])
        cls.g_forever = cls._retention_guest(
            "A old, C old", [(cls.property_a, "2020-01-01", "2020-01-03"), (cls.property_c, "2020-02-01", "2020-02-03")]
        )
        cls.g_never_new = cls._retention_guest("Never stayed, recent", [], company_id=cls.property_a.id)
        cls.env.cr.execute(
            "UPDATE res_partner SET create_date = '2025-01-01 10:00' WHERE id = %s", [cls.g_never_new.id]
        )
        cls.g_booked = cls._retention_guest(
            "Booked again",
            [(cls.property_a, "2020-01-01", "2020-01-03"), (cls.property_a, "2025-09-01", "2025-09-03", "booked")],
        )
        cls.g_complaint = cls._retention_guest("Open complaint", [(cls.property_a, "2020-01-01", "2020-01-03")])
        cls.complaint = cls.env["hotel.crm.complaint"].create(
            {"name": "Lost luggage", "partner_id": cls.g_complaint.id, "company_id": cls.property_a.id}
        )
        cls.g_balance = cls._retention_guest("Points left", [(cls.property_a, "2020-01-01", "2020-01-03")])
        cls.g_balance._hotel_points_grant(50, "bonus", reason="Retention test", company_id=cls.property_a.id)
        cls.g_not_guest = cls._retention_guest("Not a guest", [(cls.property_a, "2020-01-01", "2020-01-03")])
        cls.g_not_guest.hotel_guest = False
        cls.env.invalidate_all()
        cls.expected = cls.g_a_old | cls.g_ab_old | cls.g_tz_a | cls.g_never
        cls.kept = (
            cls.g_ab_recent
            | cls.g_tz_b
            | cls.g_forever
            | cls.g_never_new
            | cls.g_booked
            | cls.g_complaint
            | cls.g_balance
            | cls.g_not_guest
        )

    @classmethod
    def _retention_guest(cls, name, stays, **vals):
        """A guest and their stays: ``stays`` = [(property, arrival, departure[, state])] (checked out)."""
        guest = cls._guest(f"Retention {name}", email=f"{name.replace(' ', '.').replace(',', '')}@example.com", **vals)
        for stay in stays:
            cls.ref_no += 1
            cls.Stay.with_context(**STAY_CONTEXT).create(
                {
                    "partner_id": guest.id,
                    "company_id": stay[0].id,
                    "external_ref": f"RET{cls.ref_no:04d}",
                    "arrival_date": stay[1],
                    "departure_date": stay[2],
                    "state": stay[3] if len(stay) > 3 else "checked_out",
                }
            )
        return guest

    def _candidates(self, companies=None):
        return self.Partner._hotel_retention_candidates(companies=companies)

    def _wizard(self, user=None, companies=None):
        Wizard = self.env["hotel.crm.retention.wizard"].with_user(user or self.user_dpo)
        companies = companies or (self.properties | self.property_c)
        Wizard = Wizard.with_context(allowed_company_ids=companies.ids)
        return Wizard.create({"company_ids": [Command.set(companies.ids)]})

    # ------------------------------------------------------------------
    # The rule
    # ------------------------------------------------------------------
    @freeze_time(NOW)
    def test_clock(self):
        self.assertEqual(self.property_a._hotel_today(), SHANGHAI_TODAY)
        self.assertEqual(self.property_b._hotel_today(), LA_TODAY)

    @freeze_time(NOW)
    def test_candidates(self):
        candidates = self._candidates()
        self.assertEqual(candidates, self.expected, "exactly the guests whose longest period elapsed, nobody else")
        self.assertFalse(candidates & self.kept)

    @freeze_time(NOW)
    def test_candidate_rows_say_why(self):
        rows = {row["partner_id"]: row for row in self.Partner._hotel_retention_candidate_rows()}
        self.assertEqual(
            (rows[self.g_a_old.id]["company_id"], rows[self.g_a_old.id]["months"]), (self.property_a.id, 12)
        )
        self.assertEqual(rows[self.g_a_old.id]["last_stay_date"], date(2024, 6, 1))
        # two properties: listed under the one whose (longer) period applied
        self.assertEqual(
            (rows[self.g_ab_old.id]["company_id"], rows[self.g_ab_old.id]["months"]), (self.property_b.id, 24)
        )
        self.assertEqual(rows[self.g_ab_old.id]["last_stay_date"], date(2023, 3, 1))
        self.assertIsNone(rows[self.g_never.id]["last_stay_date"], "never stayed: counted from creation")
        self.assertEqual(self._candidates(self.property_b), self.g_ab_old)
        self.assertEqual(self._candidates(self.property_c), self.Partner, "C keeps everything")

    def test_time_zone_edge(self):
        """The period ends on the property's own day: in Shanghai it is already over, a UTC clock
        would still keep the guest; in Los Angeles it ends tomorrow."""
        with freeze_time(NOW):
            candidates = self._candidates()
        self.assertIn(self.g_tz_a, candidates, "1 July in Shanghai: 12 months since 1 July 2024")
        self.assertNotIn(self.g_tz_b, candidates, "30 June in Los Angeles: 24 months since 1 July 2023 end tomorrow")
        with freeze_time("2025-06-30 15:00:00"):  # 23:00 in Shanghai: still 30 June there
            self.assertNotIn(self.g_tz_a, self._candidates())
        with freeze_time("2025-07-01 07:30:00"):  # 00:30 on 1 July in Los Angeles
            self.assertIn(self.g_tz_b, self._candidates())

    @freeze_time(NOW)
    def test_zero_period_keeps_and_longest_wins(self):
        self.assertNotIn(self.g_forever, self._candidates(), "a stay at a property keeping data for good keeps it")
        self.property_c.hotel_retention_months = 60
        self.assertIn(self.g_forever, self._candidates(), "5 years since January 2020 have passed at C too")
        self.assertNotIn(self.g_ab_recent, self._candidates())
        self.property_b.hotel_retention_months = 12
        self.assertIn(self.g_ab_recent, self._candidates(), "with 12 months at B too, January 2024 is old enough")

    @freeze_time(NOW)
    def test_blocks(self):
        candidates = self._candidates()
        for guest in (self.g_booked, self.g_complaint, self.g_balance, self.g_not_guest, self.g_never_new):
            self.assertNotIn(guest, candidates, guest.name)
        # each block lifted: the guest becomes a candidate
        closed = self.env["hotel.crm.complaint.stage"].search([("is_closed", "=", True)], limit=1)
        self.complaint.write({"judgement": "justified", "cause": "service_quality", "stage_id": closed.id})
        self.g_booked.hotel_stay_ids.filtered(lambda s: s.state == "booked").write({"state": "cancelled"})
        self.assertNotIn(self.g_booked, self._candidates(), "the cancelled booking of September 2025 is recent")
        self.g_booked.hotel_stay_ids.filtered(lambda s: s.state == "cancelled").unlink()
        self.g_balance._hotel_points_grant(-50, "adjust", reason="Retention test", company_id=self.property_a.id)
        candidates = self._candidates()
        for guest in (self.g_complaint, self.g_booked, self.g_balance):
            self.assertIn(guest, candidates, guest.name)

    @freeze_time(NOW)
    def test_no_period_no_work(self):
        """While no property has a period, the job does not even look for guests."""
        self.env["res.company"].search([("hotel_retention_months", ">", 0)]).write({"hotel_retention_months": 0})
        self.patch(
            type(self.Partner),
            "_hotel_retention_candidate_rows",
            lambda *args, **kwargs: self.fail("the job looked for candidates with no period set"),
        )
        self.assertEqual(self.Partner._cron_hotel_retention(), 0)
        self.assertFalse(any(self.expected.mapped("hotel_anonymized")))

    # ------------------------------------------------------------------
    # The dry run and the wizard
    # ------------------------------------------------------------------
    @freeze_time(NOW)
    def test_dry_run_changes_nothing(self):
        names = {guest.id: guest.name for guest in self.expected}
        logs = self.env["hotel.crm.privacy.log"].sudo().search_count([])
        wizard = self._wizard()
        wizard.action_list()
        self.assertEqual(wizard.candidate_count, 4)
        self.assertEqual(wizard.line_ids.partner_id, self.expected)
        self.assertEqual(set(wizard.line_ids.mapped("result")), {"candidate"})
        line = wizard.line_ids.filtered(lambda line: line.partner_id == self.g_ab_old)
        self.assertEqual((line.company_id, line.months, line.last_stay_date), (self.property_b, 24, date(2023, 3, 1)))
        self.env.invalidate_all()
        self.assertEqual({guest.id: guest.name for guest in self.expected}, names)
        self.assertFalse(any(self.expected.mapped("hotel_anonymized")))
        self.assertEqual(self.env["hotel.crm.privacy.log"].sudo().search_count([]), logs)
        # per property: only B's candidates when B alone is reviewed
        wizard_b = self._wizard(companies=self.property_b)
        wizard_b.action_list()
        self.assertEqual(wizard_b.line_ids.partner_id, self.g_ab_old)

    @freeze_time(NOW)
    def test_wizard_anonymises_the_listed_candidates(self):
        wizard = self._wizard()
        wizard.action_list()
        with self.assertRaises(UserError):
            wizard.action_anonymize()  # not confirmed
        self.assertFalse(any(self.expected.mapped("hotel_anonymized")))
        # someone books again between the list and the button: skipped, the others go on
        self._stay(self.g_a_old, "2025-08-01", "2025-08-03", external_ref="RET-AGAIN")
        wizard.confirm = True
        wizard.action_anonymize()
        self.env.invalidate_all()
        erased = self.expected - self.g_a_old
        self.assertTrue(all(erased.mapped("hotel_anonymized")))
        self.assertFalse(self.g_a_old.hotel_anonymized, "booked since the list: no longer a candidate")
        self.assertFalse(any(self.kept.mapped("hotel_anonymized")))
        results = {line.partner_id: line.result for line in wizard.line_ids}
        self.assertEqual(results[self.g_a_old], "skipped")
        self.assertEqual({results[g] for g in erased}, {"done"})
        self.assertEqual(wizard.done_count, 3)
        logs = self.env["hotel.crm.privacy.log"].sudo().search([("partner_id", "in", erased.ids)])
        self.assertEqual(len(logs), 3, "one log per erased guest")
        log_b = logs.filtered(lambda log: log.partner_id == self.g_ab_old)
        self.assertEqual(log_b.reason, "Retention period of 24 months at Test Harbour Hotel")
        self.assertEqual(log_b.company_id, self.property_b)
        self.assertEqual(log_b.user_id, self.user_dpo)
        self.assertEqual(self.g_tz_a.email, False)
        self.assertEqual(self.g_tz_a.name, f"Anonymised guest #{self.g_tz_a.id}")
        # idempotent: nothing left to do, nothing logged twice
        wizard.confirm = True
        with self.assertRaises(UserError):
            wizard.action_anonymize()
        again = self._wizard()
        again.action_list()
        self.assertFalse(again.line_ids)
        self.assertEqual(self.env["res.partner"]._hotel_retention_anonymize(erased.ids)["done"], [])
        self.assertEqual(self.env["hotel.crm.privacy.log"].sudo().search_count([("partner_id", "in", erased.ids)]), 3)

    @freeze_time(NOW)
    def test_wizard_reports_a_failure_and_goes_on(self):
        wizard = self._wizard()
        wizard.action_list()
        # a stay whose note cannot be erased: the erasure of this guest fails
        Stay = type(self.env["hotel.crm.stay"])
        original = Stay.write

        def failing_write(records, vals):
            if "note" in vals and self.g_ab_old.id in records.sudo().partner_id.ids:
                raise ValidationError(self.env._("Arrival notes locked by the PMS"))
            return original(records, vals)

        self.patch(Stay, "write", failing_write)
        wizard.confirm = True
        wizard.action_anonymize()
        self.env.invalidate_all()
        results = {line.partner_id: line for line in wizard.line_ids}
        self.assertEqual(results[self.g_ab_old].result, "failed")
        self.assertIn("Arrival notes locked by the PMS", results[self.g_ab_old].message)
        self.assertFalse(self.g_ab_old.hotel_anonymized)
        self.assertTrue(self.g_ab_old.email, "the failed guest's erasure was rolled back entirely")
        self.assertTrue(all((self.expected - self.g_ab_old).mapped("hotel_anonymized")))

    # ------------------------------------------------------------------
    # The daily job
    # ------------------------------------------------------------------
    @freeze_time(NOW)
    def test_cron_anonymises_exactly_the_candidates(self):
        before = self.Partner.with_context(active_test=False).search([("hotel_anonymized", "=", True)])
        self.assertEqual(self.Partner._cron_hotel_retention(), 4)
        after = self.Partner.with_context(active_test=False).search([("hotel_anonymized", "=", True)])
        self.assertEqual(after - before, self.expected)
        logs = self.env["hotel.crm.privacy.log"].sudo().search([("partner_id", "in", self.expected.ids)])
        self.assertEqual(
            sorted(logs.mapped("reason")),
            sorted(
                ["Retention period of 12 months at Test Lakeside Hotel"] * 3
                + ["Retention period of 24 months at Test Harbour Hotel"]
            ),
        )
        # twice: nothing more
        self.assertEqual(self.Partner._cron_hotel_retention(), 0)
        self.assertEqual(self.env["hotel.crm.privacy.log"].sudo().search_count([("partner_id", "in", after.ids)]), 4)

    @freeze_time(NOW)
    def test_cron_in_chunks(self):
        cron = self.env.ref("hotel_crm.ir_cron_hotel_retention")
        self.assertTrue(cron.active)
        cron, progress = cron._add_progress()
        self.Partner.with_context(ir_cron_progress_id=progress.id)._cron_hotel_retention(chunk=3)
        self.assertEqual((progress.done, progress.remaining), (3, 1), "three committed, one left for the next run")
        cron, progress = cron._add_progress()
        self.Partner.with_context(ir_cron_progress_id=progress.id)._cron_hotel_retention(chunk=3)
        self.assertEqual((progress.done, progress.remaining), (1, 0))
        self.assertTrue(all(self.expected.mapped("hotel_anonymized")))
        self.assertFalse(self._candidates())

    # ------------------------------------------------------------------
    # Who may
    # ------------------------------------------------------------------
    @freeze_time(NOW)
    def test_non_managers_refused(self):
        for user in (self.user_manager, self.user_sensitive, self.user_front):
            with self.assertRaises(AccessError, msg=user.login):
                self._wizard(user=user, companies=self.property_a)
            with self.assertRaises(AccessError, msg=user.login):
                self.Partner.with_user(user)._hotel_retention_anonymize(self.expected.ids)
        # a wizard of the DPO's, pushed by a manager without the sensitive-data group
        wizard = self._wizard()
        wizard.action_list()
        wizard.confirm = True
        with self.assertRaises(AccessError):
            wizard.with_user(self.user_manager).action_anonymize()
        with self.assertRaises(AccessError):
            wizard.with_user(self.user_manager).action_list()
        # lines are written by the wizard only
        with self.assertRaises(AccessError):
            wizard.line_ids[:1].write({"result": "candidate", "partner_id": self.g_forever.id})
        with self.assertRaises(AccessError):
            wizard.write({"line_ids": [Command.create({"partner_id": self.g_forever.id, "result": "candidate"})]})
        self.assertFalse(any(self.expected.mapped("hotel_anonymized")))

    @freeze_time(NOW)
    def test_wizard_ignores_properties_out_of_reach(self):
        """A manager of A alone sends B in the wizard's properties: B's candidates stay."""
        dpo_a = new_test_user(
            self.env,
            login="hc_retention_dpo_a",
            groups="base.group_user,hotel_crm.hotel_crm_group_manager,hotel_crm.hotel_crm_group_sensitive",
            company_id=self.property_a.id,
            company_ids=[Command.set(self.property_a.ids)],
        )
        wizard = (
            self.env["hotel.crm.retention.wizard"]
            .with_user(dpo_a)
            .with_context(allowed_company_ids=self.property_a.ids)
            .create({"company_ids": [Command.set(self.properties.ids)]})
        )
        wizard.action_list()
        self.assertEqual(wizard.line_ids.company_id, self.property_a)
        self.assertNotIn(self.g_ab_old, wizard.line_ids.partner_id)

    def test_retention_period_set_by_managers_only(self):
        admin_only = new_test_user(
            self.env,
            login="hc_retention_admin",
            groups="base.group_user,base.group_system",
            company_id=self.property_a.id,
            company_ids=[Command.set(self.property_a.ids)],
        )
        with self.assertRaises(AccessError):
            self.property_a.with_user(admin_only).write({"hotel_retention_months": 1})
        self.assertEqual(self.property_a.hotel_retention_months, 12)
        # the other settings of the company stay writable by the administrator
        self.property_a.with_user(admin_only).write({"hotel_churn_days": 400})
        self.assertNotIn("hotel_retention_months", self.env["res.config.settings"].with_user(admin_only).fields_get())
        admin_manager = new_test_user(
            self.env,
            login="hc_retention_admin_manager",
            groups="base.group_user,base.group_system,hotel_crm.hotel_crm_group_manager",
            company_id=self.property_a.id,
            company_ids=[Command.set(self.property_a.ids)],
        )
        settings = Form(
            self.env["res.config.settings"]
            .with_user(admin_manager)
            .with_context(allowed_company_ids=self.property_a.ids)
        )
        settings.hotel_retention_months = 36
        settings.save().execute()
        self.assertEqual(self.property_a.hotel_retention_months, 36)
        with self.assertRaises(ValidationError):
            self.property_a.with_user(admin_manager).write({"hotel_retention_months": -1})


@tagged("post_install", "-at_install", "hotel_crm_privacy")
class TestPrivacyRetentionLock(ConcurrencyMixin, HotelCrmCommon):
    """A guest another worker holds (erasing them now) is skipped at once, not waited for nor erased
    twice; once released, the guest is erased."""

    def test_guest_locked_elsewhere_is_skipped(self):
        # a contact committed before this test began, so that another connection can lock its row
        guest = self.env.ref("base.res_partner_1")
        calls = []
        Partner = type(self.Partner)
        self.patch(
            Partner,
            "_hotel_retention_candidate_rows",
            lambda model, companies=None, partner_ids=None: [
                {"partner_id": guest.id, "company_id": self.property_a.id, "months": 12, "last_stay_date": None}
            ],
        )
        self.patch(Partner, "hotel_anonymize", lambda records, reason: calls.append((records.id, reason)))
        with self._cursor() as other:
            other.execute("SELECT id FROM res_partner WHERE id = %s FOR UPDATE", [guest.id])
            result = self.Partner._hotel_retention_anonymize([guest.id])
            other.rollback()
        self.assertEqual(result, {"done": [], "skipped": [guest.id], "failed": {}})
        self.assertFalse(calls, "a guest locked by another worker is not erased")
        result = self.Partner._hotel_retention_anonymize([guest.id])
        self.assertEqual(result["done"], [guest.id])
        self.assertEqual(calls, [(guest.id, "Retention period of 12 months at Test Lakeside Hotel")])
