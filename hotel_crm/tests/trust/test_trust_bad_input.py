"""Bad input at every entry point: a clear, translated error naming the record and field; nothing changed.

Inventory of the entry points a client reaches (JSON-RPC on public model methods, web forms, the
mail gateway, the portal), where their bad input is refused, and where that is tested ("here" is
this module; property tests: ``test_trust_properties.py``):

=================================================  ===============================================================
Entry point                                        Refused by / tested in
=================================================  ===============================================================
``create`` / ``write`` of every ``hotel.crm.*``    ``models/models.py`` ``_hotel_check_input``: type, finite, range,
model and ``hotel_*`` field, wizards included      length, real date, ids / ``identity/test_identity_input.py``, here
``hotel.crm.stay.import_stays(rows)``              ``guest/hotel_crm_stay_import.py`` per row and field (nan text
                                                   too) / ``guest/test_stay_import_batch.py``, here, round trip in
                                                   ``TestTrustImportProperties``
``hotel.crm.review.import_reviews(rows)``          ``survey/hotel_crm_review.py`` per row and field /
                                                   ``survey/test_survey_breaker.py``, here
``hotel.crm.kpi.snapshot.compute_snapshot``,       ``_hotel_check_period`` (dates, order, years 1900-2999),
``hotel_kpi_overview``, *Compute KPIs* wizard      ``_hotel_check_company``, ``freeze`` a boolean / here
``hotel.crm.campaign.hotel_kpi_campaign_figures``  ``_hotel_check_kpi_arguments``: ids, existing and own
                                                   properties, dates / here
``res.partner.hotel_recompute_value``              list of ids, ``full`` a boolean, managers only /
                                                   ``identity/test_identity_input.py``, here
``res.partner.hotel_anonymize(reason)``,           a text reason, rights, confirmation / here,
*Erase Personal Data* wizard                       ``privacy/test_privacy_erasure.py``
``hotel_privacy_export()``,                        no argument; access rights / ``privacy/``, ``kpi/``
``hotel.crm.dashboard.get_dashboard_data()``
*Adjust Points*, *Redeem Points* wizards           generic check; ``action_apply`` (cap), ``action_redeem``
                                                   (property, reward) / here, ``loyalty/``
*Grant Tier* wizard, ``hotel.crm.tier.grant``      ``action_grant`` (a past day), ``_check_grant`` (after 2999) / here
``hotel.crm.complaint.message_new`` (mail alias)   ``_hotel_check_mail_input``: parts as texts, author, fields; long
                                                   parts cut / here, ``identity/test_identity_input.py``
``survey.user_input`` scores (CSAT, NPS, CES)     ``_hotel_check_metric_values``: read from the answers, never
                                                   written by a user nor out of scale / here; the survey pages
                                                   validate the answers themselves (Odoo ``survey``)
portal ``/my/complaints/new`` (POST)               the controller: lengths, own stay, topic, type, image /
                                                   ``identity/test_identity_input.py``, ``TestTrustBadInputPortal``
portal ``/my/complaints/page/<n>``,                Odoo's pager clamps the page / ``TestTrustBadInputPortal``
``/my/loyalty/page/<n>``
``action_*`` buttons                               no argument; ``_hotel_ensure_one`` (one record, else a
                                                   ``UserError`` naming model and button), state checks /
                                                   ``TestTrustBadInputButtons``, the rooms' tests
=================================================  ===============================================================
"""

import math

from odoo import api, http
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import HttpCase, TransactionCase, new_test_user, tagged

from .common import TrustCommon

MEGABYTE = "x" * (1 << 20)
# values of the wrong kind for a date, an id or a text
JUNK = [None, math.nan, math.inf, -math.inf, "abc", MEGABYTE, {"a": 1}, [1, 2], 2**40, True, "2025-13-45", "01/02/2025"]


def _shown(value):
    return "MEGABYTE" if value is MEGABYTE else repr(value)[:40]


@tagged("post_install", "-at_install", "hotel_crm_trust")
class TestTrustBadInput(TrustCommon, TransactionCase):
    """Bad values at the public methods, as JSON-RPC would send them."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._trust_setup()
        cls.manager.groups_id |= cls.env.ref("hotel_crm.hotel_crm_group_sensitive")

    def _counts(self, *models):
        return {model: self.env[model].sudo().with_context(active_test=False).search_count([]) for model in models}

    def assertRefused(self, call, exception, *needles):
        with self.assertRaises(exception) as caught:
            call()
        for needle in needles:
            self.assertIn(needle, str(caught.exception))
        return caught.exception

    # ------------------------------------------------------------------
    # KPIs
    # ------------------------------------------------------------------
    def test_kpi_snapshot_arguments(self):
        Snapshot = self.as_manager(self.env["hotel.crm.kpi.snapshot"])
        before = self._counts("hotel.crm.kpi.snapshot", "hotel.crm.kpi.snapshot.line")
        for bad in JUNK:
            with self.subTest(date_from=_shown(bad)):
                self.assertRefused(lambda bad=bad: Snapshot.compute_snapshot(bad, "2025-01-31"), UserError, "date_from")
            with self.subTest(company=_shown(bad)):
                if bad is None:
                    continue  # None is the group-wide figures, as False
                self.assertRefused(
                    lambda bad=bad: Snapshot.compute_snapshot("2025-01-01", "2025-01-31", bad), UserError, "company"
                )
            with self.subTest(freeze=_shown(bad)):
                if bad is None or bad is True:
                    continue
                self.assertRefused(
                    lambda bad=bad: Snapshot.compute_snapshot("2025-01-01", "2025-01-31", self.west, bad),
                    UserError,
                    "freeze",
                )
        self.assertRefused(
            lambda: Snapshot.compute_snapshot("2025-02-01", "2025-01-31", self.west), UserError, "2025-02-01"
        )
        self.assertRefused(lambda: Snapshot.compute_snapshot("0001-01-01", "9999-12-31"), UserError, "1900")
        self.assertRefused(lambda: Snapshot.compute_snapshot("2025-01-01", "2025-01-31", 2**31 - 1), UserError)
        self.assertRefused(lambda: Snapshot.hotel_kpi_overview("0001-01-15"), UserError, "1900")
        self.assertRefused(lambda: Snapshot.hotel_kpi_overview({"month": 1}), UserError, "date_from")
        self.assertEqual(self._counts("hotel.crm.kpi.snapshot", "hotel.crm.kpi.snapshot.line"), before)
        # the front desk computes nothing, whatever it sends
        self.assertRefused(
            lambda: self.as_front(self.env["hotel.crm.kpi.snapshot"]).compute_snapshot("x", "y", self.bund),
            AccessError,
        )
        # good input still works
        self.assertTrue(Snapshot.compute_snapshot("2025-01-01", "2025-01-31", self.west).is_current)

    def test_kpi_compute_wizard_dates(self):
        Wizard = self.as_manager(self.env["hotel.crm.kpi.compute"])
        before = self._counts("hotel.crm.kpi.snapshot")
        for date_from, date_to, needle in (
            ("2025-03-01", "2025-02-01", "2025-03-01"),
            ("1899-12-31", "2025-01-31", "1900"),
            ("2025-01-01", "9999-12-31", "2999"),
        ):
            with self.subTest(date_from=date_from, date_to=date_to):
                wizard = Wizard.create({"company_id": self.west.id, "date_from": date_from, "date_to": date_to})
                self.assertRefused(wizard.action_compute, UserError, needle)
        self.assertRefused(
            lambda: Wizard.create({"company_id": self.west.id, "date_from": "01/02/2025", "date_to": "2025-01-31"}),
            ValidationError,
            "From",
        )
        self.assertEqual(self._counts("hotel.crm.kpi.snapshot"), before)

    def test_campaign_figures_arguments(self):
        Campaign = self.as_front(self.env["hotel.crm.campaign"])
        for bad in [*(j for j in JUNK if j != [1, 2]), [self.west.id, "1"], [math.nan], [0], [-1]]:
            with self.subTest(company_ids=_shown(bad)):
                self.assertRefused(
                    lambda bad=bad: Campaign.hotel_kpi_campaign_figures(bad, "2025-01-01", "2025-01-31"),
                    UserError,
                    "company_ids",
                )
        for bad in JUNK:
            with self.subTest(date_from=_shown(bad)):
                self.assertRefused(
                    lambda bad=bad: Campaign.hotel_kpi_campaign_figures(self.west.ids, bad, "2025-01-31"),
                    UserError,
                    "date_from",
                )
        self.assertRefused(
            lambda: Campaign.hotel_kpi_campaign_figures(self.west.ids, "2025-02-01", "2025-01-01"),
            UserError,
            "2025-02-01",
        )
        # an unknown property, another property's figures
        self.assertRefused(
            lambda: Campaign.hotel_kpi_campaign_figures([2**31 - 1], "2025-01-01", "2025-01-31"), UserError
        )
        error = self.assertRefused(
            lambda: Campaign.hotel_kpi_campaign_figures(self.bund.ids, "2025-01-01", "2025-01-31"), AccessError
        )
        self.assertNotIn("Trust Bund", str(error))
        self.assertEqual(
            Campaign.hotel_kpi_campaign_figures(self.west.ids, "2025-01-01", "2025-01-31"),
            {"responses": 0, "revenue": 0.0, "sample": 0},
        )

    # ------------------------------------------------------------------
    # Guests: value, erasure
    # ------------------------------------------------------------------
    def test_recompute_value_full_flag(self):
        Partner = self.as_manager(self.env["res.partner"])
        for bad in ({"a": 1}, "yes", 1, math.nan):
            with self.subTest(full=_shown(bad)):
                self.assertRefused(
                    lambda bad=bad: Partner.hotel_recompute_value([self.guest.id], bad), UserError, "full"
                )

    def test_anonymize_reason_and_wizard(self):
        guest = self.env["res.partner"].create({"name": "Trust Erase Me", "hotel_guest": True, "email": "e@x.example"})
        for bad in (None, "   ", math.nan, {"why": "asked"}, ["asked"], 42):
            with self.subTest(reason=_shown(bad)):
                self.assertRefused(lambda bad=bad: self.as_manager(guest).hotel_anonymize(bad), UserError, "reason")
        Wizard = self.as_manager(self.env["hotel.crm.erasure.wizard"])
        self.assertRefused(
            lambda: Wizard.create({"partner_id": guest.id, "reason": MEGABYTE, "confirm": True}),
            ValidationError,
            "Reason",
        )
        wizard = Wizard.create({"partner_id": guest.id, "reason": "asked by phone", "confirm": False})
        self.assertRefused(wizard.action_erase, UserError, "confirmation")
        guest.invalidate_recordset()
        self.assertEqual((guest.name, guest.email, guest.hotel_anonymized), ("Trust Erase Me", "e@x.example", False))

    # ------------------------------------------------------------------
    # Loyalty wizards
    # ------------------------------------------------------------------
    def test_points_and_tier_wizards(self):
        guest = self.guest
        ledger = self._counts("hotel.crm.points.move", "hotel.crm.tier.grant")
        Adjust = self.as_manager(self.env["hotel.crm.points.adjust"])
        for vals, label in (
            ({"points": math.nan}, "Points"),
            ({"points": math.inf}, "Points"),
            ({"points": 2**40}, "Points"),
            ({"points": "ten"}, "Points"),
            ({"reason": MEGABYTE}, "Reason"),
            ({"reason": {"a": 1}}, "Reason"),
            ({"move_type": "steal"}, "Type"),
            ({"company_id": 2**31 - 1}, "Company"),
        ):
            with self.subTest(vals=_shown(vals)):
                self.assertRefused(
                    lambda vals=vals: Adjust.create({"partner_id": guest.id, "points": 5, "reason": "r", **vals}),
                    ValidationError,
                    label,
                )
        # a foreign property and an amount past the cap are refused by the button
        wizard = Adjust.create({"partner_id": guest.id, "points": 2_000_000, "reason": "typo"})
        self.assertRefused(wizard.action_apply, UserError, guest.display_name, "Points")
        reward = self.env["hotel.crm.reward"].create(
            {"name": "Trust Late Checkout", "category": "breakfast", "points_cost": 1}
        )
        wizard = self.as_front(self.env["hotel.crm.points.redeem"]).create(
            {"partner_id": guest.id, "reward_id": reward.id, "company_id": self.bund.id}
        )
        self.assertRefused(wizard.action_redeem, UserError, "Property")
        tier = self.env["hotel.crm.tier"].search([], limit=1)
        Grant = self.as_manager(self.env["hotel.crm.tier.grant.wizard"])
        grant_vals = {"partner_id": guest.id, "tier_id": tier.id, "reason": "vip_courtesy", "company_id": self.west.id}
        self.assertRefused(
            Grant.create({**grant_vals, "date_until": "9999-12-31"}).action_grant, ValidationError, "Valid Until"
        )
        self.assertRefused(
            Grant.create({**grant_vals, "date_until": "2000-01-01"}).action_grant, UserError, "Valid Until"
        )
        self.assertRefused(lambda: Grant.create({**grant_vals, "date_until": "31/12/2030"}), ValidationError, "Valid")
        self.assertEqual(self._counts("hotel.crm.points.move", "hotel.crm.tier.grant"), ledger)

    # ------------------------------------------------------------------
    # Mail alias
    # ------------------------------------------------------------------
    def test_mail_alias_refuses_malformed_messages(self):
        Complaint = self.env["hotel.crm.complaint"].with_context(mail_create_nolog=True)
        before = self._counts("hotel.crm.complaint", "mail.message")
        good = {"subject": "Noisy room", "email_from": "mei.ling@trust.example.com", "body": "<p>Loud.</p>"}
        cases = [(bad, None, "message") for bad in (None, "a mail", [good], 42)]
        cases += [(good, bad, "custom_values") for bad in ("company_id=1", [("company_id", 1)], 7)]
        cases += [(good, {"not_a_field": 1}, "not_a_field")]
        for part in ("subject", "email_from", "body", "date"):
            cases += [({**good, part: bad}, None, part) for bad in (math.nan, 42, {"a": 1}, ["x"], True)]
        cases += [({**good, "author_id": bad}, None, "author_id") for bad in ("3", 2**31 - 1, 2**40, math.inf, [1, 2])]
        for msg_dict, custom_values, needle in cases:
            with self.subTest(msg=_shown(msg_dict), custom=_shown(custom_values)):
                self.assertRefused(
                    lambda m=msg_dict, c=custom_values: Complaint.message_new(m, custom_values=c), UserError, needle
                )
        self.assertEqual(self._counts("hotel.crm.complaint", "mail.message"), before)
        complaint = Complaint.message_new(good, custom_values={"company_id": self.west.id})
        self.assertEqual((complaint.name, complaint.partner_id), ("Noisy room", self.guest))

    # ------------------------------------------------------------------
    # Imports: text keys given nan or infinity
    # ------------------------------------------------------------------
    def test_imports_refuse_non_finite_text(self):
        Stay = self.as_front(self.env["hotel.crm.stay"])
        good = {
            "company_id": self.west.id,
            "arrival_date": "2025-04-01",
            "departure_date": "2025-04-03",
            "name": "Trust Import Guest",
            "email": "import.guest@trust.example.com",
        }
        rows = [
            {**good, "external_ref": "TRUST-IMP-OK"},
            {**good, "external_ref": math.nan},
            {**good, "external_ref": "TRUST-IMP-2", "room_type": math.inf},
            {**good, "external_ref": "TRUST-IMP-3", "name": -math.inf, "email": False},
            {**good, "external_ref": "TRUST-IMP-4", "note": math.nan},
            {**good, "external_ref": "TRUST-IMP-5", "company_id": self.bund.id},
        ]
        result = Stay.import_stays(rows)
        self.assertEqual((result["created"], result["updated"]), (1, 0))
        self.assertEqual([e["row"] for e in result["errors"]], [2, 3, 4, 5, 6])
        for error, field in zip(
            result["errors"], ("external_ref", "room_type", "name", "note", "company_id"), strict=True
        ):
            self.assertIn(f"Row {error['row']}", error["message"])
            self.assertIn(field, error["message"])
        self.assertNotIn("Trust Bund", result["errors"][-1]["message"])
        stays = self.env["hotel.crm.stay"].search([("external_ref", "like", "TRUST-IMP")])
        self.assertEqual(stays.mapped("external_ref"), ["TRUST-IMP-OK"])
        self.assertFalse(self.env["hotel.crm.stay"].search([("room_type", "in", ("inf", "nan"))]))

        Review = self.as_manager(self.env["hotel.crm.review"])
        review = {"source": "google", "date": "2025-04-05", "rating": 4, "company_id": self.west.id}
        result = Review.import_reviews(
            [
                {**review, "external_id": "TRUST-R-OK", "title": "Lovely"},
                {**review, "external_id": "TRUST-R-2", "title": math.nan},
                {**review, "external_id": math.inf},
                {**review, "external_id": "TRUST-R-4", "reviewer_name": -math.inf},
                {**review, "external_id": "TRUST-R-5", "company_id": 2**31 - 1},
            ]
        )
        self.assertEqual((result["created"], result["updated"]), (1, 0))
        self.assertEqual([e["row"] for e in result["errors"]], [2, 3, 4, 5])
        for error, field in zip(result["errors"], ("title", "external_id", "reviewer_name", "company_id"), strict=True):
            self.assertIn(field, error["message"])
        reviews = self.env["hotel.crm.review"].search([("external_id", "like", "TRUST-R-")])
        self.assertEqual(reviews.mapped("external_id"), ["TRUST-R-OK"])

    # ------------------------------------------------------------------
    # Survey answers
    # ------------------------------------------------------------------
    def test_survey_scores_are_not_written(self):
        survey = self.env["survey.survey"].create({"title": "Trust Stay Survey"})
        answer = self.env["survey.user_input"].create(
            {"survey_id": survey.id, "partner_id": self.guest.id, "hotel_stay_id": self.stay_west.id}
        )
        self.assertFalse(answer.hotel_csat)
        # a user, even a manager, does not set a score: it is read from the guest's answers
        self.assertRefused(lambda: self.as_manager(answer).write({"hotel_csat": 5}), AccessError, "CSAT")
        self.assertRefused(lambda: self.as_front(answer).write({"hotel_nps": 10}), AccessError)
        for fname, bad, label in (
            ("hotel_csat", 0, "CSAT"),
            ("hotel_csat", 6, "CSAT"),
            ("hotel_csat", math.nan, "CSAT"),
            ("hotel_csat", True, "CSAT"),
            ("hotel_nps", 11, "NPS"),
            ("hotel_nps", -1, "NPS"),
            ("hotel_ces", 8, "CES"),
            ("hotel_ces", "7", "CES"),
        ):
            with self.subTest(fname=fname, value=bad):
                self.assertRefused(
                    lambda f=fname, b=bad: answer.write({f: b}), ValidationError, label, answer.display_name
                )
        answer.invalidate_recordset()
        self.assertEqual((answer.hotel_csat, answer.hotel_nps, answer.hotel_ces), (False, False, False))
        self.env.cr.execute("SELECT count(*) FROM survey_user_input WHERE id = %s AND hotel_csat IS NULL", [answer.id])
        self.assertEqual(self.env.cr.fetchone()[0], 1, "the column was not touched")


@tagged("post_install", "-at_install", "hotel_crm_trust")
class TestTrustBadInputPortal(TrustCommon, HttpCase):
    """The portal forms and pages answer bad input with the form's errors or a redirect, never a 500."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._trust_setup()
        cls.portal = new_test_user(
            cls.env, login="trust_bad_portal", password="trust_bad_portal_pw", groups="base.group_portal"
        )
        cls.portal.partner_id.hotel_guest = True
        cls.env["hotel.crm.stay"].create(
            {
                "partner_id": cls.portal.partner_id.id,
                "company_id": cls.west.id,
                "arrival_date": "2025-03-01",
                "departure_date": "2025-03-03",
                "state": "checked_out",
            }
        )

    def test_complaint_form_and_pages(self):
        self.authenticate("trust_bad_portal", "trust_bad_portal_pw")
        Complaint = self.env["hotel.crm.complaint"].sudo()
        before = Complaint.search_count([])
        cases = [
            # another guest's stay at another property: refused without naming it
            ({"name": "Cold", "stay_id": str(self.stay_bund.id)}, "not one of yours"),
            ({"name": "Cold", "stay_id": "nan"}, "not one of yours"),
            ({"name": "Cold", "category_id": "1e9"}, "choose a topic"),
            ({"name": "Cold", "feedback_type": "refund_now"}, "a suggestion or a compliment"),
            ({"name": "   "}, "what went wrong"),
        ]
        for data, message in cases:
            with self.subTest(data=data):
                response = self.url_open(
                    "/my/complaints/new", data=dict(data, csrf_token=http.Request.csrf_token(self))
                )
                self.assertEqual(response.status_code, 200)
                self.assertIn(message, response.text)
                self.assertNotIn("TRUST-BUND-SECRET", response.text)
        self.assertEqual(Complaint.search_count([]), before, "no complaint was filed")
        # pages far beyond the last, and a complaint id that is not a number
        for url in ("/my/complaints/page/99999999999999999999", "/my/loyalty/page/99999999999999999999"):
            with self.subTest(url=url):
                self.assertEqual(self.url_open(url).status_code, 200)
        self.assertEqual(self.url_open("/my/complaints/nan").status_code, 404)


# the public single-record buttons called over RPC with no record or two: (model, method)
SINGLE_RECORD_BUTTONS = [
    ("hotel.crm.stay", "action_hotel_view_survey_answers"),
    ("hotel.crm.stay", "action_hotel_instay_satisfied"),  # through the shared _hotel_instay_check_or_raise
    ("res.partner", "action_hotel_view_stays"),  # through the shared _hotel_guest_action
    ("res.partner", "action_hotel_merge_duplicates"),
    ("hotel.crm.complaint", "action_mark_satisfied"),
]


@tagged("post_install", "-at_install", "hotel_crm_trust")
class TestTrustBadInputButtons(TrustCommon, TransactionCase):
    """A single-record button called on no record or on several (a crafted JSON-RPC call) refuses
    with a translated ``UserError`` naming the model and the button, not Odoo's "Expected
    singleton", and changes nothing."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._trust_setup()
        cls.guest_two = cls.env["res.partner"].create({"name": "Trust Second Guest", "hotel_guest": True})
        cls.stay_west_two = cls.env["hotel.crm.stay"].create(
            {
                "partner_id": cls.guest_two.id,
                "company_id": cls.west.id,
                "external_ref": "TRUST-W-2",
                "arrival_date": "2030-05-04",
                "departure_date": "2030-05-06",
            }
        )
        cls.complaints = (
            cls.env["hotel.crm.complaint"]
            .sudo()
            .create(
                [{"name": f"Trust noise {i}", "company_id": cls.west.id, "partner_id": cls.guest.id} for i in (1, 2)]
            )
        )
        cls.two = {
            "hotel.crm.stay": (cls.stay_west | cls.stay_west_two).ids,
            "res.partner": (cls.guest | cls.guest_two).ids,
            "hotel.crm.complaint": cls.complaints.ids,
        }

    def _call(self, model, method, ids):
        """``method`` of ``model`` on ``ids`` as the front desk, dispatched as the web client's
        ``/web/dataset/call_kw`` dispatches it."""
        return api.call_kw(self.as_front(self.env[model]), method, [ids], {})

    def test_buttons_on_no_record_or_two(self):
        for model, method in SINGLE_RECORD_BUTTONS:
            model_name = self.env["ir.model"]._get(model).name
            for ids in ([], self.two[model]):
                with self.subTest(model=model, method=method, count=len(ids)):
                    with self.assertRaises(UserError) as caught:
                        self._call(model, method, ids)
                    message = str(caught.exception)
                    self.assertNotIn("singleton", message)
                    for needle in (model_name, f"“{method}”", f"not on {len(ids)}"):
                        self.assertIn(needle, message)
        self.complaints.invalidate_recordset()
        self.assertEqual(self.complaints.mapped("satisfaction_date"), [False, False], "nothing was stamped")

    def test_buttons_on_one_record(self):
        """One record: the buttons work as before."""
        action = self._call("hotel.crm.stay", "action_hotel_view_survey_answers", self.stay_west.ids)
        self.assertEqual(action["res_model"], "survey.user_input")
        action = self._call("res.partner", "action_hotel_view_stays", self.guest.ids)
        self.assertEqual(action["domain"], [("partner_id", "=", self.guest.id)])
        self.assertIs(self._call("hotel.crm.complaint", "action_mark_satisfied", self.complaints[:1].ids), True)
        self.assertTrue(self.complaints[0].guest_satisfied)
        self.assertFalse(self.complaints[1].satisfaction_date)
