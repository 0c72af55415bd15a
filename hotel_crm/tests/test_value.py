import ast
import math
from datetime import date, timedelta
from unittest.mock import patch

from freezegun import freeze_time

from odoo import Command, api, fields
from odoo.exceptions import AccessError, ValidationError
from odoo.tests import Form, TransactionCase, new_test_user, tagged
from odoo.tools import SQL

TODAY = date(2025, 6, 30)


class TestValueCommon(TransactionCase):
    """Guests of a fresh property, computed in isolation (``partner_ids``) so that demo data does not count."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True, mail_create_nolog=True))
        cls.company = cls.env["res.company"].create({"name": "Value Test Hotel"})
        cls.Partner = cls.env["res.partner"]
        cls.Stay = cls.env["hotel.crm.stay"]
        cls.ref_no = 0

    @classmethod
    def _guest(cls, name, stays=(), company=None, **vals):
        """Create a guest and its stays: ``stays`` = [(arrival, nights, revenue, state, extra vals)]."""
        guest = cls.Partner.create({"name": name, "hotel_guest": True, **vals})
        cls._stays(guest, stays, company=company)
        return guest

    @classmethod
    def _stays(cls, guest, stays, company=None):
        vals_list = []
        for stay in stays:
            arrival, nights, revenue = stay[:3]
            state = stay[3] if len(stay) > 3 else "checked_out"
            extra = stay[4] if len(stay) > 4 else {}
            cls.ref_no += 1
            vals_list.append(
                {
                    "partner_id": guest.id,
                    "company_id": (company or cls.company).id,
                    "external_ref": f"VT{cls.ref_no:06d}",
                    "arrival_date": arrival,
                    "departure_date": arrival + timedelta(days=nights),
                    "revenue_room": revenue,
                    "state": state,
                    **extra,
                }
            )
        return cls.Stay.with_context(hotel_no_preference_service=True).create(vals_list)

    def _recompute(self, partners, company=None, **kwargs):
        Partner = self.Partner.with_company(company or self.company)
        return Partner.hotel_recompute_value(partner_ids=partners.ids, **kwargs)

    def _segments(self, partners):
        return [p.hotel_value_segment for p in partners]


@tagged("post_install", "-at_install")
class TestValuePyramid(TestValueCommon):
    @freeze_time(TODAY)
    def test_one_guest_is_vip(self):
        guest = self._guest("Only One", [(TODAY - timedelta(days=10), 2, 800.0)])
        self._recompute(guest)
        self.assertEqual(guest.hotel_value_segment, "vip", "the top 1 % is at least one guest")
        self.assertEqual(guest.hotel_value_rank, 1)
        self.assertEqual(guest.hotel_value_revenue, 800.0)

    @freeze_time(TODAY)
    def test_seven_guests(self):
        # revenue 700, 600, ..., 100: VIP ceil(7 x 1 %) = 1, major up to ceil(7 x 20 %) = 2,
        # ordinary up to ceil(7 x 50 %) = 4, the other three small
        guests = self.Partner
        for i in range(7):
            guests |= self._guest(f"Guest {i}", [(TODAY - timedelta(days=30 + i), 1, 700.0 - 100 * i)])
        self._recompute(guests)
        self.assertEqual(self._segments(guests), ["vip", "major", "ordinary", "ordinary", "small", "small", "small"])
        self.assertEqual(guests.mapped("hotel_value_rank"), [1, 2, 3, 4, 5, 6, 7])

    @freeze_time(TODAY)
    def test_hundred_guests(self):
        vals = [{"name": f"Guest {i:03d}", "hotel_guest": True} for i in range(100)]
        guests = self.Partner.create(vals)
        stay_vals = [
            {
                "partner_id": guest.id,
                "company_id": self.company.id,
                "external_ref": f"H{i:03d}",
                "arrival_date": TODAY - timedelta(days=5 + i),
                "departure_date": TODAY - timedelta(days=4 + i),
                "revenue_room": 10000.0 - 50 * i,
                "state": "checked_out",
            }
            for i, guest in enumerate(guests)
        ]
        self.Stay.with_context(hotel_no_preference_service=True).create(stay_vals)
        self._recompute(guests)
        segments = self._segments(guests)
        self.assertEqual([segments.count(s) for s in ("vip", "major", "ordinary", "small", "none")], [1, 19, 30, 50, 0])
        self.assertEqual(segments, ["vip"] + ["major"] * 19 + ["ordinary"] * 30 + ["small"] * 50)

    @freeze_time(TODAY)
    def test_ties_broken_by_partner_id(self):
        first = self._guest("Tie A", [(TODAY - timedelta(days=20), 1, 500.0)])
        second = self._guest("Tie B", [(TODAY - timedelta(days=40), 1, 500.0)])
        self._recompute(first | second)
        # 2 guests: VIP = 1, major and ordinary cut-offs ceil(0.4) = ceil(1.0) = 1: the other is small
        self.assertEqual((first.hotel_value_rank, second.hotel_value_rank), (1, 2))
        self.assertEqual((first.hotel_value_segment, second.hotel_value_segment), ("vip", "small"))

    @freeze_time(TODAY)
    def test_what_does_not_count(self):
        day = TODAY - timedelta(days=30)
        payer = self._guest("Payer", [(day, 1, 100.0)])
        cancelled = self._guest("Cancelled", [(day, 1, 900.0, "cancelled")])
        no_show = self._guest("No Show", [(day, 1, 900.0, "no_show")])
        zero = self._guest("Zero Revenue", [(day, 1, 0.0)])
        outside = self._guest("Outside Window", [(TODAY - timedelta(days=400), 2, 5000.0)])
        in_house = self._guest("In House", [(TODAY - timedelta(days=1), 3, 900.0, "in_house")])
        prospect = self._guest("Prospect")
        mixed = self._guest("Mixed", [(day, 1, 50.0), (day + timedelta(days=5), 1, 9999.0, "cancelled")])
        guests = payer | cancelled | no_show | zero | outside | in_house | prospect | mixed
        self._recompute(guests)
        self.assertEqual(payer.hotel_value_segment, "vip")
        self.assertEqual(mixed.hotel_value_revenue, 50.0, "the cancelled stay's revenue does not count")
        self.assertEqual(mixed.hotel_value_segment, "small")
        for guest in cancelled | no_show | zero | outside | in_house | prospect:
            self.assertEqual(guest.hotel_value_segment, "none", f"{guest.name} has no revenue in the window")
            self.assertEqual(guest.hotel_value_revenue, 0.0)
            self.assertFalse(guest.hotel_value_rank)

    @freeze_time(TODAY)
    def test_configured_cut_offs_and_window(self):
        self.company.write(
            {
                "hotel_pyramid_vip_pct": 10,
                "hotel_pyramid_major_pct": 20,
                "hotel_pyramid_ordinary_pct": 30,
                "hotel_value_window_days": 60,
            }
        )
        guests = self.Partner
        for i in range(10):
            guests |= self._guest(f"Guest {i}", [(TODAY - timedelta(days=10 + i), 1, 1000.0 - 10 * i)])
        old = self._guest("Old", [(TODAY - timedelta(days=90), 1, 99999.0)])
        self._recompute(guests | old)
        self.assertEqual(self._segments(guests), ["vip"] + ["major"] * 2 + ["ordinary"] * 3 + ["small"] * 4)
        self.assertEqual(old.hotel_value_segment, "none", "90 days ago is outside a 60-day window")

    def test_settings_form(self):
        settings = Form(self.env["res.config.settings"].with_company(self.company))
        settings.hotel_value_window_days = 180
        settings.hotel_pyramid_vip_pct = 2
        settings.hotel_clv_margin_pct = 40
        settings.hotel_churn_days = 300
        settings.save().execute()
        self.assertEqual(self.company.hotel_value_window_days, 180)
        self.assertEqual(self.company.hotel_pyramid_vip_pct, 2)
        self.assertEqual(self.company.hotel_clv_margin_pct, 40)
        self.assertEqual(self.company.hotel_churn_days, 300)

    def test_settings_shares_over_100(self):
        with self.assertRaises(ValidationError):
            self.company.hotel_pyramid_ordinary_pct = 90

    def test_settings_empty_window(self):
        with self.assertRaises(ValidationError):
            self.company.hotel_value_window_days = 0


@tagged("post_install", "-at_install")
class TestValueRfm(TestValueCommon):
    @freeze_time(TODAY)
    def test_quintiles_and_segments(self):
        # (recency rank, frequency, monetary rank) per guest, each a permutation of 1..5
        plan = {
            "A": (5, 1, 2),  # recent, one stay: new
            "B": (1, 5, 5),  # frequent, gone quiet: at risk
            "C": (3, 4, 1),  # frequent, cheap: loyal
            "D": (4, 3, 4),  # potential
            "E": (2, 2, 3),  # hibernating
        }
        guests = {}
        for name, (recency, count, money) in plan.items():
            last = TODAY - timedelta(days=100 - 10 * recency)
            stays = [(last - timedelta(days=30 * k), 1, money * 1000.0 / count) for k in range(count)]
            guests[name] = self._guest(name, stays)
        self._recompute(self.Partner.browse([g.id for g in guests.values()]))
        self.assertEqual(
            {name: g.hotel_rfm_score for name, g in guests.items()},
            {"A": "512", "B": "155", "C": "341", "D": "434", "E": "223"},
        )
        self.assertEqual(
            {name: g.hotel_rfm_segment for name, g in guests.items()},
            {"A": "new", "B": "at_risk", "C": "loyal", "D": "potential", "E": "hibernating"},
        )

    @freeze_time(TODAY)
    def test_boundaries_and_ties(self):
        # stay counts 1, 1, 1, 1, 2, 3: the four one-stay guests tie and share the lowest score;
        # 2 stays rank 5th of 6 -> 1 + 5 x 4 // 6 = 4, 3 stays -> 5
        guests = self.Partner
        for i, count in enumerate([1, 1, 1, 1, 2, 3]):
            stays = [(TODAY - timedelta(days=20 + 40 * k + i), 1, 100.0) for k in range(count)]
            guests |= self._guest(f"F{i}", stays)
        no_stay = self._guest("Never Stayed")
        self._recompute(guests | no_stay)
        self.assertEqual(guests.mapped("hotel_rfm_frequency"), [1, 1, 1, 1, 4, 5])
        # recency: guest i's last stay is i days older -> scores 5 (most recent) down to 1
        self.assertEqual(guests.mapped("hotel_rfm_recency"), [5, 4, 3, 2, 1, 1])
        self.assertFalse(no_stay.hotel_rfm_score, "RFM is over guests with a checked-out stay only")
        self.assertFalse(no_stay.hotel_rfm_segment)

    @freeze_time(TODAY)
    def test_five_distinct_guests_get_111_to_555(self):
        guests = self.Partner
        for i in range(1, 6):
            stays = [(TODAY - timedelta(days=200 - 10 * i + 30 * k), 1, 100.0 * i) for k in range(i)]
            guests |= self._guest(f"Q{i}", stays)
        self._recompute(guests)
        self.assertEqual(guests.mapped("hotel_rfm_score"), ["111", "222", "333", "444", "555"])
        self.assertEqual(
            guests.mapped("hotel_rfm_segment"), ["lost", "hibernating", "potential", "champions", "champions"]
        )


@tagged("post_install", "-at_install")
class TestValueClv(TestValueCommon):
    @freeze_time(TODAY)
    def test_clv(self):
        guest = self._guest(
            "Valued", [(TODAY - timedelta(days=100), 2, 2000.0), (TODAY - timedelta(days=50), 1, 1650.0)]
        )
        self._recompute(guest)
        # 35 % x 3,650 a year x 3 years
        self.assertEqual(guest.hotel_annual_revenue, 3650.0)
        self.assertAlmostEqual(guest.hotel_clv, 3832.5, places=2)
        self.assertFalse(guest.hotel_retention_exceeds_clv)

        self.company.write({"hotel_value_window_days": 730, "hotel_clv_margin_pct": 50, "hotel_clv_years": 2})
        self._recompute(guest)
        # 3,650 over two years = 1,825 a year; 50 % x 1,825 x 2
        self.assertEqual(guest.hotel_annual_revenue, 1825.0)
        self.assertAlmostEqual(guest.hotel_clv, 1825.0, places=2)

    @freeze_time(TODAY)
    def test_retention_spend_exceeds_clv(self):
        cheap = self._guest("Cheap", [(TODAY - timedelta(days=20), 1, 100.0)])
        dear = self._guest("Dear", [(TODAY - timedelta(days=20), 1, 10000.0)])
        spend = [
            SQL("SELECT %s AS partner_id, 80::numeric AS amount", cheap.id),
            SQL("SELECT %s AS partner_id, 20::numeric AS amount", cheap.id),
            SQL("SELECT %s AS partner_id, 500::numeric AS amount", dear.id),
        ]
        with patch.object(type(self.Partner), "_hotel_retention_spend_queries", lambda self: spend):
            self._recompute(cheap | dear)
        # cheap: CLV 35 % x 100 x 3 = 105 < 100 spent? no: 100 < 105, not exceeded
        self.assertEqual(cheap.hotel_retention_spend, 100.0)
        self.assertAlmostEqual(cheap.hotel_clv, 105.0, places=2)
        self.assertFalse(cheap.hotel_retention_exceeds_clv)
        self.company.hotel_clv_years = 2  # CLV 70 < 100 spent
        with patch.object(type(self.Partner), "_hotel_retention_spend_queries", lambda self: spend):
            self._recompute(cheap | dear)
        self.assertTrue(cheap.hotel_retention_exceeds_clv)
        self.assertFalse(dear.hotel_retention_exceeds_clv)
        self.assertEqual(dear.hotel_retention_spend, 500.0)

    @freeze_time(TODAY)
    def test_retention_spend_from_complaints_and_rewards(self):
        """Real sources, no patch: complaint compensations in money and the rewards redeemed, each counted once.

        Points given away are not counted when granted: the part redeemed counts when redeemed,
        the part that expires never does.
        """
        self.env["ir.config_parameter"].sudo().set_param("hotel_crm.point_value", "0.05")
        guest = self._guest("Costly", [(TODAY - timedelta(days=20), 1, 100.0)])  # CLV 35 % x 100 x 3 = 105
        Complaint = self.env["hotel.crm.complaint"]
        Complaint.create(
            {"name": "Noisy room", "partner_id": guest.id, "company_id": self.company.id, "compensation_amount": 40}
        )
        self._recompute(guest)
        self.assertEqual(guest.hotel_retention_spend, 40.0)
        self.assertFalse(guest.hotel_retention_exceeds_clv)

        guest._hotel_points_grant(1200, reason="Welcome back", company_id=self.company.id)
        self._recompute(guest)
        self.assertEqual(guest.hotel_retention_spend, 40.0, "points granted cost nothing until they are redeemed")

        reward = self.env["hotel.crm.reward"].create({"name": "Spa voucher", "points_cost": 1000})
        guest.with_company(self.company)._hotel_points_redeem(reward)
        self.env["hotel.crm.points.move"].sudo().create(
            {
                "partner_id": guest.id,
                "move_type": "expire",
                "points": -200,
                "name": "Bonus expired",
                "company_id": self.company.id,
            }
        )
        self._recompute(guest)
        # 40 + 1,000 redeemed x 0.05: the 1,200 bonus points are not counted besides their
        # redemption, and the 200 that expired unused cost nothing
        self.assertAlmostEqual(guest.hotel_retention_spend, 90.0, places=2)
        self.assertFalse(guest.hotel_retention_exceeds_clv)

        Complaint.create(
            {"name": "No hot water", "partner_id": guest.id, "company_id": self.company.id, "compensation_amount": 30}
        )
        self._recompute(guest)
        self.assertAlmostEqual(guest.hotel_retention_spend, 120.0, places=2)
        self.assertTrue(guest.hotel_retention_exceeds_clv, "120 spent on a guest worth 105")


@tagged("post_install", "-at_install")
class TestValueLifecycle(TestValueCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.owner = new_test_user(cls.env, login="value_owner", groups="hotel_crm.hotel_crm_group_user")
        cls.relations = new_test_user(cls.env, login="value_relations", groups="hotel_crm.hotel_crm_group_manager")
        cls.company.hotel_guest_relations_user_id = cls.relations
        cls.retention_type = cls.env.ref("hotel_crm.mail_activity_type_hotel_retention")

    def _retention_activities(self, guest):
        return self.env["mail.activity"].search(
            [
                ("res_model", "=", "res.partner"),
                ("res_id", "=", guest.id),
                ("activity_type_id", "=", self.retention_type.id),
            ]
        )

    def _losses(self, guest):
        return self.env["hotel.crm.guest.loss"].search([("partner_id", "=", guest.id)])

    def _unclassified(self, guests):
        """Guests as an install or upgrade finds them: no life-cycle stage at all."""
        self.env.flush_all()
        self.env.cr.execute(
            "UPDATE res_partner SET hotel_lifecycle_stage = NULL, hotel_lifecycle_date = NULL WHERE id IN %s",
            [tuple(guests.ids)],
        )
        self.env.invalidate_all()

    def test_stages(self):
        with freeze_time(TODAY):
            day = TODAY - timedelta(days=40)
            prospect = self._guest("Prospect", [(TODAY + timedelta(days=10), 2, 0.0, "booked")])
            first = self._guest("First", [(day, 2, 300.0)])
            repeat = self._guest("Repeat", [(day - timedelta(days=300), 1, 100.0), (day, 1, 100.0)])
            loyal = self._guest("Loyal", [(TODAY - timedelta(days=5 + 20 * k), 1, 100.0) for k in range(3)])
            gap = self._guest(
                "Gap", [(TODAY - timedelta(days=200 + 30 * k), 1, 100.0) for k in range(3)]
            )  # every 30 days, silent for 199 days > 1.5 x 30
            churned = self._guest("Churned", [(TODAY - timedelta(days=500), 1, 100.0)])
            guests = prospect | first | repeat | loyal | gap | churned
            self._unclassified(guests)
            transitions = self._recompute(guests)
        self.assertEqual(
            guests.mapped("hotel_lifecycle_stage"), ["prospect", "first_stay", "repeat", "loyal", "at_risk", "churned"]
        )
        self.assertEqual(gap.hotel_usual_interval, 30.0)
        self.assertTrue(gap.hotel_churn_risk)
        self.assertFalse(loyal.hotel_churn_risk)
        self.assertEqual(guests.mapped("hotel_lifecycle_date"), [TODAY] * 6)
        # the first classification of guests without a stage (install, upgrade) is not a
        # transition: no activity, no loss record
        self.assertEqual(transitions, {"at_risk": [], "churned": [], "won_back": []})
        self.assertFalse(self._retention_activities(gap))
        self.assertFalse(self._losses(churned))

    def test_full_life_cycle_with_side_effects(self):
        guest = self._guest(
            "Cycle",
            [(date(2025, 1, 1), 1, 400.0), (date(2025, 1, 31), 1, 400.0), (date(2025, 3, 2), 1, 400.0)],
            user_id=self.owner.id,
        )
        with freeze_time("2025-03-10"):
            self._recompute(guest)
        self.assertEqual(guest.hotel_lifecycle_stage, "loyal")

        # 59 days since the last stay > 1.5 x 30: at risk, one activity for the account owner
        for day in ("2025-05-01", "2025-05-01", "2025-05-15", "2025-06-20"):
            with freeze_time(day):
                self._recompute(guest)
            self.assertEqual(guest.hotel_lifecycle_stage, "at_risk")
            activities = self._retention_activities(guest)
            self.assertEqual(len(activities), 1, f"exactly one retention activity after the run of {day}")
        self.assertEqual(activities.user_id, self.owner)
        self.assertEqual(guest.hotel_lifecycle_date, date(2025, 5, 1))

        # no stay for more than 365 days: churned, one loss record for guest relations to complete
        for day in ("2026-03-10", "2026-03-11"):
            with freeze_time(day):
                self._recompute(guest)
            self.assertEqual(guest.hotel_lifecycle_stage, "churned")
            loss = self._losses(guest)
            self.assertEqual(len(loss), 1, f"exactly one loss record after the run of {day}")
        self.assertEqual(loss.state, "open")
        self.assertEqual(loss.company_id, self.company)
        self.assertEqual(loss.user_id, self.relations)
        self.assertEqual(loss.last_stay_date, date(2025, 3, 2))
        loss.write({"reason": "competitor_offer", "competitor": "Lakeside Marriott"})
        loss.action_analysed()
        self.assertEqual(loss.state, "analysed")
        self.assertEqual(len(self._retention_activities(guest)), 1, "churning schedules no second retention call")

        # the guest stays again: won back, the loss record is closed
        self._stays(guest, [(date(2026, 4, 1), 2, 900.0)])
        with freeze_time("2026-04-05"):
            transitions = self._recompute(guest)
        self.assertEqual(transitions["won_back"], [guest.id])
        self.assertEqual(guest.hotel_lifecycle_stage, "won_back")
        self.assertEqual(loss.state, "won_back")
        self.assertEqual(loss.won_back_date, date(2026, 4, 5))
        self.assertEqual(loss.competitor, "Lakeside Marriott", "guest relations' analysis is kept")
        with freeze_time("2026-04-20"):
            self._recompute(guest)
        self.assertEqual(guest.hotel_lifecycle_stage, "won_back", "won back until the next stay")

        # the next stay makes a regular guest of them again
        self._stays(guest, [(date(2026, 5, 1), 1, 500.0)])
        with freeze_time("2026-05-05"):
            self._recompute(guest)
        self.assertEqual(guest.hotel_lifecycle_stage, "repeat")
        self.assertEqual(len(self._losses(guest)), 1)

    def test_new_at_risk_transition_new_activity(self):
        guest = self._guest(
            "Twice", [(date(2025, 1, 1), 1, 100.0), (date(2025, 1, 11), 1, 100.0)], user_id=self.owner.id
        )
        with freeze_time("2025-01-14"):
            self._recompute(guest)
        with freeze_time("2025-02-01"):
            self._recompute(guest)
        self.assertEqual(guest.hotel_lifecycle_stage, "at_risk")
        first = self._retention_activities(guest)
        self.assertEqual(len(first), 1)
        first.action_feedback(feedback="Called, booked again")
        self._stays(guest, [(date(2025, 2, 10), 1, 100.0)])
        with freeze_time("2025-02-12"):
            self._recompute(guest)
        self.assertEqual(guest.hotel_lifecycle_stage, "loyal")
        with freeze_time("2025-04-01"):
            self._recompute(guest)
        self.assertEqual(guest.hotel_lifecycle_stage, "at_risk")
        self.assertEqual(len(self._retention_activities(guest)), 1, "a new transition, a new activity")
        self.assertNotEqual(self._retention_activities(guest), first)

    def test_owner_falls_back_to_guest_relations(self):
        guest = self._guest("No Owner", [(date(2025, 1, 1), 1, 100.0), (date(2025, 1, 11), 1, 100.0)])
        with freeze_time("2025-01-14"):
            self._recompute(guest)
        with freeze_time("2025-02-01"):
            self._recompute(guest)
        self.assertEqual(self._retention_activities(guest).user_id, self.relations)

    def test_low_score_signal_makes_at_risk(self):
        guest = self._guest("Unhappy", [(date(2025, 6, 1), 1, 100.0), (date(2025, 6, 20), 1, 100.0)])
        with freeze_time(TODAY):
            self._recompute(guest)
            self.assertEqual(guest.hotel_lifecycle_stage, "repeat")
            signal = [SQL("SELECT %s AS partner_id", guest.id)]
            with patch.object(type(self.Partner), "_hotel_risk_signal_queries", lambda self, params: signal):
                self._recompute(guest)
        self.assertEqual(guest.hotel_lifecycle_stage, "at_risk")
        self.assertEqual(len(self._retention_activities(guest)), 1)

    def test_open_complaint_makes_at_risk(self):
        """A real unresolved complaint is a risk signal; resolving it lifts the risk."""
        guest = self._guest("Complaining", [(date(2025, 6, 1), 1, 100.0), (date(2025, 6, 20), 1, 100.0)])
        with freeze_time(TODAY):
            self._recompute(guest)
            self.assertEqual(guest.hotel_lifecycle_stage, "repeat")
            complaint = self.env["hotel.crm.complaint"].create(
                {
                    "name": "Noisy air conditioning",
                    "partner_id": guest.id,
                    "company_id": self.company.id,
                    "category_id": self.env.ref("hotel_crm.complaint_category_noise").id,
                    "severity": "medium",
                }
            )
            self._recompute(guest)
            self.assertEqual(guest.hotel_lifecycle_stage, "at_risk")
            self.assertEqual(len(self._retention_activities(guest)), 1)
            complaint.stage_id = self.env.ref("hotel_crm.complaint_stage_followup")
            self.assertTrue(complaint.resolved_date)
            self._recompute(guest)
        self.assertEqual(guest.hotel_lifecycle_stage, "repeat", "a resolved complaint is no longer a signal")
        self.assertFalse(guest.hotel_churn_risk)

    def test_cron_runs_one_activity_per_transition(self):
        """The nightly cron itself (all guests, incremental): one retention activity per at-risk transition."""
        guest = self._guest(
            "Nightly Risk", [(date(2025, 1, 1), 1, 100.0), (date(2025, 1, 11), 1, 100.0)], user_id=self.owner.id
        )
        Partner = self.env["res.partner"].with_company(self.company)
        with freeze_time("2025-01-14"):
            Partner._cron_hotel_recompute_value()
        self.assertEqual(guest.hotel_lifecycle_stage, "repeat")
        for day in ("2025-02-01", "2025-02-01", "2025-02-02", "2025-02-20"):
            with freeze_time(day):
                Partner._cron_hotel_recompute_value()
            self.assertEqual(guest.hotel_lifecycle_stage, "at_risk")
            self.assertEqual(len(self._retention_activities(guest)), 1, f"one activity after the run of {day}")
        first = self._retention_activities(guest)
        self.assertEqual(first.user_id, self.owner)
        first.action_feedback(feedback="Called, booked again")
        self._stays(guest, [(date(2025, 2, 22), 1, 100.0)])
        with freeze_time("2025-02-25"):
            Partner._cron_hotel_recompute_value()
        self.assertEqual(guest.hotel_lifecycle_stage, "loyal")
        for day in ("2025-04-20", "2025-04-21"):
            with freeze_time(day):
                Partner._cron_hotel_recompute_value()
            self.assertEqual(guest.hotel_lifecycle_stage, "at_risk")
            second = self._retention_activities(guest)
            self.assertEqual(len(second), 1, f"a new transition, one new activity (run of {day})")
        self.assertNotEqual(second, first)

    def test_stages_run_to_run(self):
        """One guest followed over the runs: prospect, first stay, repeat, loyal."""
        with freeze_time("2025-01-02"):
            guest = self._guest("Growing")
        self.assertEqual(guest.hotel_lifecycle_stage, "prospect", "a new guest is a prospect")
        expected = [
            ("2025-01-05", None, "prospect", "2025-01-02"),  # a prospect since created
            ("2025-01-15", date(2025, 1, 10), "first_stay", "2025-01-15"),
            ("2025-02-15", date(2025, 2, 10), "repeat", "2025-02-15"),
            ("2025-03-15", date(2025, 3, 10), "loyal", "2025-03-15"),
        ]
        for day, arrival, stage, since in expected:
            if arrival:
                self._stays(guest, [(arrival, 2, 300.0)])
            with freeze_time(day):
                transitions = self._recompute(guest)
            self.assertEqual(guest.hotel_lifecycle_stage, stage, f"after the run of {day}")
            self.assertEqual(str(guest.hotel_lifecycle_date), since, "the stage date is the day it was entered")
            self.assertEqual(transitions, {"at_risk": [], "churned": [], "won_back": []})
        self.assertFalse(self._retention_activities(guest))

    def test_churned_first_stay_guest(self):
        guest = self._guest("Once", [(date(2024, 1, 1), 1, 100.0)])
        with freeze_time("2024-06-01"):
            self._recompute(guest)
        self.assertEqual(guest.hotel_lifecycle_stage, "first_stay", "one stay: no usual interval, not at risk")
        with freeze_time("2025-01-10"):
            self._recompute(guest)
        self.assertEqual(guest.hotel_lifecycle_stage, "churned")
        self.assertEqual(len(self._losses(guest)), 1)

    def test_new_guest_with_old_history_churns_with_loss_record(self):
        """A guest created after the install (an import of an old history) is a prospect: churning
        is a transition, with its loss record. Only guests without any stage are classified silently."""
        with freeze_time(TODAY):
            history = [(TODAY - timedelta(days=800), 2, 500.0), (TODAY - timedelta(days=700), 1, 200.0)]
            imported = self._guest("Imported Long Ago", history)
            self.assertEqual(imported.hotel_lifecycle_stage, "prospect")
            self.assertEqual(imported.hotel_lifecycle_date, TODAY)
            before_install = self._guest("Before The Install", history)
            self._unclassified(before_install)
            transitions = self._recompute(imported | before_install)
        self.assertEqual(imported.hotel_lifecycle_stage, "churned")
        self.assertEqual(transitions["churned"], [imported.id])
        loss = self._losses(imported)
        self.assertEqual(len(loss), 1, "the new guest's churn opens a loss record")
        self.assertEqual((loss.state, loss.last_stay_date), ("open", TODAY - timedelta(days=700)))
        self.assertEqual(before_install.hotel_lifecycle_stage, "churned")
        self.assertFalse(self._losses(before_install), "a guest without a stage is classified silently")

    def test_contact_becoming_guest_is_prospect(self):
        contact = self.Partner.create({"name": "Just A Contact"})
        self.assertFalse(contact.hotel_lifecycle_stage, "contacts that are not guests have no stage")
        contact.hotel_guest = True
        self.assertEqual(contact.hotel_lifecycle_stage, "prospect")
        explicit = self.Partner.create({"name": "Migrated", "hotel_guest": True, "hotel_lifecycle_stage": False})
        self.assertFalse(explicit.hotel_lifecycle_stage, "an explicit empty stage is kept (silent migration)")

    def test_churned_guest_with_open_complaint_is_won_back(self):
        """A churned guest who stays again is won back even with an unresolved complaint; the loss
        record is closed, no retention activity is scheduled on that run."""
        guest = self._guest(
            "Returning", [(date(2024, 1, 1), 1, 100.0), (date(2024, 2, 1), 1, 100.0)], user_id=self.owner.id
        )
        with freeze_time("2024-02-10"):
            self._recompute(guest)
        with freeze_time("2025-03-01"):
            self._recompute(guest)
        self.assertEqual(guest.hotel_lifecycle_stage, "churned")
        loss = self._losses(guest)
        self.assertEqual((len(loss), loss.state), (1, "open"))
        with freeze_time("2025-03-05"):
            complaint = self.env["hotel.crm.complaint"].create(
                {
                    "name": "Nobody answered our e-mail",
                    "partner_id": guest.id,
                    "company_id": self.company.id,
                    "category_id": self.env.ref("hotel_crm.complaint_category_noise").id,
                    "severity": "medium",
                }
            )
        self._stays(guest, [(date(2025, 3, 10), 2, 300.0)])
        with freeze_time("2025-03-15"):
            transitions = self._recompute(guest)
        self.assertFalse(complaint.resolved_date, "the complaint is still open")
        self.assertEqual(transitions, {"at_risk": [], "churned": [], "won_back": [guest.id]})
        self.assertEqual(guest.hotel_lifecycle_stage, "won_back", "won back, not at risk")
        self.assertEqual(guest.hotel_lifecycle_date, date(2025, 3, 15))
        self.assertEqual((loss.state, loss.won_back_date), ("won_back", date(2025, 3, 15)))
        self.assertFalse(self._retention_activities(guest))
        # the next run applies the early warning as for any guest: the open complaint is a risk
        with freeze_time("2025-03-16"):
            self._recompute(guest)
        self.assertEqual(guest.hotel_lifecycle_stage, "at_risk")
        self.assertEqual(len(self._retention_activities(guest)), 1)
        self.assertEqual(loss.state, "won_back")

    @freeze_time(TODAY)
    def test_usual_interval_counts_arrival_dates_once(self):
        """Two rooms for the same arrival are one visit: no interval of 0 days, no false alarm."""
        day = TODAY - timedelta(days=20)
        two_rooms = self._guest("Two Rooms", [(day, 2, 300.0), (day, 2, 250.0)])
        # arrivals 70 and 40 days ago (twice): usual interval 30 days, 38 days since: not at risk
        # (counting the stays, not the dates, would make it 15 days and the guest at risk)
        family = self._guest(
            "Family",
            [
                (TODAY - timedelta(days=70), 1, 100.0),
                (TODAY - timedelta(days=40), 2, 100.0),
                (TODAY - timedelta(days=40), 2, 100.0),
            ],
        )
        transitions = self._recompute(two_rooms | family)
        self.assertEqual((two_rooms.hotel_lifecycle_stage, two_rooms.hotel_usual_interval), ("repeat", 0.0))
        self.assertFalse(two_rooms.hotel_churn_risk)
        self.assertEqual((family.hotel_lifecycle_stage, family.hotel_usual_interval), ("loyal", 30.0))
        self.assertEqual(transitions["at_risk"], [])

    def test_booked_or_in_house_guest_not_at_risk_nor_churned(self):
        """A guest with a booking to come or in the house is not leaving."""
        with freeze_time(TODAY):
            every_30_days = [(TODAY - timedelta(days=100 + 30 * k), 1, 100.0) for k in range(3)]
            booked = self._guest("Booked Again", [*every_30_days, (TODAY + timedelta(days=10), 2, 0.0, "booked")])
            in_house = self._guest("In The House", [*every_30_days, (TODAY - timedelta(days=1), 3, 0.0, "in_house")])
            silent = self._guest("Silent", every_30_days)
            # a booking whose arrival date passed without a check-in is no booking
            stale = self._guest("Stale Booking", [*every_30_days, (TODAY - timedelta(days=5), 1, 0.0, "booked")])
            long_ago = (TODAY - timedelta(days=500), 1, 100.0)
            long_gone = self._guest("Long Gone, Booked", [long_ago, (TODAY + timedelta(days=5), 1, 0.0, "booked")])
            guests = booked | in_house | silent | stale | long_gone
            transitions = self._recompute(guests)
        self.assertEqual(guests.mapped("hotel_lifecycle_stage"), ["loyal", "loyal", "at_risk", "at_risk", "first_stay"])
        self.assertEqual(transitions["at_risk"], (silent | stale).ids)
        self.assertEqual(transitions["churned"], [])
        self.assertFalse(self._retention_activities(booked) | self._retention_activities(in_house))
        self.assertFalse(self._losses(long_gone))

    def test_churned_guest_who_books_stays_churned_until_the_stay(self):
        guest = self._guest("Churned, Booking", [(date(2024, 1, 1), 1, 100.0)])
        with freeze_time("2024-01-10"):
            self._recompute(guest)
        with freeze_time("2025-03-01"):
            self._recompute(guest)
        self.assertEqual(guest.hotel_lifecycle_stage, "churned")
        stay = self._stays(guest, [(date(2025, 3, 20), 2, 400.0, "booked")])
        with freeze_time("2025-03-02"):
            self._recompute(guest)
        self.assertEqual(guest.hotel_lifecycle_stage, "churned", "a booking is not a stay yet")
        self.assertEqual(self._losses(guest).state, "open")
        stay.state = "checked_out"
        with freeze_time("2025-03-23"):
            self._recompute(guest)
        self.assertEqual(guest.hotel_lifecycle_stage, "won_back")
        self.assertEqual(self._losses(guest).state, "won_back")

    def test_loss_records_open_with_one_activity_batch(self):
        guests = self.Partner
        for i in range(3):
            guests |= self._guest(f"Lost {i}", [(date(2024, 1, 1 + i), 1, 100.0)])
        with freeze_time("2024-01-10"):
            self._recompute(guests)
        Activity = type(self.env["mail.activity"])
        original = Activity.create
        batches = []

        @api.model_create_multi
        def create(records, vals_list):
            batches.append(len(vals_list))
            return original(records, vals_list)

        with freeze_time("2025-03-01"), patch.object(Activity, "create", create):
            self._recompute(guests)
        losses = self.env["hotel.crm.guest.loss"].search([("partner_id", "in", guests.ids)])
        self.assertEqual(len(losses), 3)
        self.assertEqual(batches, [3], "the three to-dos are created by one create() call")
        self.assertEqual(losses.activity_ids.user_id, self.relations)
        self.assertEqual(
            sorted(losses.activity_ids.mapped("summary")),
            [f"Find out why Lost {i} stopped coming" for i in range(3)],
        )

    def test_funnel_and_loss_analysis_groupings(self):
        """The data behind Reporting > Life-cycle Funnel and Loss Analysis, as their views group it."""
        with freeze_time(TODAY):
            day = TODAY - timedelta(days=40)
            guests = (
                self._guest("Funnel Prospect")
                | self._guest("Funnel First", [(day, 2, 300.0)])
                | self._guest("Funnel Repeat", [(day - timedelta(days=300), 1, 100.0), (day, 1, 100.0)])
                | self._guest("Funnel Lost A", [(TODAY - timedelta(days=500), 1, 1000.0)])
                | self._guest("Funnel Lost B", [(TODAY - timedelta(days=450), 1, 2000.0)])
                | self._guest("Funnel Lost C", [(TODAY - timedelta(days=400), 1, 4000.0)])
            )
            self._recompute(guests)
        funnel_action = self.env.ref("hotel_crm.hotel_crm_lifecycle_funnel_action")
        domain = [("id", "in", guests.ids), *ast.literal_eval(funnel_action.domain)]
        funnel = dict(self.Partner._read_group(domain, ["hotel_lifecycle_stage"], ["__count"]))
        self.assertEqual(funnel, {"prospect": 1, "first_stay": 1, "repeat": 1, "churned": 3})
        pivot = self.Partner._read_group(
            domain, ["hotel_lifecycle_stage", "hotel_value_segment"], ["__count", "hotel_value_revenue:sum"]
        )
        self.assertIn(("churned", "none", 3, 0.0), pivot, "lost guests have no revenue in the window")

        lost = guests.filtered(lambda g: g.hotel_lifecycle_stage == "churned")
        losses = self.env["hotel.crm.guest.loss"].search([("partner_id", "in", lost.ids)], order="id")
        self.assertEqual(len(losses), 3)
        analysis = [
            ("competitor_offer", "Lakeside Marriott", 1000.0),
            ("competitor_offer", "Hyatt Regency", 2000.0),
            ("service", "Lakeside Marriott", 4000.0),
        ]
        for loss, (reason, competitor, revenue) in zip(losses, analysis):
            loss.write({"reason": reason, "competitor": competitor, "revenue_lost": revenue})
        Loss = self.env["hotel.crm.guest.loss"]
        loss_domain = [("partner_id", "in", lost.ids)]
        by_reason = Loss._read_group(loss_domain, ["reason"], ["__count", "revenue_lost:sum"])
        self.assertEqual(sorted(by_reason), [("competitor_offer", 2, 3000.0), ("service", 1, 4000.0)])
        by_competitor = Loss._read_group(loss_domain, ["competitor"], ["__count", "revenue_lost:sum"])
        self.assertEqual(sorted(by_competitor), [("Hyatt Regency", 1, 2000.0), ("Lakeside Marriott", 2, 5000.0)])
        pivot = Loss._read_group(loss_domain, ["reason", "competitor"], ["revenue_lost:sum"])
        self.assertEqual(
            sorted(pivot),
            [
                ("competitor_offer", "Hyatt Regency", 2000.0),
                ("competitor_offer", "Lakeside Marriott", 1000.0),
                ("service", "Lakeside Marriott", 4000.0),
            ],
        )


@tagged("post_install", "-at_install")
class TestValueAccess(TestValueCommon):
    """Value and life-cycle figures are internal: hotel staff read them, guests on the portal do not."""

    def test_portal_guest_cannot_read_value_of_own_partner(self):
        portal = new_test_user(self.env, login="value_portal", groups="base.group_portal", name="Portal Guest")
        partner = portal.partner_id
        partner.hotel_guest = True
        self._stays(partner, [(date.today() - timedelta(days=10), 2, 900.0)])
        self._recompute(partner)
        self.assertTrue(partner.hotel_clv)
        as_portal = partner.with_user(portal)
        self.assertEqual(as_portal.read(["name"])[0]["name"], "Portal Guest", "the guest reads their own contact")
        for fname in ("hotel_clv", "hotel_value_segment", "hotel_rfm_score", "hotel_lifecycle_stage"):
            with self.assertRaises(AccessError, msg=f"{fname} is not for the portal"):
                as_portal.read([fname])
        self.assertNotIn("hotel_clv", as_portal.fields_get(), "the portal does not even see the field")
        staff = new_test_user(self.env, login="value_staff", groups="hotel_crm.hotel_crm_group_user")
        self.assertEqual(partner.with_user(staff).hotel_clv, partner.hotel_clv)

    def test_recompute_is_for_managers_and_the_cron(self):
        """hotel_recompute_value() is public over RPC and writes every guest: refused to others."""
        partner = self.env["res.partner"].create({"name": "Recompute Target", "hotel_guest": True})
        self._stays(partner, [(date.today() - timedelta(days=10), 2, 900.0)])
        staff = new_test_user(self.env, login="value_staff_rpc", groups="hotel_crm.hotel_crm_group_user")
        portal = new_test_user(self.env, login="value_portal_rpc", groups="base.group_portal")
        for user in (staff, portal):
            with self.subTest(user=user.login), self.assertRaisesRegex(AccessError, "Only Hotel CRM managers"):
                self.env["res.partner"].with_user(user).hotel_recompute_value(partner_ids=partner.ids)
        self.assertFalse(partner.hotel_value_segment in ("vip", "major", "ordinary", "small"), "nothing computed")
        manager = new_test_user(self.env, login="value_manager_rpc", groups="hotel_crm.hotel_crm_group_manager")
        self.env["res.partner"].with_user(manager).hotel_recompute_value(partner_ids=partner.ids)
        self.assertEqual(partner.hotel_value_segment, "vip", "the only guest in scope with revenue")


@tagged("post_install", "-at_install")
class TestValueInferredPreferences(TestValueCommon):
    @freeze_time(TODAY)
    def test_inferred_from_last_three_stays(self):
        categories = {
            c.code: c
            for c in self.env["hotel.crm.preference.category"].search([("code", "in", ("room_type", "bed", "floor"))])
        }
        day = TODAY - timedelta(days=200)
        suite, king, lake = "Executive Suite", "Deluxe King", "Lake View King"
        guest = self._guest(
            "Habits",
            [
                # oldest: not among the last three
                (day, 1, 100.0, "checked_out", {"room_type": suite, "bed_type": "Twin beds", "room_number": "0805"}),
                (day + timedelta(days=30), 1, 100.0, "checked_out", {"room_type": suite, "room_number": "1203"}),
                (day + timedelta(days=60), 1, 100.0, "checked_out",
                 {"room_type": king, "bed_type": "King bed", "room_number": "1208"}),
                (day + timedelta(days=90), 1, 100.0, "checked_out",
                 {"room_type": king.lower(), "bed_type": "King bed", "room_number": "0310"}),
                # cancelled stays are no habit
                (day + timedelta(days=95), 1, 100.0, "cancelled", {"room_type": lake, "bed_type": "Twin beds"}),
                (day + timedelta(days=96), 1, 100.0, "cancelled", {"room_type": lake, "bed_type": "Twin beds"}),
            ],
        )  # fmt: skip
        stated = self.env["hotel.crm.preference"].create(
            {"partner_id": guest.id, "category_id": categories["room_type"].id, "value": "DELUXE KING"}
        )
        self._recompute(guest)
        self._recompute(guest, full=True)
        prefs = guest.hotel_preference_ids
        self.assertEqual(
            sorted((p.category_id.code, p.value, p.source) for p in prefs),
            [("bed", "King bed", "inferred"), ("floor", "12", "inferred"), ("room_type", "DELUXE KING", "stated")],
            "bed and floor repeated in 2 of the last 3 stays are inferred; the stated room type is not duplicated",
        )
        self.assertEqual(stated.source, "stated")

    def test_cron_infers_only_where_stays_changed(self):
        """The nightly cron looks only at guests whose stays were written since its last run;
        the manager's full recompute looks at every guest."""
        day = date.today() - timedelta(days=60)
        habit = {"room_type": "Garden Suite"}
        stays = [(day, 1, 100.0, "checked_out", habit), (day + timedelta(days=20), 1, 100.0, "checked_out", habit)]
        changed, unchanged = self._guest("Changed", stays), self._guest("Unchanged", stays)
        self.env.flush_all()
        # both histories are old news: written two days ago, before the last nightly run
        self.env.cr.execute(
            "UPDATE hotel_crm_stay SET write_date = now() - interval '2 days' WHERE partner_id IN %s",
            [(changed.id, unchanged.id)],
        )
        self.env.invalidate_all()
        last_run = fields.Datetime.to_string(fields.Datetime.now() - timedelta(days=1))
        self.env["ir.config_parameter"].sudo().set_param("hotel_crm.value_last_run", last_run)

        def inferred(guest):
            return (
                self.env["hotel.crm.preference"]
                .search([("partner_id", "=", guest.id), ("source", "=", "inferred")])
                .mapped("value")
            )

        Partner = self.env["res.partner"].with_company(self.company)
        Partner._cron_hotel_recompute_value()
        self.assertEqual((inferred(changed), inferred(unchanged)), ([], []), "no stay written since the last run")
        self.Stay.search([("partner_id", "=", changed.id)], limit=1).room_number = "0512"
        Partner._cron_hotel_recompute_value()
        self.assertEqual(inferred(changed), ["Garden Suite"], "a stay written since the last run: inferred")
        self.assertEqual(inferred(unchanged), [], "the cron does not look at unchanged guests")
        Partner.hotel_recompute_value(full=True)
        self.assertEqual(inferred(unchanged), ["Garden Suite"], "the full recompute looks at every guest")
        self.assertEqual(inferred(changed), ["Garden Suite"], "and proposes nothing twice")

    @freeze_time(TODAY)
    def test_declined_proposal_not_proposed_again(self):
        day = TODAY - timedelta(days=50)
        guest = self._guest(
            "Declines",
            [(day + timedelta(days=k), 1, 100.0, "checked_out", {"bed_type": "Twin beds"}) for k in (0, 10)],
        )
        self._recompute(guest)
        inferred = guest.hotel_preference_ids.filtered(lambda p: p.source == "inferred")
        self.assertEqual(inferred.mapped("value"), ["Twin beds"])
        inferred.active = False
        self._recompute(guest, full=True)
        self.assertFalse(guest.hotel_preference_ids, "an archived (declined) proposal is not made again")


@tagged("post_install", "-at_install")
class TestValueMultiCompany(TestValueCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company_b = cls.env["res.company"].create({"name": "Value Test Resort", "hotel_value_window_days": 30})

    @freeze_time(TODAY)
    def test_stays_of_all_properties_settings_of_the_company(self):
        guest = self._guest("Traveller", [(TODAY - timedelta(days=100), 1, 300.0)])
        self._stays(guest, [(TODAY - timedelta(days=10), 1, 200.0)], company=self.company_b)
        self._recompute(guest)
        self.assertEqual(guest.hotel_value_revenue, 500.0, "stays of every property count, with A's 365-day window")
        self.assertEqual(guest.hotel_value_stay_count, 2)
        self._recompute(guest, company=self.company_b)
        self.assertEqual(guest.hotel_value_revenue, 200.0, "B's 30-day window")

    def test_loss_records_per_property(self):
        guest = self._guest("Gone", [(date(2024, 1, 1), 1, 100.0), (date(2024, 2, 1), 1, 100.0)])
        with freeze_time("2024-02-10"):
            self._recompute(guest, company=self.company_b)
        with freeze_time("2025-06-01"):
            self._recompute(guest, company=self.company_b)
        loss = self._losses_sudo(guest)
        self.assertEqual(loss.company_id, self.company_b)
        user_a = new_test_user(
            self.env,
            login="value_user_a",
            groups="hotel_crm.hotel_crm_group_manager",
            company_id=self.company.id,
            company_ids=[Command.set(self.company.ids)],
        )
        user_b = new_test_user(
            self.env,
            login="value_user_b",
            groups="hotel_crm.hotel_crm_group_manager",
            company_id=self.company_b.id,
            company_ids=[Command.set(self.company_b.ids)],
        )
        Loss = self.env["hotel.crm.guest.loss"]
        self.assertFalse(Loss.with_user(user_a).search([("partner_id", "=", guest.id)]))
        self.assertEqual(Loss.with_user(user_b).search([("partner_id", "=", guest.id)]), loss)

    def _losses_sudo(self, guest):
        return self.env["hotel.crm.guest.loss"].search([("partner_id", "=", guest.id)])


@tagged("post_install", "-at_install")
class TestValueRecompute(TestValueCommon):
    @freeze_time(TODAY)
    def test_cron_computes_all_guests(self):
        guest = self._guest("Nightly", [(TODAY - timedelta(days=3), 1, 250.0)])
        prospect = self._guest("Nightly Prospect")
        self.env["res.partner"]._cron_hotel_recompute_value()
        self.assertTrue(guest.hotel_value_segment in ("vip", "major", "ordinary", "small"))
        self.assertEqual(guest.hotel_value_revenue, 250.0)
        self.assertEqual(guest.hotel_lifecycle_stage, "first_stay")
        self.assertEqual(prospect.hotel_value_segment, "none")
        self.assertEqual(prospect.hotel_lifecycle_stage, "prospect")
        param = self.env["ir.config_parameter"].get_param("hotel_crm.value_last_run")
        self.assertTrue(param)

    @freeze_time(TODAY)
    def test_stay_aggregates_repaired(self):
        guest = self._guest("Drifted", [(TODAY - timedelta(days=3), 2, 250.0), (TODAY - timedelta(days=9), 1, 50.0)])
        self.env.flush_all()
        self.env.cr.execute(
            "UPDATE res_partner SET hotel_stay_count = 7, hotel_revenue_total = 1 WHERE id = %s", [guest.id]
        )
        self.env.invalidate_all()
        self.assertEqual(guest.hotel_stay_count, 7)
        self._recompute(guest, full=True)
        self.assertEqual(guest.hotel_stay_count, 2)
        self.assertEqual(guest.hotel_nights_total, 3)
        self.assertEqual(guest.hotel_revenue_total, 300.0)

    @freeze_time(TODAY)
    def test_unchanged_guests_not_rewritten(self):
        guest = self._guest("Stable", [(TODAY - timedelta(days=3), 1, 250.0)])
        self._recompute(guest)
        self.env.cr.execute("SELECT xmin::text FROM res_partner WHERE id = %s", [guest.id])
        before = self.env.cr.fetchone()[0]
        self.env.cr.execute("SAVEPOINT value_xmin")  # a new (sub)transaction id for any new row version
        self._recompute(guest, full=True)
        self.env.cr.execute("SELECT xmin::text FROM res_partner WHERE id = %s", [guest.id])
        self.assertEqual(self.env.cr.fetchone()[0], before, "a guest whose value did not change is not written")

    def test_manager_only(self):
        user = new_test_user(self.env, login="value_front", groups="hotel_crm.hotel_crm_group_user")
        with self.assertRaises(AccessError):
            self.env["res.partner"].with_user(user).action_hotel_recompute_value()
        manager = new_test_user(self.env, login="value_manager", groups="hotel_crm.hotel_crm_group_manager")
        action = self.env["res.partner"].with_user(manager).action_hotel_recompute_value()
        self.assertEqual(action["tag"], "display_notification")

    @freeze_time(TODAY)
    def test_pyramid_report_matches_guests(self):
        guests = self.Partner
        for i in range(10):
            guests |= self._guest(f"Report {i}", [(TODAY - timedelta(days=3 + i), 1, 100.0 * (10 - i))])
        self.env["res.partner"].with_company(self.company).hotel_recompute_value()
        report = self.env["hotel.crm.value.pyramid.report"].search([])
        by_segment = {r.segment: r for r in report}
        self.env.cr.execute(
            """SELECT hotel_value_segment, count(*), sum(hotel_value_revenue) FROM res_partner
                WHERE hotel_guest AND hotel_value_segment IS NOT NULL GROUP BY 1"""
        )
        expected = {seg: (count, float(revenue)) for seg, count, revenue in self.env.cr.fetchall()}
        self.assertEqual({s: (r.guest_count, r.revenue) for s, r in by_segment.items()}, expected)
        with_revenue = report.filtered(lambda r: r.segment != "none")
        self.assertAlmostEqual(sum(with_revenue.mapped("guest_share")), 100.0, places=6)
        self.assertAlmostEqual(with_revenue.sorted("sequence")[-1].cumulative_revenue_share, 100.0, places=6)
        # the top 20 % (rounded up) of the guests with revenue are VIP or major
        n = sum(with_revenue.mapped("guest_count"))
        self.assertAlmostEqual(by_segment["major"].cumulative_guest_share, 100.0 * math.ceil(n * 0.2) / n, places=6)
        top = self.Partner.search([("hotel_guest", "=", True), ("hotel_value_segment", "in", ("vip", "major"))])
        share = 100 * sum(top.mapped("hotel_value_revenue")) / sum(with_revenue.mapped("revenue"))
        self.assertAlmostEqual(by_segment["major"].cumulative_revenue_share, share, places=6)
        self.assertEqual(guests[0].hotel_value_revenue, 1000.0)
