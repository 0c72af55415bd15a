"""The KPI engine counts what the records say (Hypothesis).

For any generated set of stays (states, departures inside, before and after the month, two
properties in time zones on either side of UTC, channels, revenues), complaints (types, stages,
categories, received and resolved around the month's local midnights, deadlines, guests, archived)
and survey answers (done or not, test entries, CSAT / NPS / CES skipped or given, completed around
the local midnights), the snapshot of June 2025 holds, per property and group-wide, the counts and
sums that plain ORM searches and ``_read_group`` over the same records give; and adding records of
property B leaves the figures of property A as they were.

Each example runs in a savepoint rolled back after it; few examples, no deadline, no example
database on disk (the settings of ``trust/test_trust_properties.py``).
"""

import statistics
from contextlib import contextmanager
from datetime import date, datetime, timedelta

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from odoo import Command
from odoo.tests import tagged

from ...models.survey.metrics import NPS_DETRACTOR_MAX, NPS_PROMOTER_MIN
from ..common import HotelCrmCommon

EXAMPLES = settings(
    max_examples=20,
    deadline=None,
    database=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
DATE_FROM, DATE_TO = date(2025, 6, 1), date(2025, 6, 30)
# the previous period of the same length (retention): 2 to 31 May
PREV_FROM = DATE_FROM - timedelta(days=30)
STATES = ["booked", "in_house", "checked_out", "cancelled", "no_show"]
CHANNELS = ["direct", "website", "phone", "ota", "travel_agency", "corporate", "walk_in", "group"]
GUESTS = 3  # few guests: they come back, at either property
# A is 8 hours ahead of UTC (June starts on 31 May 16:00 UTC), B 7 hours behind (1 June 07:00 UTC)
TIME_ZONES = {"a": "Asia/Shanghai", "b": "America/Los_Angeles"}
MONTH_START = datetime(2025, 6, 1)
# UTC instants at and around the properties' midnights that open and close June and May
EDGES = [
    datetime(2025, 5, 31, 16),
    datetime(2025, 6, 30, 16),
    datetime(2025, 6, 1, 7),
    datetime(2025, 7, 1, 7),
    datetime(2025, 6, 1),
    datetime(2025, 7, 1),
]

# a departure day: anywhere from April to mid-July, or on the days where the periods turn
departure = st.one_of(
    st.integers(-65, 45).map(lambda days: DATE_FROM + timedelta(days=days)),
    st.sampled_from(
        [PREV_FROM - timedelta(days=1), PREV_FROM, DATE_FROM - timedelta(days=1), DATE_FROM, DATE_TO, date(2025, 7, 1)]
    ),
)
# a UTC instant: mostly in June, a few days either side, or one minute around a local midnight
instant = st.one_of(
    st.integers(-4 * 24 * 60, 34 * 24 * 60).map(lambda minutes: MONTH_START + timedelta(minutes=minutes)),
    st.tuples(st.sampled_from(EDGES), st.integers(-1, 1)).map(lambda e: e[0] + timedelta(minutes=e[1])),
)
stay_spec = st.fixed_dictionaries(
    {
        "company": st.sampled_from("ab"),
        "guest": st.integers(0, GUESTS - 1),
        "state": st.sampled_from(STATES),
        "departure": departure,
        "nights": st.integers(1, 5),
        "channel": st.sampled_from(CHANNELS),
        "revenue_room": st.integers(0, 3000),
        "revenue_fnb": st.integers(0, 500),
    }
)
complaint_spec = st.fixed_dictionaries(
    {
        "company": st.sampled_from("ab"),
        "feedback_type": st.sampled_from(["complaint", "complaint", "suggestion", "compliment"]),
        "stage": st.integers(0, 50),  # index into the stages, modulo their number
        "category": st.integers(-1, 50),  # -1: none, else index into the categories
        "received": instant,
        "resolved_after_hours": st.none() | st.integers(0, 500),
        "deadline_after_hours": st.none() | st.integers(1, 200),
        "guest": st.none() | st.integers(0, GUESTS - 1),
        "active": st.booleans() | st.just(True),
    }
)
answer_spec = st.fixed_dictionaries(
    {
        "company": st.sampled_from("ab"),
        "done": st.booleans() | st.just(True),
        "test_entry": st.booleans(),
        "end": instant,
        "csat": st.none() | st.integers(1, 5),
        "nps": st.none() | st.sampled_from(range(11)),
        "ces": st.none() | st.integers(1, 7),
    }
)
records = st.fixed_dictionaries(
    {
        "stays": st.lists(stay_spec, max_size=10),
        "complaints": st.lists(complaint_spec, max_size=5),
        "answers": st.lists(answer_spec, max_size=6),
    }
)
# the defaults of the hand-written edge case (TestKpiProperties.EDGE_CASE)
STAY = {
    "company": "a",
    "guest": 0,
    "state": "checked_out",
    "nights": 2,
    "channel": "direct",
    "revenue_room": 100,
    "revenue_fnb": 0,
}
COMPLAINT = {
    "company": "a",
    "feedback_type": "complaint",
    "stage": 0,
    "category": -1,
    "resolved_after_hours": None,
    "deadline_after_hours": None,
    "guest": 0,
    "active": True,
}
ANSWER = {
    "company": "a",
    "done": True,
    "test_entry": False,
    "end": datetime(2025, 6, 10),
    "csat": 5,
    "nps": None,
    "ces": None,
}


@tagged("post_install", "-at_install", "hotel_crm_kpi")
class TestKpiProperties(HotelCrmCommon):
    """Counts, sums and shares of the snapshot against ORM searches over the records behind them."""

    env_context = {**HotelCrmCommon.env_context, "mail_notrack": True, "mail_create_nolog": True}

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.property_a.hotel_tz = TIME_ZONES["a"]
        cls.property_b.hotel_tz = TIME_ZONES["b"]
        cls.companies = {"a": cls.property_a, "b": cls.property_b}
        cls.guests = cls.env["res.partner"].create(
            [{"name": f"KPI Property Guest {i}", "hotel_guest": True} for i in range(GUESTS)]
        )
        # closing a complaint asks for its judgement and cause first (checklist): the open stages
        cls.stages = cls.env["hotel.crm.complaint.stage"].search([("is_closed", "=", False)])
        cls.categories = cls.env["hotel.crm.complaint.category"].search([])
        cls.survey = cls.env.ref("hotel_crm.survey_post_stay")
        cls.questions = {
            metric: cls.env.ref(f"hotel_crm.survey_post_stay_q_{metric}") for metric in ("csat", "nps", "ces")
        }
        # the surveyed stays: booked in 2030, never one of June's stays; they give the answers their property
        cls.surveyed = {
            key: cls.Stay.create(
                {
                    "partner_id": cls.guests[0].id,
                    "company_id": company.id,
                    "external_ref": f"KPI-PROP-SURVEYED-{key}",
                    "arrival_date": "2030-01-01",
                    "departure_date": "2030-01-02",
                }
            )
            for key, company in cls.companies.items()
        }
        cls.ref_no = 0

    @contextmanager
    def _example(self):
        """One Hypothesis example: its records are rolled back at the end, its caches dropped."""
        savepoint = self.env.cr.savepoint()
        try:
            yield
        finally:
            savepoint.close(rollback=True)
            self.env.invalidate_all()

    # ------------------------------------------------------------------
    # The generated records
    # ------------------------------------------------------------------
    def _create(self, specs, company_keys):
        """Create the stays, complaints and answers of ``specs`` at the properties ``company_keys``."""
        stays = []
        for spec in specs["stays"]:
            if spec["company"] not in company_keys:
                continue
            self.ref_no += 1
            stays.append(
                {
                    "partner_id": self.guests[spec["guest"]].id,
                    "company_id": self.companies[spec["company"]].id,
                    "external_ref": f"KPI-PROP-{self.ref_no}",
                    "arrival_date": spec["departure"] - timedelta(days=spec["nights"]),
                    "departure_date": spec["departure"],
                    "state": spec["state"],
                    "channel": spec["channel"],
                    "revenue_room": spec["revenue_room"],
                    "revenue_fnb": spec["revenue_fnb"],
                }
            )
        self.Stay.with_context(hotel_no_preference_service=True).create(stays)
        complaints = []
        for spec in specs["complaints"]:
            if spec["company"] not in company_keys:
                continue
            received = spec["received"]
            resolved, deadline = spec["resolved_after_hours"], spec["deadline_after_hours"]
            complaints.append(
                {
                    "name": "Generated complaint",
                    "company_id": self.companies[spec["company"]].id,
                    "feedback_type": spec["feedback_type"],
                    "stage_id": self.stages[spec["stage"] % len(self.stages)].id,
                    "category_id": self.categories[spec["category"] % len(self.categories)].id
                    if spec["category"] >= 0 and self.categories
                    else False,
                    "date_received": received,
                    "resolved_date": received + timedelta(hours=resolved) if resolved is not None else False,
                    "resolution_deadline": received + timedelta(hours=deadline) if deadline is not None else False,
                    "partner_id": self.guests[spec["guest"]].id if spec["guest"] is not None else False,
                    "active": spec["active"],
                }
            )
        self.env["hotel.crm.complaint"].create(complaints)
        for spec in specs["answers"]:
            if spec["company"] not in company_keys:
                continue
            answer = (
                self.env["survey.user_input"]
                .sudo()
                .create(
                    {
                        "survey_id": self.survey.id,
                        "partner_id": self.guests[0].id,
                        "hotel_stay_id": self.surveyed[spec["company"]].id,
                        "test_entry": spec["test_entry"],
                        "user_input_line_ids": [
                            Command.create(
                                {
                                    "question_id": question.id,
                                    "answer_type": "scale",
                                    "value_scale": spec[metric],
                                }
                            )
                            for metric, question in self.questions.items()
                            if spec[metric] is not None
                        ],
                    }
                )
            )
            if spec["done"]:
                answer.write({"state": "done", "end_datetime": spec["end"]})

    # ------------------------------------------------------------------
    # What the records say, through the ORM
    # ------------------------------------------------------------------
    def _bounds(self, company):
        """The UTC instants at which June begins and ends at ``company``."""
        return company._hotel_day_start(DATE_FROM), company._hotel_day_start(DATE_TO + timedelta(days=1))

    def _in_june(self, company, when):
        start, end = self._bounds(company)
        return bool(when) and start <= when < end

    def _expected(self, companies):
        """``{code: (value, sample_size)}`` of the KPIs compared, from searches over the records."""
        Stay = self.env["hotel.crm.stay"].with_context(active_test=False)
        done = [("state", "=", "checked_out"), ("company_id", "in", companies.ids)]
        june = Stay._read_group(
            [*done, ("departure_date", ">=", DATE_FROM), ("departure_date", "<=", DATE_TO)],
            ["partner_id"],
            ["__count", "revenue_total:sum"],
        )
        active = {partner.id for partner, _count, _revenue in june}
        stays = sum(count for _partner, count, _revenue in june)
        revenue = sum(revenue for _partner, _count, revenue in june)
        returning = {
            partner.id
            for (partner,) in Stay._read_group(
                [*done, ("departure_date", "<", DATE_FROM), ("partner_id", "in", list(active))], ["partner_id"]
            )
        }
        may = {
            partner.id
            for (partner,) in Stay._read_group(
                [*done, ("departure_date", ">=", PREV_FROM), ("departure_date", "<", DATE_FROM)], ["partner_id"]
            )
        }

        complaints = self.env["hotel.crm.complaint"].search(
            [("company_id", "in", companies.ids), ("feedback_type", "=", "complaint")]
        )
        received = complaints.filtered(lambda c: self._in_june(c.company_id, c.date_received))
        resolved = complaints.filtered(lambda c: self._in_june(c.company_id, c.resolved_date))
        with_deadline = resolved.filtered("resolution_deadline")
        in_time = with_deadline.filtered(lambda c: c.resolved_date <= c.resolution_deadline)
        with_guest = resolved.filtered("partner_id")
        hours = [(c.resolved_date - c.date_received).total_seconds() / 3600 for c in resolved]

        answers = (
            self.env["survey.user_input"]
            .sudo()
            .search([("state", "=", "done"), ("test_entry", "=", False), ("hotel_company_id", "in", companies.ids)])
            .filtered(lambda a: self._in_june(a.hotel_company_id, a.end_datetime))
        )
        scores = {
            metric: [s for s in answers.mapped(f"hotel_{metric}") if s is not False and s is not None]
            for metric in ("csat", "nps", "ces")
        }
        nps = scores["nps"]

        def share(part, whole, factor=100.0):
            return factor * part / whole if whole else None

        return {
            "stays": (stays, stays),
            "active_guests": (len(active), len(active)),
            "revenue": (revenue, len(active)),
            "revenue_per_guest": (share(revenue, len(active), 1.0), len(active)),
            "new_guests": (len(active - returning), len(active)),
            "repeat_rate": (share(len(returning), len(active)), len(active)),
            "retention_rate": (share(len(may & active), len(may)), len(may)),
            "complaints_per_100_stays": (share(len(received), stays), stays),
            "median_resolution_hours": (statistics.median(hours) if hours else None, len(resolved)),
            "sla_compliance": (share(len(in_time), len(with_deadline)), len(with_deadline)),
            "recovery_rate": (share(len(with_guest.filtered("recovered")), len(with_guest)), len(with_guest)),
            "csat_avg": (statistics.mean(scores["csat"]) if scores["csat"] else None, len(scores["csat"])),
            "ces_avg": (statistics.mean(scores["ces"]) if scores["ces"] else None, len(scores["ces"])),
            "nps": (
                share(
                    sum(1 for s in nps if s >= NPS_PROMOTER_MIN) - sum(1 for s in nps if s <= NPS_DETRACTOR_MAX),
                    len(nps),
                ),
                len(nps),
            ),
        }

    def _snapshot(self, company):
        """The snapshot of June at ``company`` computed by a manager (group-wide: ``False``, by the
        superuser, who sees every property); its figures by KPI code."""
        Snapshot = self.env["hotel.crm.kpi.snapshot"]
        if company:
            Snapshot = Snapshot.with_user(self.user_manager)
        return Snapshot.compute_snapshot(DATE_FROM, DATE_TO, company).hotel_kpi_values()

    def assertFiguresMatch(self, figures, expected, scope):
        for code, (value, sample) in expected.items():
            figure = figures[code]
            self.assertEqual(figure["sample_size"], sample, f"{scope}: sample of {code}")
            if value is None:
                self.assertIsNone(figure["value"], f"{scope}: {code} has nothing to measure")
            else:
                self.assertIsNotNone(figure["value"], f"{scope}: {code}")
                self.assertAlmostEqual(figure["value"], float(value), places=6, msg=f"{scope}: {code}")

    # the edges, whatever the generator draws: a guest back at A after a stay at B only (new at A),
    # a complaint resolved a minute before A's June, one resolved exactly at its deadline, NPS
    # answers on either side of the promoter and detractor bands, a test entry
    EDGE_CASE = {
        "stays": [
            dict(STAY, company="b", departure=date(2025, 5, 20)),
            dict(STAY, company="a", departure=DATE_FROM),
        ],
        "complaints": [
            dict(COMPLAINT, received=EDGES[0] - timedelta(minutes=1), resolved_after_hours=0),
            dict(COMPLAINT, received=datetime(2025, 6, 10), resolved_after_hours=5, deadline_after_hours=5),
        ],
        "answers": [dict(ANSWER, nps=nps) for nps in (9, 6, 7)] + [dict(ANSWER, test_entry=True, csat=1)],
    }

    @EXAMPLES
    @given(specs=records)
    @example(specs=EDGE_CASE)
    def test_figures_match_the_records(self, specs):
        with self._example():
            self._create(specs, "a")
            figures_a = self._snapshot(self.property_a)
            self.assertFiguresMatch(figures_a, self._expected(self.property_a), "A")
            self._create(specs, "b")
            self.assertEqual(self._snapshot(self.property_a), figures_a, "B's records leave A's figures as they were")
            self.assertFiguresMatch(self._snapshot(self.property_b), self._expected(self.property_b), "B")
            every = self.env["res.company"].search([])
            self.assertFiguresMatch(self._snapshot(False), self._expected(every), "group")
