"""Guest value and life cycle: customer pyramid, RFM, lifetime value, churn early warning.

Everything here is computed set-based by :meth:`ResPartner.hotel_recompute_value` (nightly cron
and the manager's "Recompute now" button): a handful of SQL statements over all guests, the
results written as plain stored fields, never one ORM query per guest. See README.md, section
"Guest value and life cycle", for the rules.
"""

import logging
from datetime import timedelta
from time import sleep

from markupsafe import Markup
from psycopg2.extensions import TransactionRollbackError

from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import SQL

_logger = logging.getLogger(__name__)

VALUE_SEGMENTS = [
    ("vip", "VIP"),
    ("major", "Major"),
    ("ordinary", "Ordinary"),
    ("small", "Small"),
    ("none", "No Revenue"),
]
RFM_SEGMENTS = [
    ("champions", "Champions"),
    ("loyal", "Loyal"),
    ("potential", "Potential Loyalist"),
    ("new", "New"),
    ("at_risk", "At Risk"),
    ("hibernating", "Hibernating"),
    ("lost", "Lost"),
]
LIFECYCLE_STAGES = [
    ("prospect", "Prospect"),
    ("first_stay", "First Stay"),
    ("repeat", "Repeat"),
    ("loyal", "Loyal"),
    ("at_risk", "At Risk"),
    ("churned", "Churned"),
    ("won_back", "Won Back"),
]
# one recompute at a time (pg advisory lock key: "hotel_crm value" as a number)
VALUE_LOCK_KEY = 7_004_301_002
# stays written up to this long before the previous run are looked at again (transactions that
# were still open when the previous run took its snapshot)
INCREMENTAL_OVERLAP = timedelta(hours=1)
LAST_RUN_PARAM = "hotel_crm.value_last_run"
SIDE_EFFECT_BATCH = 1000
VALUE_WORK_MEM = "128MB"
# the nightly cron tries this many times when it meets a serialization failure or a running
# recompute, waiting VALUE_CRON_BACKOFF seconds, doubled after each try (2 + 4 + 8 + 16 s: longer
# than a manager's full recompute of 200,000 guests)
VALUE_CRON_TRIES = 5
VALUE_CRON_BACKOFF = 2.0
VALUE_GROUP = "hotel_crm.hotel_crm_group_user"


class HotelValueLockedError(UserError):
    """Another transaction is recomputing guest value (it holds the advisory lock)."""


class ResPartner(models.Model):
    _inherit = "res.partner"  # pylint: disable=consider-merging-classes-inherited

    # internal figures: hotel staff only, never a portal guest (their own partner included)
    hotel_value_revenue = fields.Float(
        string="Revenue in Window",
        digits=(16, 2),
        readonly=True,
        copy=False,
        groups=VALUE_GROUP,
        help="Checked-out revenue of the guest's stays in the value window (all properties).",
    )
    hotel_value_stay_count = fields.Integer(
        string="Stays in Window",
        readonly=True,
        copy=False,
        groups=VALUE_GROUP,
        help="Checked-out stays in the value window.",
    )
    hotel_value_rank = fields.Integer(
        string="Revenue Rank",
        readonly=True,
        copy=False,
        groups=VALUE_GROUP,
        help="Position of the guest in the customer pyramid (1 = highest revenue in the window).",
    )
    hotel_value_segment = fields.Selection(
        VALUE_SEGMENTS,
        string="Value Segment",
        readonly=True,
        copy=False,
        index=True,
        group_expand=True,
        groups=VALUE_GROUP,
        help="Customer pyramid over the value window: top 1 % VIP, next 19 % major, next 30 % ordinary, "
        "the rest with revenue small (configurable).",
    )
    hotel_rfm_recency = fields.Integer(
        string="RFM Recency", readonly=True, copy=False, aggregator="avg", groups=VALUE_GROUP
    )
    hotel_rfm_frequency = fields.Integer(
        string="RFM Frequency", readonly=True, copy=False, aggregator="avg", groups=VALUE_GROUP
    )
    hotel_rfm_monetary = fields.Integer(
        string="RFM Monetary", readonly=True, copy=False, aggregator="avg", groups=VALUE_GROUP
    )
    hotel_rfm_score = fields.Char(
        string="RFM Score",
        size=3,
        readonly=True,
        copy=False,
        index=True,
        groups=VALUE_GROUP,
        help="Recency, frequency and monetary quintile scores (1-5) over all guests with a checked-out stay.",
    )
    hotel_rfm_segment = fields.Selection(
        RFM_SEGMENTS,
        string="RFM Segment",
        readonly=True,
        copy=False,
        index=True,
        group_expand=True,
        groups=VALUE_GROUP,
    )
    hotel_annual_revenue = fields.Float(
        string="Annual Revenue",
        digits=(16, 2),
        readonly=True,
        copy=False,
        groups=VALUE_GROUP,
        help="Revenue in the value window scaled to one year.",
    )
    hotel_clv = fields.Float(
        string="Lifetime Value",
        digits=(16, 2),
        readonly=True,
        copy=False,
        groups=VALUE_GROUP,
        help="Customer lifetime value: gross margin x annual revenue x expected years.",
    )
    hotel_retention_spend = fields.Float(
        string="Retention Spend",
        digits=(16, 2),
        readonly=True,
        copy=False,
        groups=VALUE_GROUP,
        help="What was spent to keep the guest: complaint compensations in money, and the rewards the guest "
        "redeemed at the value of one point.",
    )
    hotel_retention_exceeds_clv = fields.Boolean(
        string="Spend Exceeds CLV",
        readonly=True,
        copy=False,
        groups=VALUE_GROUP,
        help="Retention spend on this guest is higher than the guest's lifetime value.",
    )
    hotel_usual_interval = fields.Float(
        string="Usual Interval (days)",
        digits=(16, 1),
        readonly=True,
        copy=False,
        groups=VALUE_GROUP,
        help="Average number of days between the arrival dates of the guest's checked-out stays "
        "(stays arriving on the same day count once).",
    )
    hotel_lifecycle_stage = fields.Selection(
        LIFECYCLE_STAGES,
        string="Life-cycle Stage",
        readonly=True,
        copy=False,
        index=True,
        group_expand=True,
        groups=VALUE_GROUP,
    )
    hotel_lifecycle_date = fields.Date(
        string="Stage Since",
        readonly=True,
        copy=False,
        groups=VALUE_GROUP,
        help="Date the guest entered the life-cycle stage.",
    )
    hotel_churn_risk = fields.Boolean(
        string="Churn Risk",
        readonly=True,
        copy=False,
        index=True,
        groups=VALUE_GROUP,
        help="Early warning: the guest is at risk of leaving (long gap since the usual interval, "
        "a low survey score or an unresolved complaint).",
    )
    hotel_value_date = fields.Date(string="Value Updated On", readonly=True, copy=False, groups=VALUE_GROUP)
    hotel_loss_ids = fields.One2many("hotel.crm.guest.loss", "partner_id", string="Loss Records", groups=VALUE_GROUP)

    # ------------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------------
    @api.model_create_multi
    def create(self, vals_list):
        # a new guest is a prospect, so that its first classification is a transition like any
        # other (an imported history that is already churned opens a loss record); only guests
        # that have no stage at all (an install, an upgrade, rows inserted in SQL) are classified
        # silently by their first recompute. An explicit stage (even False) is kept.
        guest_default = self.env.context.get("default_hotel_guest")
        stage_default = "default_hotel_lifecycle_stage" in self.env.context
        prospect = {"hotel_lifecycle_stage": "prospect", "hotel_lifecycle_date": self.env.company._hotel_today()}
        vals_list = [
            {**prospect, **vals}
            if vals.get("hotel_guest", guest_default) and "hotel_lifecycle_stage" not in vals and not stage_default
            else vals
            for vals in vals_list
        ]
        return super().create(vals_list)

    def write(self, vals):
        # a contact becoming a guest is a prospect too (a guest that already was one keeps its state)
        becoming = (
            self.sudo().filtered(lambda p: not p.hotel_guest and not p.hotel_lifecycle_stage)
            if vals.get("hotel_guest") and "hotel_lifecycle_stage" not in vals
            else self.browse()
        )
        res = super().write(vals)
        if becoming:
            becoming.write(
                {"hotel_lifecycle_stage": "prospect", "hotel_lifecycle_date": self.env.company._hotel_today()}
            )
        return res

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
        """
        if not self.env.su and not self.env.user.has_group("hotel_crm.hotel_crm_group_manager"):
            # public over RPC, and it writes every guest: the cron (superuser) and managers only
            raise AccessError(_("Only Hotel CRM managers may recompute guest value."))
        if partner_ids is not None and (
            not isinstance(partner_ids, (list, tuple))
            or not all(isinstance(pid, int) and not isinstance(pid, bool) and 0 < pid < 2**31 for pid in partner_ids)
        ):
            raise UserError(_("Guest value: argument “partner_ids” must be a list of guest ids."))
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
            "margin": round(company.hotel_clv_margin_pct, 4),
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
            SELECT a.*, COALESCE(d.n_dates, 0) AS n_dates
              FROM (
            SELECT s.partner_id,
                   -- the stay aggregates of the guest profile (stays in house or checked out)
                   count(*) FILTER (WHERE s.realised)::int AS stay_count,
                   COALESCE(sum(s.nights) FILTER (WHERE s.realised), 0)::int AS nights,
                   COALESCE(sum(s.revenue_total) FILTER (WHERE s.realised), 0)::numeric AS revenue,
                   min(s.arrival_date) FILTER (WHERE s.realised) AS first_date,
                   max(s.arrival_date) FILTER (WHERE s.realised) AS last_date,
                   count(*) FILTER (WHERE s.state = 'cancelled')::int AS cancel_count,
                   count(*) FILTER (WHERE s.state = 'no_show')::int AS no_show_count,
                   -- value: checked-out stays departed by today, and those in the window
                   count(*) FILTER (WHERE s.done) AS n_all,
                   sum(s.revenue_total) FILTER (WHERE s.done) AS rev_all,
                   min(s.arrival_date) FILTER (WHERE s.done) AS first_arrival,
                   max(s.arrival_date) FILTER (WHERE s.done) AS last_arrival,
                   max(s.departure_date) FILTER (WHERE s.done) AS last_departure,
                   count(*) FILTER (WHERE s.in_window) AS n_win,
                   COALESCE(sum(s.revenue_total) FILTER (WHERE s.in_window), 0) AS rev_win,
                   -- in the house or booked to come: not leaving
                   COALESCE(bool_or(s.upcoming), false) AS upcoming
              FROM (
                SELECT s.partner_id, s.state, s.nights, s.revenue_total, s.arrival_date, s.departure_date,
                       s.state IN ('in_house', 'checked_out') AS realised,
                       s.state = 'checked_out' AND s.departure_date <= %(today)s AS done,
                       s.state = 'checked_out' AND s.departure_date <= %(today)s
                           AND s.departure_date > %(window_start)s AS in_window,
                       s.state = 'in_house' OR (s.state = 'booked' AND s.arrival_date >= %(today)s) AS upcoming
                  FROM hotel_crm_stay s
                 WHERE %(stay_scope)s
              ) s
             GROUP BY s.partner_id
              ) a
              LEFT JOIN (
                -- the usual interval is between distinct arrival dates (two rooms booked for the
                -- same arrival are one visit, not an interval of 0 days). Counted apart: a
                -- count(DISTINCT) in the pass above would make PostgreSQL sort all stays by guest
                -- instead of its parallel hash aggregate, twice the time of both passes together.
                SELECT partner_id, count(*) FILTER (WHERE arrival_date IS DISTINCT FROM previous) AS n_dates
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
        r, f, m, rfm_segment, annual, clv, spend, interval, stage.
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
                SELECT hs.*
                  FROM hotel_value_stats hs
                  JOIN res_partner p ON p.id = hs.partner_id
                 WHERE hs.n_all > 0 AND %(scope)s
            ), pyr AS (
                SELECT partner_id,
                       row_number() OVER (ORDER BY rev_win DESC, partner_id) AS rnk,
                       count(*) OVER () AS n
                  FROM st
                 WHERE rev_win > 0
            ), rfm AS (
                SELECT partner_id,
                       LEAST(5, 1 + 5 * (rank() OVER (ORDER BY last_departure) - 1) / count(*) OVER ()) AS r,
                       LEAST(5, 1 + 5 * (rank() OVER (ORDER BY n_all) - 1) / count(*) OVER ()) AS f,
                       LEAST(5, 1 + 5 * (rank() OVER (ORDER BY rev_all) - 1) / count(*) OVER ()) AS m
                  FROM st
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
                   ROUND(COALESCE(st.rev_win, 0) * 365.0 / %(window_days)s
                         * %(margin)s::numeric / 100 * %(years)s::numeric, 2) AS clv,
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
                         ELSE 'first_stay' END)::varchar AS stage
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
                                                   THEN %(today)s ELSE p.hotel_lifecycle_date END,
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

    @api.model
    def _hotel_infer_preferences(self, scope):
        """Propose as ``inferred`` a room type, bed or floor repeated in 2 of the last 3 stays.

        Never duplicates an existing preference of the same category and value (compared
        case-insensitively, stated, observed, inferred or archived: an archived inferred
        preference is a proposal the guest declined, not proposed again).
        """
        cr = self.env.cr
        cr.execute(
            SQL(
                """
            WITH last3 AS (
                SELECT s.partner_id, s.room_type, s.bed_type, s.floor
                  FROM (SELECT s.*, row_number() OVER (PARTITION BY s.partner_id
                                                       ORDER BY s.arrival_date DESC, s.id DESC) AS rn
                          FROM hotel_crm_stay s
                         WHERE s.state = 'checked_out'
                           AND s.partner_id IN (SELECT p.id FROM res_partner p WHERE %(scope)s)) s
                 WHERE s.rn <= 3
            ), vals AS (
                SELECT partner_id, 'room_type' AS code, btrim(room_type) AS value FROM last3
                UNION ALL SELECT partner_id, 'bed', btrim(bed_type) FROM last3
                UNION ALL SELECT partner_id, 'floor', btrim(floor) FROM last3
            ), repeated AS (
                SELECT partner_id, code, min(value) AS value
                  FROM vals
                 WHERE COALESCE(value, '') != ''
                 GROUP BY partner_id, code, lower(value)
                HAVING count(*) >= 2
            )
            INSERT INTO hotel_crm_preference
                   (partner_id, category_id, value, source, sensitive, sequence, active,
                    create_uid, create_date, write_uid, write_date)
            SELECT r.partner_id, c.id, r.value, 'inferred', COALESCE(c.sensitive, false), 10, true,
                   %(uid)s, now() AT TIME ZONE 'UTC', %(uid)s, now() AT TIME ZONE 'UTC'
              FROM repeated r
              JOIN hotel_crm_preference_category c ON c.code = r.code AND c.inferable AND c.active
             WHERE NOT EXISTS (
                   SELECT 1 FROM hotel_crm_preference e
                    WHERE e.partner_id = r.partner_id AND e.category_id = c.id
                      AND lower(btrim(e.value)) = lower(r.value))
            ON CONFLICT DO NOTHING
            """,
                scope=scope,
                uid=self.env.uid,
            )
        )
        return cr.rowcount

    # ------------------------------------------------------------------
    # Hooks for the other features
    # ------------------------------------------------------------------
    @api.model
    def _hotel_retention_spend_queries(self):
        """SQL queries returning ``(partner_id, amount)`` rows of money spent to retain guests.

        Override (and call super) to add a source. Included: complaint compensations in money
        (``hotel.crm.complaint.compensation_amount``) and the rewards actually given, i.e. the
        points redeemed at the value of one point (setting *Value of One Point*, system parameter
        ``hotel_crm.point_value``). Points granted (bonus, goodwill, points compensations) are not
        counted when granted: what the guest redeems of them is counted once, when redeemed, and
        what expires unused cost nothing.
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
            point_value = float(self.env["ir.config_parameter"].sudo().get_param("hotel_crm.point_value", 0.05) or 0)
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
            field = self.env["hotel.crm.complaint"]._fields.get("resolved_date")
            if field is not None and field.store:
                queries.append(
                    SQL(
                        "SELECT partner_id FROM hotel_crm_complaint "
                        "WHERE partner_id IS NOT NULL AND resolved_date IS NULL"
                    )
                )
        return queries

    # ------------------------------------------------------------------
    # Life-cycle side effects (only on the guests that changed stage)
    # ------------------------------------------------------------------
    @api.model
    def _hotel_lifecycle_side_effects(self, transitions, company, today):
        for start in range(0, len(transitions["at_risk"]), SIDE_EFFECT_BATCH):
            self.browse(transitions["at_risk"][start : start + SIDE_EFFECT_BATCH])._hotel_schedule_retention(
                company, today
            )
        Loss = self.env["hotel.crm.guest.loss"].sudo()
        for start in range(0, len(transitions["churned"]), SIDE_EFFECT_BATCH):
            Loss._hotel_open_for(self.browse(transitions["churned"][start : start + SIDE_EFFECT_BATCH]), company)
        for start in range(0, len(transitions["won_back"]), SIDE_EFFECT_BATCH):
            Loss._hotel_close_for(self.browse(transitions["won_back"][start : start + SIDE_EFFECT_BATCH]), today)

    def _hotel_account_owner(self, company):
        """The user who follows up this guest: the account owner, else the company's guest relations."""
        self.ensure_one()
        return self.user_id or company.hotel_guest_relations_user_id or self.env.ref("base.user_admin")

    def _hotel_schedule_retention(self, company, today):
        """One retention activity per guest entering *at risk*; never a second open one."""
        activity_type = self.env.ref("hotel_crm.mail_activity_type_hotel_retention")
        open_ids = {
            a.res_id
            for a in self.env["mail.activity"]
            .sudo()
            .search(
                [
                    ("res_model", "=", "res.partner"),
                    ("res_id", "in", self.ids),
                    ("activity_type_id", "=", activity_type.id),
                ]
            )
        }
        model_id = self.env["ir.model"]._get_id("res.partner")
        vals_list = []
        for partner in self.sudo():
            if partner.id in open_ids:
                continue
            vals_list.append(
                {
                    "res_model_id": model_id,
                    "res_id": partner.id,
                    "activity_type_id": activity_type.id,
                    "user_id": partner._hotel_account_owner(company).id,
                    "date_deadline": today + timedelta(days=activity_type.delay_count or 3),
                    "summary": _("Retention: guest at risk of leaving"),
                    "note": Markup("<p>%s</p>")
                    % _(
                        "%(guest)s has not stayed for longer than usual (last stay %(last)s, usually every "
                        "%(interval)s days), or gave a low score or has an open complaint. "
                        "Get in touch and offer a reason to come back.",
                        guest=partner.name,
                        last=partner.hotel_last_stay_date or "-",
                        interval=round(partner.hotel_usual_interval or 0),
                    ),
                    "automated": True,
                }
            )
        if vals_list:
            self.env["mail.activity"].sudo().with_context(mail_activity_quick_update=True).create(vals_list)
        return len(vals_list)

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

    def action_hotel_view_losses(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("hotel_crm.hotel_crm_guest_loss_action")
        action["domain"] = [("partner_id", "=", self.id)]
        action["context"] = {"default_partner_id": self.id}
        return action

    # ------------------------------------------------------------------
    # Demo
    # ------------------------------------------------------------------
    @api.model
    def _hotel_value_demo(self):
        """Demo story: classify the Jade Garden guests, follow up those at risk, analyse the lost ones."""
        company = self.env.ref("hotel_crm.demo_company_west_lake", raise_if_not_found=False) or self.env.company
        Partner = self.with_company(company)
        # the demo guests are new guests (prospects): entering at risk or churned is a transition
        # with its activity or loss record, opened in the group's guest-relations company
        Partner.hotel_recompute_value(full=True)
        today = company._hotel_today()
        guests = Partner.search([("hotel_guest", "=", True), ("hotel_lifecycle_stage", "in", ("at_risk", "churned"))])
        # guests classified before (no transition): follow them up all the same
        guests.filtered(lambda g: g.hotel_lifecycle_stage == "at_risk")._hotel_schedule_retention(company, today)
        churned = guests.filtered(lambda g: g.hotel_lifecycle_stage == "churned")
        Loss = self.env["hotel.crm.guest.loss"]
        Loss._hotel_open_for(churned, company)
        losses = Loss.search(
            [("partner_id", "in", churned.ids), ("company_id", "=", company.id), ("state", "=", "open")], order="id"
        )
        analyses = [
            ("competitor_offer", "Lakeside Marriott", "Corporate rate 15 % below ours for the same room type."),
            ("service", "Hyatt Regency", "Waited 40 minutes at check-in twice; nobody apologised."),
        ]
        for loss, (reason, competitor, note) in zip(losses, analyses):
            loss.write({"reason": reason, "competitor": competitor, "notes": note, "state": "analysed"})
        return True
