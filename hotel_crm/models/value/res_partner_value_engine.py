"""The guest value engine: customer pyramid, RFM, lifetime value and life cycle of all guests.

Everything is computed set-based by :meth:`ResPartner.hotel_recompute_value` (nightly cron and
the manager's "Recompute now" button): a handful of SQL statements over all guests, the results
written as the plain stored fields declared in res_partner.py of this room, never one ORM query
per guest. The rules:

- value window: the checked-out stays that departed in the last ``hotel_value_window_days``
  (company setting, default 365) days; annual revenue is the window's revenue scaled to a year;
- customer pyramid: guests with revenue in the window ranked by it; the top
  ``hotel_pyramid_vip_pct`` % (at least one guest) are VIP, the next ``hotel_pyramid_major_pct`` %
  major, the next ``hotel_pyramid_ordinary_pct`` % ordinary, the rest small (defaults 1/19/30);
- RFM: recency (last departure), frequency (checked-out stays) and monetary (their revenue) in
  quintiles 1-5 over all guests with a checked-out stay, named into segments;
- lifetime value: annual gross margin x ``hotel_clv_years``, the gross margin being each window
  stay's room, F&B and other revenue at its property's margins (``hotel_margin_room_pct``,
  ``hotel_margin_fnb_pct``, ``hotel_margin_other_pct``), scaled to a year like the revenue;
- life cycle: prospect, first stay, repeat, loyal (``hotel_loyal_min_stays`` stays in the window),
  at risk (no stay for ``hotel_at_risk_factor`` times the usual interval, or a risk signal),
  churned (no stay for ``hotel_churn_days``), won back (a churned guest who stayed again); each
  stage dated the day the stay history says it was entered (a first run over years of history
  included), see :meth:`ResPartner._hotel_stage_date_sql`.
"""

import logging
from datetime import timedelta
from time import sleep

from psycopg2.extensions import TransactionRollbackError

from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import SQL

from ..loyalty.hotel_crm_points_move import POINT_VALUE_DEFAULT, POINT_VALUE_PARAM

_logger = logging.getLogger(__name__)

# one recompute at a time (pg advisory lock key: "hotel_crm value" as a number)
VALUE_LOCK_KEY = 7_004_301_002
# stays written up to this long before the previous run are looked at again (transactions that
# were still open when the previous run took its snapshot)
INCREMENTAL_OVERLAP = timedelta(hours=1)
LAST_RUN_PARAM = "hotel_crm.value_last_run"
VALUE_WORK_MEM = "128MB"
# the nightly cron tries this many times when it meets a serialization failure or a running
# recompute, waiting VALUE_CRON_BACKOFF seconds, doubled after each try (2 + 4 + 8 + 16 s: longer
# than a manager's full recompute of 200,000 guests)
VALUE_CRON_TRIES = 5
VALUE_CRON_BACKOFF = 2.0


class HotelValueLockedError(UserError):
    """Another transaction is recomputing guest value (it holds the advisory lock)."""


class ResPartner(models.Model):
    _inherit = "res.partner"  # pylint: disable=consider-merging-classes-inherited

    # ------------------------------------------------------------------
    # Recompute
    # ------------------------------------------------------------------
    @api.model
    def _cron_hotel_recompute_value(self):
        """Nightly run, retried here: Odoo 18's ``ir.cron`` does not retry a job that fails on a
        serialization failure (it counts a failure and waits for the next interval), and a manager's
        recompute may be holding the lock.

        Each try runs in a fresh transaction: ``ir.cron`` commits its own bookkeeping before calling
        the job, so the cron's transaction holds nothing but this recompute and is rolled back as a
        whole (a savepoint would keep the transaction's snapshot, and with it the same serialization
        failure). After :data:`VALUE_CRON_TRIES` tries it logs a warning and returns ``False``: the
        job ends cleanly and the next nightly run tries again.
        """
        cr = self.env.cr
        for attempt in range(1, VALUE_CRON_TRIES + 1):
            try:
                return self.hotel_recompute_value()
            except (HotelValueLockedError, TransactionRollbackError) as exc:
                reason = (
                    "another recompute is running"
                    if isinstance(exc, HotelValueLockedError)
                    else f"concurrent update ({exc.pgcode or type(exc).__name__})"
                )
                cr.rollback()
                if attempt == VALUE_CRON_TRIES:
                    _logger.warning(
                        "hotel_recompute_value: gave up after %s tries (%s); the next nightly run will try again",
                        attempt,
                        reason,
                    )
                    return False
                delay = VALUE_CRON_BACKOFF * 2 ** (attempt - 1)
                _logger.info("hotel_recompute_value: %s, try %s again in %.0f s", reason, attempt + 1, delay)
                sleep(delay)
        return False

    @api.model
    def hotel_recompute_value(self, partner_ids=None, full=False):
        """Recompute stay aggregates, pyramid, RFM, CLV and life cycle of all guests.

        Set-based: one pass over the stays into a temporary table, one UPDATE for the
        aggregates, one for the value and life-cycle fields (only rows that change are written),
        one INSERT for inferred preferences; then the side effects of the life-cycle transitions
        (retention activity, loss record) on the guests whose stage changed, only.

        :param partner_ids: restrict the computation (ranking included) to these partners; the
            cron and the button compute all guests (``hotel_guest`` set).
        :param full: also infer preferences for guests whose stays did not change since the
            previous run (the cron only looks at stays written since then).
        :return: ``{"at_risk": ids, "churned": ids, "won_back": ids}`` of this run's transitions
        :raise AccessError: the caller is neither the superuser nor a Hotel CRM manager
        :raise UserError: ``partner_ids`` is not a list of ids, or ``full`` not a boolean
        """
        if not self.env.su and not self.env.user.has_group("hotel_crm.hotel_crm_group_manager"):
            # public over RPC, and it writes every guest: the cron (superuser) and managers only
            raise AccessError(_("Only Hotel CRM managers may recompute guest value."))
        if partner_ids is not None and (
            not isinstance(partner_ids, (list, tuple))
            or not all(isinstance(pid, int) and not isinstance(pid, bool) and 0 < pid < 2**31 for pid in partner_ids)
        ):
            raise UserError(_("Guest value: argument “partner_ids” must be a list of guest ids."))
        if not isinstance(full, bool):
            raise UserError(_("Guest value: argument “full” must be true or false."))
        self.env.flush_all()
        cr = self.env.cr
        cr.execute(SQL("SELECT pg_try_advisory_xact_lock(%s)", VALUE_LOCK_KEY))
        if not cr.fetchone()[0]:
            raise HotelValueLockedError(_("Guest value is being recomputed by another process; try again in a minute."))
        company = self.env.company
        today = company._hotel_today()
        params = self._hotel_value_params(company, today)
        scope = SQL("p.hotel_guest")
        if partner_ids is not None:
            scope = SQL("p.id IN %s", tuple(partner_ids) or (0,))
        changed_scope = scope
        last_run = self.env["ir.config_parameter"].sudo().get_param(LAST_RUN_PARAM)
        if not full and partner_ids is None and last_run:
            since = fields.Datetime.to_datetime(last_run) - INCREMENTAL_OVERLAP
            changed_scope = SQL(
                "%s AND p.id IN (SELECT partner_id FROM hotel_crm_stay WHERE write_date >= %s)", scope, since
            )
        run_start = cr.now()

        cr.execute(SQL("SHOW work_mem"))
        work_mem = cr.fetchone()[0]
        # sorts and hashes over all guests in memory rather than on disk, for this transaction only
        cr.execute(SQL("SET LOCAL work_mem = %s", VALUE_WORK_MEM))
        # no try/finally: on an error (a serialization failure with a concurrent stay write, say)
        # the transaction is rolled back, which drops the temporary table and undoes SET LOCAL; a
        # clean-up statement there would fail in the aborted transaction and hide the original
        # error from Odoo's retry of serialization failures
        self._hotel_collect_stay_stats(partner_ids, params)
        # the ORM keeps the aggregates current on every stay write and they do not move with time:
        # the nightly safety net looks at the guests whose stays changed (all on a full run)
        self._hotel_update_stay_aggregates(changed_scope)
        transitions = self._hotel_update_value(scope, params)
        self._hotel_infer_preferences(changed_scope)
        cr.execute(SQL("DROP TABLE IF EXISTS hotel_value_stats"))
        cr.execute(SQL("SET LOCAL work_mem = %s", work_mem))
        if partner_ids is None:
            self.env["ir.config_parameter"].sudo().set_param(LAST_RUN_PARAM, fields.Datetime.to_string(run_start))
        self.env.invalidate_all()
        self._hotel_lifecycle_side_effects(transitions, company, today)
        return transitions

    @api.model
    def _hotel_value_params(self, company, today):
        window = max(company.hotel_value_window_days or 365, 1)
        return {
            "today": today,
            "window_start": today - timedelta(days=window),
            "window_days": window,
            # numeric, rounded: exact cut-offs whatever the float representation
            "vip": round(company.hotel_pyramid_vip_pct, 4),
            "major": round(company.hotel_pyramid_vip_pct + company.hotel_pyramid_major_pct, 4),
            "ordinary": round(
                company.hotel_pyramid_vip_pct + company.hotel_pyramid_major_pct + company.hotel_pyramid_ordinary_pct,
                4,
            ),
            "years": round(company.hotel_clv_years, 4),
            "churn_days": company.hotel_churn_days or 365,
            "factor": round(company.hotel_at_risk_factor or 1.5, 4),
            "loyal_min": company.hotel_loyal_min_stays or 3,
            "low_csat": company.hotel_low_csat,
            "low_nps": company.hotel_low_nps,
        }

    @api.model
    def _hotel_collect_stay_stats(self, partner_ids, params):
        """One pass over the stays: ``hotel_value_stats``, a row per guest with stays.

        All stays (their guests are all ``hotel_guest``; the value query filters the guests), or
        the stays of ``partner_ids``.
        """
        cr = self.env.cr
        stay_scope = SQL("TRUE") if partner_ids is None else SQL("s.partner_id IN %s", tuple(partner_ids) or (0,))
        cr.execute(SQL("DROP TABLE IF EXISTS hotel_value_stats"))
        cr.execute(
            SQL(
                """
            CREATE TEMP TABLE hotel_value_stats ON COMMIT DROP AS
            SELECT a.*, COALESCE(d.n_dates, 0) AS n_dates, d.second_arrival
              FROM (
            SELECT s.partner_id,
                   -- the stay aggregates of the guest profile (_hotel_stay_aggregates_sql)
                   %(aggregates)s,
                   -- value: checked-out stays departed by today, and those in the window
                   count(*) FILTER (WHERE s.done) AS n_all,
                   sum(s.revenue_total) FILTER (WHERE s.done) AS rev_all,
                   min(s.arrival_date) FILTER (WHERE s.done) AS first_arrival,
                   max(s.arrival_date) FILTER (WHERE s.done) AS last_arrival,
                   max(s.departure_date) FILTER (WHERE s.done) AS last_departure,
                   count(*) FILTER (WHERE s.in_window) AS n_win,
                   COALESCE(sum(s.revenue_total) FILTER (WHERE s.in_window), 0) AS rev_win,
                   -- gross margin of the window: each category at its property's margin
                   COALESCE(sum(s.margin) FILTER (WHERE s.in_window), 0) AS margin_win,
                   -- in the house or booked to come: not leaving
                   COALESCE(bool_or(s.upcoming), false) AS upcoming
              FROM (
                SELECT s.partner_id, s.state, s.nights, s.revenue_total, s.arrival_date, s.departure_date,
                       (COALESCE(s.revenue_room, 0) * rc.hotel_margin_room_pct
                        + COALESCE(s.revenue_fnb, 0) * rc.hotel_margin_fnb_pct
                        + COALESCE(s.revenue_other, 0) * rc.hotel_margin_other_pct)::numeric / 100 AS margin,
                       %(realised)s AS realised,
                       s.state = 'checked_out' AND s.departure_date <= %(today)s AS done,
                       s.state = 'checked_out' AND s.departure_date <= %(today)s
                           AND s.departure_date > %(window_start)s AS in_window,
                       s.state = 'in_house' OR (s.state = 'booked' AND s.arrival_date >= %(today)s) AS upcoming
                  FROM hotel_crm_stay s
                  JOIN res_company rc ON rc.id = s.company_id
                 WHERE %(stay_scope)s
              ) s
             GROUP BY s.partner_id
              ) a
              LEFT JOIN (
                -- the usual interval is between distinct arrival dates (two rooms booked for the
                -- same arrival are one visit, not an interval of 0 days). Counted apart: a
                -- count(DISTINCT) in the pass above would make PostgreSQL sort all stays by guest
                -- instead of its parallel hash aggregate, twice the time of both passes together.
                SELECT partner_id, count(*) FILTER (WHERE arrival_date IS DISTINCT FROM previous) AS n_dates,
                       -- the second visit: the day the guest became a repeat guest
                       min(arrival_date) FILTER (WHERE previous IS NOT NULL AND arrival_date != previous)
                           AS second_arrival
                  FROM (
                    SELECT s.partner_id, s.arrival_date,
                           lag(s.arrival_date) OVER (PARTITION BY s.partner_id ORDER BY s.arrival_date) AS previous
                      FROM hotel_crm_stay s
                     WHERE %(stay_scope)s AND s.state = 'checked_out' AND s.departure_date <= %(today)s
                  ) dates
                 GROUP BY partner_id
              ) d ON d.partner_id = a.partner_id
            """,
                stay_scope=stay_scope,
                aggregates=self._hotel_stay_aggregates_sql(),
                realised=self._hotel_stay_realised_sql(),
                today=params["today"],
                window_start=params["window_start"],
            )
        )
        cr.execute(SQL("CREATE UNIQUE INDEX ON hotel_value_stats (partner_id)"))
        cr.execute(SQL("ANALYZE hotel_value_stats"))

    @api.model
    def _hotel_update_stay_aggregates(self, scope):
        """Rewrite the stay aggregates of the guests in ``scope`` from ``hotel_value_stats``.

        The ORM keeps them current on every stay write; this is the nightly safety net (imports
        by SQL, data fixes). Only rows whose values differ are written.
        """
        self.env.cr.execute(
            SQL(
                """
            UPDATE res_partner p
               SET hotel_stay_count = a.stay_count, hotel_nights_total = a.nights,
                   hotel_revenue_total = a.revenue, hotel_first_stay_date = a.first_date,
                   hotel_last_stay_date = a.last_date, hotel_cancel_count = a.cancel_count,
                   hotel_no_show_count = a.no_show_count
              FROM (
                SELECT p.id, COALESCE(st.stay_count, 0) AS stay_count, COALESCE(st.nights, 0) AS nights,
                       COALESCE(st.revenue, 0) AS revenue, st.first_date, st.last_date,
                       COALESCE(st.cancel_count, 0) AS cancel_count, COALESCE(st.no_show_count, 0) AS no_show_count
                  FROM res_partner p
                  LEFT JOIN hotel_value_stats st ON st.partner_id = p.id
                 WHERE %(scope)s
              ) a
             WHERE p.id = a.id
               AND (COALESCE(p.hotel_stay_count, 0), COALESCE(p.hotel_nights_total, 0),
                    COALESCE(p.hotel_revenue_total, 0), p.hotel_first_stay_date, p.hotel_last_stay_date,
                    COALESCE(p.hotel_cancel_count, 0), COALESCE(p.hotel_no_show_count, 0))
                   IS DISTINCT FROM
                   (a.stay_count, a.nights, a.revenue, a.first_date, a.last_date, a.cancel_count, a.no_show_count)
            """,
                scope=scope,
            )
        )
        return self.env.cr.rowcount

    @api.model
    def _hotel_value_query(self, scope, params):
        """The value of every guest in ``scope`` as one SELECT (one row per guest), from ``hotel_value_stats``.

        Columns: partner_id, old_stage, old_stage_date, revenue, stay_count, rank, segment,
        r, f, m, rfm_segment, annual, clv, spend, interval, stage, and for the date the stage was
        entered (:meth:`_hotel_stage_date_sql`): first_arrival, second_arrival, last_arrival,
        last_departure, signal (a risk signal: low survey score, open complaint), risk_days (the
        gap after the last departure beyond which the guest is at risk).
        """
        spend_queries = self._hotel_retention_spend_queries()
        spend = (
            SQL(" UNION ALL ").join(spend_queries)
            if spend_queries
            else SQL("SELECT NULL::int AS partner_id, 0::numeric AS amount WHERE false")
        )
        signal_queries = self._hotel_risk_signal_queries(params)
        signal = (
            SQL(" UNION ").join(signal_queries) if signal_queries else SQL("SELECT NULL::int AS partner_id WHERE false")
        )
        return SQL(
            """
            WITH st AS (
                SELECT hs.*, p.active
                  FROM hotel_value_stats hs
                  JOIN res_partner p ON p.id = hs.partner_id
                 WHERE hs.n_all > 0 AND %(scope)s
            ), pyr AS (
                -- archived guests take no rank and no share (segment 'none'), like Odoo's reports
                SELECT partner_id,
                       row_number() OVER (ORDER BY rev_win DESC, partner_id) AS rnk,
                       count(*) OVER () AS n
                  FROM st
                 WHERE rev_win > 0 AND active
            ), rfm AS (
                SELECT partner_id,
                       LEAST(5, 1 + 5 * (rank() OVER (ORDER BY last_departure) - 1) / count(*) OVER ()) AS r,
                       LEAST(5, 1 + 5 * (rank() OVER (ORDER BY n_all) - 1) / count(*) OVER ()) AS f,
                       LEAST(5, 1 + 5 * (rank() OVER (ORDER BY rev_all) - 1) / count(*) OVER ()) AS m
                  FROM st
                 WHERE active
            ), spend AS (
                SELECT x.partner_id, sum(x.amount) AS amount
                  FROM (%(spend)s) x
                 GROUP BY x.partner_id
            ), sig AS (
                SELECT DISTINCT x.partner_id FROM (%(signal)s) x
            )
            SELECT p.id AS partner_id, p.hotel_lifecycle_stage AS old_stage, p.hotel_lifecycle_date AS old_stage_date,
                   COALESCE(st.rev_win, 0) AS revenue,
                   COALESCE(st.n_win, 0)::int AS stay_count,
                   pyr.rnk::int AS rank,
                   (CASE WHEN pyr.rnk IS NULL THEN 'none'
                         WHEN pyr.rnk <= CASE WHEN %(vip)s::numeric > 0
                                              THEN GREATEST(1, CEIL(pyr.n * %(vip)s::numeric / 100)) ELSE 0 END
                              THEN 'vip'
                         WHEN pyr.rnk <= CEIL(pyr.n * %(major)s::numeric / 100) THEN 'major'
                         WHEN pyr.rnk <= CEIL(pyr.n * %(ordinary)s::numeric / 100) THEN 'ordinary'
                         ELSE 'small' END)::varchar AS segment,
                   rfm.r::int AS r, rfm.f::int AS f, rfm.m::int AS m,
                   (CASE WHEN rfm.r IS NULL THEN NULL
                         WHEN rfm.r >= 4 AND rfm.f >= 4 AND rfm.m >= 4 THEN 'champions'
                         WHEN rfm.r >= 3 AND rfm.f >= 4 THEN 'loyal'
                         WHEN rfm.r >= 4 AND rfm.f = 1 THEN 'new'
                         WHEN rfm.r >= 3 THEN 'potential'
                         WHEN rfm.f >= 3 THEN 'at_risk'
                         WHEN rfm.r = 2 THEN 'hibernating'
                         ELSE 'lost' END)::varchar AS rfm_segment,
                   ROUND(COALESCE(st.rev_win, 0) * 365.0 / %(window_days)s, 2) AS annual,
                   ROUND(COALESCE(st.margin_win, 0) * 365.0 / %(window_days)s * %(years)s::numeric, 2) AS clv,
                   COALESCE(spend.amount, 0)::numeric AS spend,
                   ROUND(CASE WHEN st.n_dates >= 2
                              THEN (st.last_arrival - st.first_arrival)::numeric / (st.n_dates - 1) END, 1)
                       AS interval,
                   (CASE WHEN st.partner_id IS NULL THEN 'prospect'
                         -- a churned guest with a checked-out stay within the churn period stayed
                         -- again: won back, whatever the risk signals (the next run looks at those)
                         WHEN p.hotel_lifecycle_stage = 'churned'
                          AND %(today)s::date - st.last_departure <= %(churn_days)s THEN 'won_back'
                         -- a guest in the house or with a booking is not leaving (one already churned
                         -- stays churned until the stay is checked out, then is won back)
                         WHEN %(today)s::date - st.last_departure > %(churn_days)s
                          AND (NOT st.upcoming OR p.hotel_lifecycle_stage = 'churned') THEN 'churned'
                         WHEN NOT st.upcoming
                          AND (sig.partner_id IS NOT NULL
                               OR (st.n_dates >= 2 AND %(today)s::date - st.last_departure
                                   > %(factor)s::numeric * (st.last_arrival - st.first_arrival) / (st.n_dates - 1)))
                              THEN 'at_risk'
                         WHEN p.hotel_lifecycle_stage = 'won_back' AND st.last_departure <= p.hotel_lifecycle_date
                              THEN 'won_back'
                         WHEN st.n_win >= %(loyal_min)s THEN 'loyal'
                         WHEN st.n_all >= 2 THEN 'repeat'
                         ELSE 'first_stay' END)::varchar AS stage,
                   -- the day each stage was entered, from the stay history (see _hotel_stage_date_sql)
                   st.first_arrival, st.second_arrival, st.last_arrival, st.last_departure,
                   sig.partner_id IS NOT NULL AS signal,
                   (CASE WHEN st.n_dates >= 2
                         THEN FLOOR(%(factor)s::numeric * (st.last_arrival - st.first_arrival) / (st.n_dates - 1))
                    END)::int AS risk_days
              FROM res_partner p
              LEFT JOIN st ON st.partner_id = p.id
              LEFT JOIN pyr ON pyr.partner_id = p.id
              LEFT JOIN rfm ON rfm.partner_id = p.id
              LEFT JOIN spend ON spend.partner_id = p.id
              LEFT JOIN sig ON sig.partner_id = p.id
             WHERE %(scope)s
            """,
            scope=scope,
            spend=spend,
            signal=signal,
            **params,
        )

    @api.model
    def _hotel_stage_date_sql(self, params):
        """SQL date on a row ``t`` of :meth:`_hotel_value_query`: the day the guest entered
        ``t.stage``, as the stay history tells it, never after today.

        A first run over years of history (install, import) or a run after days without one dates
        each stage when it happened, not on the day of the run: *churned* the first day after the
        churn period since the last departure, *at risk* the first day after the usual gap (or the
        run's day when a survey score or a complaint put the guest at risk), *first stay*, *repeat*
        and *loyal* the arrival of the first, second and last visit. *Prospect* and *won back*
        (the run that sees the guest back; "won back until the next stay" compares with it) take
        the run's day.
        """
        return SQL(
            """LEAST(%(today)s::date, COALESCE(CASE t.stage
                WHEN 'churned' THEN t.last_departure + %(churn_days)s + 1
                WHEN 'at_risk' THEN CASE WHEN NOT t.signal THEN t.last_departure + t.risk_days + 1 END
                WHEN 'first_stay' THEN t.first_arrival
                WHEN 'repeat' THEN COALESCE(t.second_arrival, t.last_arrival)
                WHEN 'loyal' THEN t.last_arrival
               END, %(today)s::date))""",
            today=params["today"],
            churn_days=params["churn_days"],
        )

    @api.model
    def _hotel_update_value(self, scope, params):
        """Write the value and life-cycle fields of all guests in ``scope``; return the transitions.

        One UPDATE, only on the rows whose values change; the stage transitions that need a side
        effect are picked from its RETURNING (old stage known, new stage at risk, churned or won
        back). A first classification (no stage at all: guests of an install or upgrade) is not a
        transition; guests created since start as prospects (see :meth:`create`).
        """
        cr = self.env.cr
        cr.execute(
            SQL(
                """
            WITH t AS (%(query)s), upd AS (
                UPDATE res_partner p
                   SET hotel_value_revenue = t.revenue, hotel_value_stay_count = t.stay_count,
                       hotel_value_rank = t.rank, hotel_value_segment = t.segment,
                       hotel_rfm_recency = t.r, hotel_rfm_frequency = t.f, hotel_rfm_monetary = t.m,
                       hotel_rfm_score = CASE WHEN t.r IS NOT NULL THEN concat(t.r, t.f, t.m) END,
                       hotel_rfm_segment = t.rfm_segment,
                       hotel_annual_revenue = t.annual, hotel_clv = t.clv,
                       hotel_retention_spend = t.spend, hotel_retention_exceeds_clv = t.spend > t.clv,
                       hotel_usual_interval = t.interval, hotel_churn_risk = t.stage = 'at_risk',
                       hotel_lifecycle_stage = t.stage,
                       hotel_lifecycle_date = CASE WHEN t.old_stage IS DISTINCT FROM t.stage
                                                   THEN %(stage_date)s ELSE p.hotel_lifecycle_date END,
                       hotel_value_date = %(today)s
                  FROM t
                 WHERE p.id = t.partner_id
                   AND (p.hotel_value_revenue, p.hotel_value_stay_count, p.hotel_value_rank, p.hotel_value_segment,
                        p.hotel_rfm_recency, p.hotel_rfm_frequency, p.hotel_rfm_monetary, p.hotel_rfm_segment,
                        p.hotel_annual_revenue, p.hotel_clv, p.hotel_retention_spend, p.hotel_usual_interval,
                        p.hotel_churn_risk, p.hotel_lifecycle_stage)
                       IS DISTINCT FROM
                       (t.revenue, t.stay_count, t.rank, t.segment, t.r, t.f, t.m, t.rfm_segment,
                        t.annual, t.clv, t.spend, t.interval, t.stage = 'at_risk', t.stage)
             RETURNING p.id, t.old_stage, t.stage
            )
            SELECT NULL, NULL, count(*) FROM upd
             UNION ALL
            SELECT stage, array_agg(id ORDER BY id), NULL
              FROM upd
             WHERE old_stage IS NOT NULL AND old_stage != stage AND stage IN ('at_risk', 'churned', 'won_back')
             GROUP BY stage
            """,
                query=self._hotel_value_query(scope, params),
                today=params["today"],
                stage_date=self._hotel_stage_date_sql(params),
            )
        )
        transitions = {"at_risk": [], "churned": [], "won_back": []}
        changed = 0
        for stage, ids, count in cr.fetchall():
            if stage is None:
                changed = count
            else:
                transitions[stage] = ids
        _logger.info("hotel_recompute_value: %s guests changed value or stage", changed)
        return transitions

    # ------------------------------------------------------------------
    # Hooks for the other features
    # ------------------------------------------------------------------
    @api.model
    def _hotel_retention_spend_queries(self):
        """SQL queries returning ``(partner_id, amount)`` rows of money spent to retain guests.

        Override (and call super) to add a source. Included: complaint compensations in money
        (``hotel.crm.complaint.compensation_amount``) and the rewards actually given, i.e. the
        points redeemed at the value of one point (setting *Value of One Point*, system parameter
        ``hotel_crm.point_value``, default ``POINT_VALUE_DEFAULT`` of the points ledger). Points
        granted (bonus, goodwill, points compensations) are not counted when granted: what the
        guest redeems of them is counted once, when redeemed, and what expires unused cost nothing.
        """
        queries = []
        if "hotel.crm.complaint" in self.env:
            field = self.env["hotel.crm.complaint"]._fields.get("compensation_amount")
            if field is not None and field.store:
                queries.append(
                    SQL(
                        "SELECT partner_id, COALESCE(compensation_amount, 0)::numeric AS amount "
                        "FROM hotel_crm_complaint WHERE partner_id IS NOT NULL AND compensation_amount > 0"
                    )
                )
        if "hotel.crm.points.move" in self.env:
            point_value = float(
                self.env["ir.config_parameter"].sudo().get_param(POINT_VALUE_PARAM, POINT_VALUE_DEFAULT) or 0
            )
            if point_value:
                queries.append(
                    SQL(
                        "SELECT partner_id, (-points * %s)::numeric AS amount FROM hotel_crm_points_move "
                        "WHERE move_type = 'redeem'",
                        point_value,
                    )
                )
        return queries

    @api.model
    def _hotel_risk_signal_queries(self, params):
        """SQL queries returning the ``partner_id`` of guests showing a churn early-warning signal.

        Included when those features are installed: a low survey answer (CSAT or NPS at or below
        the company's thresholds) in the value window, an unresolved complaint.
        """
        queries = []
        if "survey.user_input" in self.env:
            Input = self.env["survey.user_input"]
            csat, nps = Input._fields.get("hotel_csat"), Input._fields.get("hotel_nps")
            if csat is not None and csat.store and nps is not None and nps.store:
                queries.append(
                    SQL(
                        """SELECT partner_id FROM survey_user_input
                            WHERE partner_id IS NOT NULL AND create_date >= %s
                              AND ((hotel_csat >= 1 AND hotel_csat <= %s)
                                   OR (hotel_nps IS NOT NULL AND hotel_nps <= %s))""",
                        params["window_start"],
                        params["low_csat"],
                        params["low_nps"],
                    )
                )
        if "hotel.crm.complaint" in self.env:
            Complaint = self.env["hotel.crm.complaint"]
            field = Complaint._fields.get("resolved_date")
            if field is not None and field.store:
                # complaints only: an open suggestion or compliment is no sign of a guest about to leave
                typed = "feedback_type" in Complaint._fields
                queries.append(
                    SQL(
                        "SELECT partner_id FROM hotel_crm_complaint "
                        "WHERE partner_id IS NOT NULL AND resolved_date IS NULL%s",
                        SQL(" AND feedback_type = 'complaint'") if typed else SQL(""),
                    )
                )
        return queries

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------
    @api.model
    def action_hotel_recompute_value(self):
        """Manager button: recompute guest value and life cycle now, with the current company's settings."""
        self.hotel_recompute_value(full=True)
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "success",
                "message": _("Guest value, segments and life-cycle stages were recomputed."),
                "next": {"type": "ir.actions.client", "tag": "soft_reload"},
            },
        }
