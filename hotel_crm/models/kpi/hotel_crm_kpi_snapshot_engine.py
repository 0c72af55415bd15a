"""The KPI engine: every figure of a snapshot as a few set-based SQL statements.

:meth:`HotelCrmKpiSnapshot._hotel_kpi_figures` runs one statement per source (stays and guests,
life cycle, marketing spend, survey answers and invitations, reviews, complaints, arrivals,
training) over the properties of the snapshot; no loop over guests. Each source method returns
``{code: (value, sample_size, available)}``: ``value`` is ``None`` when there is nothing to
measure, ``available`` is ``False`` when the source does not exist (a module or room not
installed, campaigns not built yet), which the snapshot shows as "not available", never as 0.

Definitions (the README's *KPIs* section says the same):

- a period's stays are the checked-out stays departing in the period at the property (group-wide:
  at any property); active guests have at least one; new guests have their first checked-out stay
  at the property ever in the period (none departing before it); repeat rate = active guests
  with a checked-out stay departing before the period ÷ active guests;
- retention rate = active guests of the previous period of the same length (the same number of
  days just before) who are active in this period ÷ the previous period's active guests;
- churned guests = guests whose loss record (value room, opened when the life cycle turns them
  churned) is dated in the period, at the property;
- top-20 % revenue share = period revenue of the top ⌈20 % × active guests⌉ guests by period
  revenue (ties by guest id) ÷ total period revenue;
- revenue per active guest = period revenue ÷ active guests; profit contribution = each period
  stay's room, F&B and other revenue at the property's margins; average CLV = mean of the
  active guests' lifetime value (value room, as last recomputed); acquisition cost = marketing
  spend entered for the months of the period ÷ new guests;
- CSAT, NPS, CES by ``models/survey/metrics.py`` over the survey answers completed in the
  period; response rate = invitations sent in the period that were answered ÷ sent; review index
  = mean normalised rating (0-100) of the reviews published in the period;
- complaints per 100 stays = complaints received in the period ÷ period stays × 100; over the
  complaints resolved in the period: median hours from receipt to resolution, SLA compliance =
  resolved by the resolution deadline ÷ resolved with a deadline, recovery rate = recovered ÷
  resolved complaints of a known guest;
- personalised service = arrivals of the period (stays arrived, in house or checked out) whose
  stay carried the guest's preferences as arrival notes, whose *Prepare guest preferences*
  activity was marked done before the property's midnight of the arrival day ÷ those arrivals;
- training hours per employee = training hours credited for sessions held in the period ÷
  active employees of the property; pass rate = attendances that passed ÷ attendances of
  sessions held (done, attended) in the period;
- campaign responses and attributed revenue: from the campaign room's
  ``hotel_kpi_campaign_figures`` when it exists, else not available.
"""

from datetime import timedelta

from odoo import api, models
from odoo.tools import SQL

from ..survey.metrics import NPS_DETRACTOR_MAX, NPS_PROMOTER_MIN

TOP_SHARE_PCT = 20


def _num(value):
    return float(value) if value is not None else None


def _ratio(numerator, denominator, factor=100.0):
    return factor * float(numerator) / denominator if denominator else None


class HotelCrmKpiSnapshot(models.Model):
    _inherit = "hotel.crm.kpi.snapshot"

    @api.model
    def _hotel_kpi_figures(self, companies, date_from, date_to):
        """All figures of ``companies`` (one property, or all for the group) for the period.

        :return: ``{code: (value or None, sample_size, available)}``
        """
        ctx = self._hotel_kpi_context(companies, date_from, date_to)
        figures = {}
        for source in self._hotel_kpi_sources():
            figures.update(source(ctx))
        return figures

    def _hotel_kpi_sources(self):
        """The source methods, each ``method(ctx) -> {code: (value, sample, available)}``; extend to add KPIs."""
        return [
            self._hotel_kpi_guests,
            self._hotel_kpi_churn,
            self._hotel_kpi_acquisition,
            self._hotel_kpi_satisfaction,
            self._hotel_kpi_complaints,
            self._hotel_kpi_personalised,
            self._hotel_kpi_training,
            self._hotel_kpi_campaigns,
        ]

    @api.model
    def _hotel_kpi_context(self, companies, date_from, date_to):
        """The parameters every source reads.

        ``bounds`` is an SQL ``VALUES`` table ``(company_id, tz, start_utc, end_utc)``: each property's
        period as UTC datetimes cut at its own midnight, for the sources dated by a datetime.
        """
        days = (date_to - date_from).days + 1
        rows = [
            SQL(
                "(%s, %s, %s::timestamp, %s::timestamp)",
                company.id,
                company._hotel_tz_name(),
                company._hotel_day_start(date_from),
                company._hotel_day_start(date_to + timedelta(days=1)),
            )
            for company in companies
        ]
        return {
            "companies": tuple(companies.ids) or (0,),
            "date_from": date_from,
            "date_to": date_to,
            "prev_from": date_from - timedelta(days=days),
            "prev_to": date_from - timedelta(days=1),
            "bounds": SQL("(VALUES %s) AS b(company_id, tz, start_utc, end_utc)", SQL(", ").join(rows)),
            "stays": 0,
            "new_guests": 0,
        }

    def _hotel_query(self, query):
        self.env.cr.execute(query)
        return self.env.cr.fetchone()

    # ------------------------------------------------------------------
    # Stays and guests: one statement
    # ------------------------------------------------------------------
    def _hotel_kpi_guests(self, ctx):
        row = self._hotel_query(
            SQL(
                """
            WITH period AS (
                SELECT s.partner_id, count(*) AS n, sum(s.revenue_total) AS revenue,
                       sum((COALESCE(s.revenue_room, 0) * rc.hotel_margin_room_pct
                            + COALESCE(s.revenue_fnb, 0) * rc.hotel_margin_fnb_pct
                            + COALESCE(s.revenue_other, 0) * rc.hotel_margin_other_pct) / 100) AS profit
                  FROM hotel_crm_stay s
                  JOIN res_company rc ON rc.id = s.company_id
                 WHERE s.state = 'checked_out' AND s.company_id IN %(companies)s
                   AND s.departure_date BETWEEN %(date_from)s AND %(date_to)s
                 GROUP BY s.partner_id
            ), ranked AS (
                SELECT revenue, row_number() OVER (ORDER BY revenue DESC, partner_id) AS rnk, count(*) OVER () AS cnt
                  FROM period
            ), prev AS (
                SELECT DISTINCT s.partner_id
                  FROM hotel_crm_stay s
                 WHERE s.state = 'checked_out' AND s.company_id IN %(companies)s
                   AND s.departure_date BETWEEN %(prev_from)s AND %(prev_to)s
            )
            SELECT (SELECT count(*) FROM period),
                   (SELECT COALESCE(sum(n), 0) FROM period),
                   (SELECT sum(revenue) FROM period),
                   (SELECT sum(profit) FROM period),
                   (SELECT count(*) FROM period p
                     WHERE EXISTS (SELECT 1 FROM hotel_crm_stay s
                                    WHERE s.partner_id = p.partner_id AND s.state = 'checked_out'
                                      AND s.company_id IN %(companies)s AND s.departure_date < %(date_from)s)),
                   (SELECT count(*) FROM prev),
                   (SELECT count(*) FROM prev JOIN period USING (partner_id)),
                   (SELECT sum(revenue) FROM ranked WHERE rnk <= CEIL(cnt * %(top)s / 100.0)),
                   (SELECT avg(rp.hotel_clv) FROM period JOIN res_partner rp ON rp.id = period.partner_id
                     WHERE rp.hotel_clv IS NOT NULL),
                   (SELECT count(*) FROM period JOIN res_partner rp ON rp.id = period.partner_id
                     WHERE rp.hotel_clv IS NOT NULL)
            """,
                top=TOP_SHARE_PCT,
                **{k: ctx[k] for k in ("companies", "date_from", "date_to", "prev_from", "prev_to")},
            )
        )
        active, stays, revenue, profit, returning, prev, retained, top_revenue, clv_avg, clv_n = row
        revenue = _num(revenue)
        ctx["stays"] = stays
        ctx["new_guests"] = active - returning
        return {
            "stays": (stays, stays, True),
            "revenue": (revenue or 0.0, active, True),
            "active_guests": (active, active, True),
            "new_guests": (active - returning, active, True),
            "repeat_rate": (_ratio(returning, active), active, True),
            "retention_rate": (_ratio(retained, prev), prev, True),
            "top20_revenue_share": (_ratio(_num(top_revenue) or 0.0, revenue), active, True),
            "revenue_per_guest": (_ratio(revenue or 0.0, active, 1.0), active, True),
            "profit_contribution": (_num(profit) or 0.0, active, True),
            "clv_avg": (_num(clv_avg), clv_n, True),
        }

    def _hotel_kpi_churn(self, ctx):
        (churned,) = self._hotel_query(
            SQL(
                """
            SELECT count(DISTINCT partner_id) FROM hotel_crm_guest_loss
             WHERE company_id IN %s AND churn_date BETWEEN %s AND %s
            """,
                ctx["companies"],
                ctx["date_from"],
                ctx["date_to"],
            )
        )
        return {"churned_guests": (churned, churned, True)}

    def _hotel_kpi_acquisition(self, ctx):
        entries, spend = self._hotel_query(
            SQL(
                """
            SELECT count(*), sum(amount) FROM hotel_crm_marketing_spend
             WHERE company_id IN %s AND date BETWEEN %s AND %s
            """,
                ctx["companies"],
                ctx["date_from"].replace(day=1),
                ctx["date_to"],
            )
        )
        new = ctx["new_guests"]
        # no spend entered: nothing to divide (not a cost of 0)
        value = _ratio(_num(spend), new, 1.0) if entries else None
        return {"acquisition_cost": (value, new, True)}

    # ------------------------------------------------------------------
    # Satisfaction: survey answers, invitations, reviews (survey room)
    # ------------------------------------------------------------------
    def _hotel_kpi_satisfaction(self, ctx):
        codes = ("csat_avg", "nps", "ces_avg", "survey_response_rate", "review_index")
        Answer = self.env.get("survey.user_input")
        if (
            Answer is None
            or "hotel_csat" not in Answer._fields
            or "hotel.crm.survey.invitation" not in self.env
            or "hotel.crm.review" not in self.env
        ):
            return dict.fromkeys(codes, (None, 0, False))
        csat, n_csat, nps, n_nps, ces, n_ces = self._hotel_query(
            SQL(
                """
            SELECT avg(a.hotel_csat), count(a.hotel_csat),
                   100.0 * (count(*) FILTER (WHERE a.hotel_nps >= %(promoter)s)
                            - count(*) FILTER (WHERE a.hotel_nps <= %(detractor)s)) / NULLIF(count(a.hotel_nps), 0),
                   count(a.hotel_nps),
                   avg(a.hotel_ces), count(a.hotel_ces)
              FROM survey_user_input a
              JOIN %(bounds)s ON b.company_id = a.hotel_company_id
             WHERE a.state = 'done' AND NOT COALESCE(a.test_entry, FALSE)
               AND a.end_datetime >= b.start_utc AND a.end_datetime < b.end_utc
            """,
                promoter=NPS_PROMOTER_MIN,
                detractor=NPS_DETRACTOR_MAX,
                bounds=ctx["bounds"],
            )
        )
        sent, answered = self._hotel_query(
            SQL(
                """
            SELECT count(*), count(*) FILTER (WHERE i.answered)
              FROM hotel_crm_survey_invitation i
              JOIN %s ON b.company_id = i.company_id
             WHERE i.sent_date >= b.start_utc AND i.sent_date < b.end_utc
            """,
                ctx["bounds"],
            )
        )
        review_index, reviews = self._hotel_query(
            SQL(
                """
            SELECT avg(r.rating_normalized), count(*)
              FROM hotel_crm_review r
              JOIN %s ON b.company_id = r.company_id
             WHERE r.date >= b.start_utc AND r.date < b.end_utc
            """,
                ctx["bounds"],
            )
        )
        return {
            "csat_avg": (_num(csat), n_csat, True),
            "nps": (_num(nps), n_nps, True),
            "ces_avg": (_num(ces), n_ces, True),
            "survey_response_rate": (_ratio(answered, sent), sent, True),
            "review_index": (_num(review_index), reviews, True),
        }

    # ------------------------------------------------------------------
    # Complaints (complaint room)
    # ------------------------------------------------------------------
    @api.model
    def _hotel_kpi_complaint_domain_sql(self):
        """The condition on ``hotel_crm_complaint c`` of what counts as a complaint for the KPIs.

        Feedback that is not a complaint (suggestions, compliments: ``feedback_type``, where that
        field exists) is left out. Override to narrow it further; return an ``SQL``.
        """
        if "feedback_type" in self.env["hotel.crm.complaint"]._fields:
            return SQL("c.feedback_type = 'complaint'")
        return SQL("TRUE")

    def _hotel_kpi_complaints(self, ctx):
        row = self._hotel_query(
            SQL(
                """
            WITH c AS (
                SELECT c.date_received >= b.start_utc AND c.date_received < b.end_utc AS received_in,
                       c.resolved_date >= b.start_utc AND c.resolved_date < b.end_utc AS resolved_in,
                       EXTRACT(EPOCH FROM c.resolved_date - c.date_received) / 3600.0 AS hours,
                       c.resolution_deadline, c.resolved_date, c.partner_id, COALESCE(c.recovered, FALSE) AS recovered
                  FROM hotel_crm_complaint c
                  JOIN %(bounds)s ON b.company_id = c.company_id
                 WHERE c.active AND (%(filter)s)
                   AND ((c.date_received >= b.start_utc AND c.date_received < b.end_utc)
                        OR (c.resolved_date >= b.start_utc AND c.resolved_date < b.end_utc))
            )
            SELECT count(*) FILTER (WHERE received_in),
                   count(*) FILTER (WHERE resolved_in),
                   percentile_cont(0.5) WITHIN GROUP (ORDER BY hours) FILTER (WHERE resolved_in),
                   count(*) FILTER (WHERE resolved_in AND resolution_deadline IS NOT NULL),
                   count(*) FILTER (WHERE resolved_in AND resolved_date <= resolution_deadline),
                   count(*) FILTER (WHERE resolved_in AND partner_id IS NOT NULL),
                   count(*) FILTER (WHERE resolved_in AND partner_id IS NOT NULL AND recovered)
              FROM c
            """,
                bounds=ctx["bounds"],
                filter=self._hotel_kpi_complaint_domain_sql(),
            )
        )
        received, resolved, median, with_deadline, in_time, with_guest, recovered = row
        stays = ctx["stays"]
        return {
            "complaints_per_100_stays": (_ratio(received, stays), stays, True),
            "median_resolution_hours": (_num(median), resolved, True),
            "sla_compliance": (_ratio(in_time, with_deadline), with_deadline, True),
            "recovery_rate": (_ratio(recovered, with_guest), with_guest, True),
        }

    # ------------------------------------------------------------------
    # Personalised service (preference room)
    # ------------------------------------------------------------------
    def _hotel_kpi_personalised(self, ctx):
        activity_type = self.env.ref("hotel_crm.mail_activity_type_hotel_preferences", raise_if_not_found=False)
        if not activity_type:
            return {"personalised_service": (None, 0, False)}
        arrivals, prepared = self._hotel_query(
            SQL(
                """
            SELECT count(*),
                   count(*) FILTER (WHERE EXISTS (
                       SELECT 1 FROM mail_message m
                        WHERE m.model = 'hotel.crm.stay' AND m.res_id = s.id AND m.mail_activity_type_id = %(type)s
                          AND m.date < (s.arrival_date::timestamp AT TIME ZONE b.tz) AT TIME ZONE 'UTC'))
              FROM hotel_crm_stay s
              JOIN %(bounds)s ON b.company_id = s.company_id
             WHERE s.state IN ('in_house', 'checked_out')
               AND s.arrival_date BETWEEN %(date_from)s AND %(date_to)s
               AND (COALESCE(s.arrival_notes, '') != '' OR COALESCE(s.arrival_notes_sensitive, '') != '')
            """,
                type=activity_type.id,
                bounds=ctx["bounds"],
                date_from=ctx["date_from"],
                date_to=ctx["date_to"],
            )
        )
        return {"personalised_service": (_ratio(prepared, arrivals), arrivals, True)}

    # ------------------------------------------------------------------
    # Training (training room)
    # ------------------------------------------------------------------
    def _hotel_kpi_training(self, ctx):
        codes = ("training_hours_per_employee", "training_pass_rate")
        if "hotel.crm.training.attendance" not in self.env:
            return dict.fromkeys(codes, (None, 0, False))
        hours, held, passed = self._hotel_query(
            SQL(
                """
            SELECT COALESCE(sum(at.duration_hours), 0),
                   count(*) FILTER (WHERE at.attended AND at.session_state = 'done'),
                   count(*) FILTER (WHERE at.attended AND at.session_state = 'done' AND at.passed)
              FROM hotel_crm_training_attendance at
              JOIN %s ON b.company_id = at.company_id
             WHERE at.date >= b.start_utc AND at.date < b.end_utc
            """,
                ctx["bounds"],
            )
        )
        (employees,) = self._hotel_query(
            SQL("SELECT count(*) FROM hr_employee WHERE active AND company_id IN %s", ctx["companies"])
        )
        return {
            "training_hours_per_employee": (_ratio(_num(hours), employees, 1.0), employees, True),
            "training_pass_rate": (_ratio(passed, held), held, True),
        }

    # ------------------------------------------------------------------
    # Campaigns (campaign room, when it exists)
    # ------------------------------------------------------------------
    def _hotel_kpi_campaigns(self, ctx):
        """Not available until the campaign room exists and answers ``hotel_kpi_campaign_figures``.

        The campaign model's ``hotel_kpi_campaign_figures(company_ids, date_from, date_to)`` returns
        ``{"responses": int, "revenue": float, "sample": int}``.
        """
        codes = ("campaign_responses", "campaign_revenue")
        Campaign = self.env.get("hotel.crm.campaign")
        if Campaign is None or not hasattr(Campaign, "hotel_kpi_campaign_figures"):
            return dict.fromkeys(codes, (None, 0, False))
        figures = Campaign.sudo().hotel_kpi_campaign_figures(list(ctx["companies"]), ctx["date_from"], ctx["date_to"])
        sample = figures.get("sample", figures.get("responses", 0))
        return {
            "campaign_responses": (figures.get("responses"), sample, True),
            "campaign_revenue": (figures.get("revenue"), sample, True),
        }
