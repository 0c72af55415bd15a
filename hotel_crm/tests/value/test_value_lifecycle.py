import ast
from datetime import date, timedelta
from unittest.mock import patch

from freezegun import freeze_time

from odoo import api
from odoo.tests import new_test_user, tagged
from odoo.tools import SQL

from ..common import TODAY, TestValueCommon


@tagged("post_install", "-at_install", "hotel_crm_value")
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
        # each stage dated the day the stay history says it was entered, not the day of the run
        days_ago = [(TODAY - d).days for d in guests.mapped("hotel_lifecycle_date")]
        self.assertEqual(
            days_ago,
            [
                0,  # a prospect: today
                40,  # the first arrival
                40,  # the second visit
                5,  # the last arrival made the third stay of the year
                153,  # the day after 1.5 x 30 days (45) since the last departure (199 days ago)
                133,  # the day after 365 days since the last departure (499 days ago)
            ],
        )
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
        # at risk since the first day beyond 1.5 x 30 days after the last departure (2025-03-03)
        self.assertEqual(guest.hotel_lifecycle_date, date(2025, 4, 18))

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
            # entered on the arrival of the stay that made the stage, not on the run's day
            ("2025-01-15", date(2025, 1, 10), "first_stay", "2025-01-10"),
            ("2025-02-15", date(2025, 2, 10), "repeat", "2025-02-10"),
            ("2025-03-15", date(2025, 3, 10), "loyal", "2025-03-10"),
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
