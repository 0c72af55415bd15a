from datetime import datetime, timedelta

from odoo.tests import new_test_user, tagged

from .common import TrainingCommon

D = datetime(2026, 1, 1, 12, 0)  # end of the complaint course session the trained employee passed


@tagged("post_install", "-at_install", "hotel_crm_training")
class TestTrainingEffect(TrainingCommon):
    """Kirkpatrick level 4 on crafted complaints: the trained employee's complaint handling before and
    after their first passed complaint-handling course, next to colleagues not yet trained over the
    same calendar windows (60 days here)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["ir.config_parameter"].sudo().set_param("hotel_crm.training_effect_window_days", 60)
        a = cls.property_a
        Employee = cls.env["hr.employee"]

        def employee(login, name):
            user = new_test_user(
                cls.env, login=login, groups="base.group_user,hotel_crm.hotel_crm_group_user",
                company_id=a.id, company_ids=[(6, 0, a.ids)],
            )  # fmt: skip
            return Employee.create({"name": name, "user_id": user.id, "company_id": a.id})

        cls.trained = cls.emp_front  # T: passes at D
        cls.untrained = cls.emp_employee  # U: never trained
        cls.failed = employee("hc_eff_failed", "Failed Once")  # F: failed the course at D: still untrained
        cls.early = employee("hc_eff_early", "Trained Soon After")  # E: passes at D + 30, within the window
        cls.late = employee("hc_eff_late", "Trained Much Later")  # L: passes at D + 100, after the window
        cls._session(cls.course, D, cls.trained | cls.failed, scores={cls.trained: 80, cls.failed: 50})
        cls._session(cls.course, D + timedelta(days=30), cls.early, scores={cls.early: 90})
        cls._session(cls.course, D + timedelta(days=100), cls.late, scores={cls.late: 90})

        # guests: one comes back half a year later (every complaint of theirs is recovered), one never
        cls.guest_back = cls._guest("Comes Back")
        cls.guest_gone = cls._guest("Never Returns")
        cls._stay(
            cls.guest_back, (D + timedelta(days=200)).date(), (D + timedelta(days=202)).date(), state="checked_out"
        )
        C = cls.env["hotel.crm.complaint"]
        cls.complaints = {}

        def complaint(key, who, days, hours, satisfied, guest, company=a):
            received = D + timedelta(days=days)
            vals = {
                "name": key,
                "company_id": company.id,
                "partner_id": guest.id,
                "user_id": who.user_id.id,
                "date_received": received,
                "response_deadline": received + timedelta(hours=100),
                "resolution_deadline": received + timedelta(hours=24),
                "first_response_date": received + timedelta(hours=1),
            }
            if hours is not None:
                vals.update(resolved_date=received + timedelta(hours=hours), satisfaction_date=received + timedelta(
                    hours=hours + 24), guest_satisfied=satisfied)  # fmt: skip
            cls.complaints[key] = C.create(vals)

        T, U, F, E, L = cls.trained, cls.untrained, cls.failed, cls.early, cls.late
        back, gone = cls.guest_back, cls.guest_gone
        # trained, before: 10 h (met, satisfied, recovered), 30 h and 50 h (breached, unsatisfied)
        complaint("t_out_before", T, -70, 5, True, back)  # outside the 60-day window
        complaint("t1", T, -50, 10, True, back)
        complaint("t2", T, -40, 30, False, gone)
        complaint("t3", T, -30, 50, False, gone)
        # trained, after: 4, 6, 8 h (met, satisfied), 40 h (breached), one still open (breached)
        complaint("t4", T, 5, 4, True, back)
        complaint("t5", T, 10, 6, True, back)
        complaint("t6", T, 20, 8, True, gone)
        complaint("t7", T, 25, 40, False, back)
        complaint("t8", T, 30, None, False, gone)
        complaint("t_out_after", T, 61, 5, True, back)  # outside the window
        # not yet trained colleagues
        complaint("u1", U, -45, 20, True, gone)
        complaint("u2", U, -35, 40, False, gone)
        complaint("u3", U, 15, 22, True, gone)
        complaint("u4", U, 35, 26, False, back)
        complaint("u_elsewhere", U, 15, 2, True, gone, company=cls.property_b)  # not at the trained one's property
        complaint("f1", F, -20, 12, True, back)
        complaint("f2", F, 40, 30, False, gone)
        complaint("l1", L, 1, 5, True, gone)
        # trained within the after window: no control
        complaint("e1", E, -10, 1, True, gone)
        complaint("e2", E, 10, 1, True, gone)
        cls.Effect = cls.env["hotel.crm.training.effect.report"]

    def _keys(self, rows):
        return sorted(rows.complaint_id.mapped("name"))

    def test_rows_per_cohort_and_period(self):
        Effect = self.Effect.with_user(self.user_manager)
        rows = Effect.search([("anchor_employee_id", "=", self.trained.id)])

        def keys(cohort, period):
            return self._keys(rows.filtered(lambda r: r.cohort == cohort and r.period == period))

        self.assertEqual(keys("trained", "before"), ["t1", "t2", "t3"])
        self.assertEqual(keys("trained", "after"), ["t4", "t5", "t6", "t7", "t8"])
        self.assertEqual(keys("control", "before"), ["f1", "u1", "u2"], "failing the course is not being trained")
        self.assertEqual(
            keys("control", "after"),
            ["f2", "l1", "u3", "u4"],
            "trained 100 days later counts as not yet trained; trained 30 days later does not count",
        )
        self.assertEqual(set(rows.mapped("trained_date")), {D})
        anchors = Effect.search([]).anchor_employee_id
        self.assertEqual(anchors, self.trained | self.early | self.late, "every employee who passed is an anchor")

    def test_exact_figures_and_difference(self):
        effect = self.Effect.with_user(self.user_manager).hotel_training_effect(
            [("anchor_employee_id", "=", self.trained.id)]
        )
        trained, control, diff = effect["trained"], effect["control"], effect["difference"]
        expected = {
            # count, resolved, median hours, SLA %, satisfied %, recovered %
            ("trained", "before"): (3, 3, 30.0, 100 / 3, 100 / 3, 100 / 3),
            ("trained", "after"): (5, 4, 7.0, 60.0, 75.0, 75.0),
            ("control", "before"): (3, 3, 20.0, 200 / 3, 200 / 3, 100 / 3),
            ("control", "after"): (4, 4, 24.0, 50.0, 50.0, 25.0),
        }
        for (cohort, period), figures in expected.items():
            got = effect[cohort][period]
            actual = (
                got["count"],
                got["resolved"],
                got["median_resolution_hours"],
                got["sla_compliance"],
                got["satisfaction_rate"],
                got["recovery_rate"],
            )
            with self.subTest(cohort=cohort, period=period):
                self.assertEqual(actual[:2], figures[:2])
                for value, wanted in zip(actual[2:], figures[2:], strict=True):
                    self.assertAlmostEqual(value, wanted, places=6)
        self.assertEqual(effect["min_sample"], 5)
        self.assertEqual(
            [trained["before"]["small_sample"], trained["after"]["small_sample"]], [True, False], "3 < 5 <= 5"
        )
        self.assertTrue(control["after"]["small_sample"], "4 complaints")
        # (after - before) of the trained minus (after - before) of the others
        self.assertAlmostEqual(diff["median_resolution_hours"], (7 - 30) - (24 - 20))
        self.assertAlmostEqual(diff["sla_compliance"], (60 - 100 / 3) - (50 - 200 / 3))
        self.assertAlmostEqual(diff["satisfaction_rate"], (75 - 100 / 3) - (50 - 200 / 3))
        self.assertAlmostEqual(diff["recovery_rate"], (75 - 100 / 3) - (25 - 100 / 3))

    def test_summary_flags_small_samples_and_drills_down(self):
        Summary = self.env["hotel.crm.training.effect.summary"].with_user(self.user_manager)
        rows = Summary.search([("anchor_employee_id", "=", self.trained.id)])
        by_key = {(r.cohort, r.period): r for r in rows}
        self.assertEqual(set(by_key), {("trained", "before"), ("trained", "after"), ("control", "before"),
                                       ("control", "after")})  # fmt: skip
        after = by_key[("trained", "after")]
        self.assertEqual((after.nbr, after.median_resolution_hours, after.small_sample), (5, 7.0, False))
        self.assertEqual(by_key[("control", "after")].employee_count, 3, "U, F and L")
        self.assertTrue(by_key[("trained", "before")].small_sample)
        action = after.action_open_complaints()
        complaints = self.env["hotel.crm.complaint"].search(action["domain"])
        self.assertEqual(sorted(complaints.mapped("name")), ["t4", "t5", "t6", "t7", "t8"])

    def test_other_property_sees_nothing(self):
        rows = self.Effect.with_user(self.user_b).search([])
        self.assertFalse(rows, "the trained employee's property is not the other property manager's")
