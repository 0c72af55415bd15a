from datetime import date

from freezegun import freeze_time

from odoo.tests import tagged

from .common import CareCase


@tagged("post_install", "-at_install", "hotel_crm_care")
class TestCareReport(CareCase):
    """The in-stay check analysis on crafted stays: per property and month, checks done on time,
    issues found, and how those stays ended (survey CSAT, complaint resolved before departure)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.resolved_stage = cls.env.ref("hotel_crm.complaint_stage_followup")
        # property A, March 2026 (Shanghai): four first-stay guests arrive on 5 March at 16:00 local
        with freeze_time("2026-03-05 08:00:00"):
            cls.happy, cls.fixed, cls.late, cls.missed = (
                cls._booked(cls._guest(name), arrival=date(2026, 3, 5), nights=3)
                for name in ("Happy", "Fixed in Time", "Called Late", "Never Called")
            )
            (cls.happy | cls.fixed | cls.late | cls.missed).action_check_in()
        with freeze_time("2026-03-06 02:00:00"):  # 10:00 next morning: on time
            cls._check(cls.happy).with_user(cls.relations).action_satisfied()
            cls._check(cls.fixed).with_user(cls.relations).action_issue()
        with freeze_time("2026-03-06 06:00:00"):  # 14:00: late
            cls._check(cls.late).with_user(cls.relations).action_satisfied()
        with freeze_time("2026-03-07 09:00:00"):  # 17:00 on 7 March, before the departure on the 8th
            cls._check(cls.fixed).complaint_id.write({"stage_id": cls.resolved_stage.id})
        with freeze_time("2026-03-09 01:00:00"):
            (cls.happy | cls.fixed | cls.late | cls.missed).action_check_out()
            cls._answer_csat(cls.happy, 5)
            cls._answer_csat(cls.fixed, 4)
        # property B, April 2026 (Brussels): one issue resolved only after the departure day
        with freeze_time("2026-04-10 15:00:00"):
            cls.unresolved = cls._booked(
                cls._guest("Left Unhappy"), arrival=date(2026, 4, 10), nights=2, company=cls.property_b
            )
            cls.unresolved.action_check_in()
        with freeze_time("2026-04-11 08:00:00"):  # 10:00 in Brussels
            cls._check(cls.unresolved).with_user(cls.desk_b).action_issue()
        with freeze_time("2026-04-12 22:30:00"):  # 00:30 on 13 April in Brussels: the day after departure
            cls._check(cls.unresolved).complaint_id.write({"stage_id": cls.resolved_stage.id})

    @classmethod
    def _check(cls, stay):
        return cls.env["hotel.crm.stay.check"].search([("stay_id", "=", stay.id)])

    def _figures(self, company):
        Report = self.env["hotel.crm.stay.check.report"]
        groups = Report._read_group(
            [("company_id", "=", company.id)],
            ["date:month"],
            [
                "check_count:sum",
                "done_count:sum",
                "on_time_count:sum",
                "issue_count:sum",
                "resolved_count:sum",
                "surveyed_count:sum",
                "csat:avg",
                "on_time_pct:avg",
                "resolved_pct:avg",
            ],
        )
        return [(month.strftime("%Y-%m"), *values) for month, *values in groups]

    def test_per_property_and_month(self):
        self.assertEqual(
            self._figures(self.property_a),
            # 4 checks, 3 done, 2 on time (50 %), 1 issue resolved before departure, 2 stays surveyed (CSAT 4.5)
            [("2026-03", 4, 3, 2, 1, 1, 2, 4.5, 50.0, 100.0)],
        )
        self.assertEqual(
            self._figures(self.property_b),
            [("2026-04", 1, 1, 1, 1, 0, 0, False, 100.0, 0.0)],  # no survey answer: no CSAT
        )

    def test_rows_follow_the_checks(self):
        Report = self.env["hotel.crm.stay.check.report"]
        row = Report.search([("stay_id", "=", self.fixed.id)])
        self.assertEqual(
            (row.outcome, row.stay_state, row.complaint_id),
            ("issue", "checked_out", self._check(self.fixed).complaint_id),
        )
        self.assertEqual(row.date, date(2026, 3, 5), "the check-in day, property time")
        # a property's users see its rows only
        rows = Report.with_user(self.desk_b).search([])
        self.assertEqual(rows.company_id, self.property_b)
