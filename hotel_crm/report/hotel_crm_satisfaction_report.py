from odoo import api, fields, models, tools
from odoo.tools import SQL

from ..models.survey.hotel_crm_review import REVIEW_SOURCES
from ..models.survey.metrics import (
    CES_LOW_EFFORT_MIN,
    CSAT_TOP2_MIN,
    NPS_BANDS,
    NPS_DETRACTOR_MAX,
    NPS_PROMOTER_MIN,
)

KINDS = [("survey", "Survey Answer"), ("review", "Online Review")]


class HotelCrmSatisfactionReport(models.Model):
    """Satisfaction analysis: survey answers and online reviews side by side, one row each.

    Each measure is ready to average (``NULL`` where it does not apply, which ``AVG`` leaves out):

    * ``csat`` the 1-5 score, ``csat_top2`` 100 for a 4-5 else 0: their means are the CSAT mean and
      the top-2-box share;
    * ``nps`` +100 for a promoter (9-10), -100 for a detractor (0-6), 0 for a passive: its mean over
      a group is exactly that group's NPS (% promoters - % detractors);
    * ``ces`` the 1-7 score, ``ces_low_effort`` 100 for a 5-7 else 0;
    * the dimensions 1-5;
    * for reviews: ``review_rating`` (0-100), ``review_replied`` (100/0: the reply rate),
      ``reply_hours`` and ``median_reply_hours`` (the median of the group, see
      ``_read_group_select``).

    The query is split in ``_select/_from/_where/_group_by`` so that other modules can extend it.
    """

    _name = "hotel.crm.satisfaction.report"
    _description = "Satisfaction Analysis"
    _auto = False
    _order = "date desc"
    _depends = {
        "survey.user_input": [
            "state",
            "end_datetime",
            "test_entry",
            "partner_id",
            "survey_id",
            "hotel_company_id",
            "hotel_stay_id",
            "hotel_channel",
            "hotel_csat",
            "hotel_nps",
            "hotel_ces",
            "hotel_reliability",
            "hotel_responsiveness",
            "hotel_assurance",
            "hotel_empathy",
            "hotel_tangibles",
            "hotel_personalisation",
            "hotel_value",
        ],
        "hotel.crm.review": [
            "date",
            "company_id",
            "partner_id",
            "stay_id",
            "source",
            "rating_normalized",
            "reply_date",
            "reply_hours",
        ],
    }

    kind = fields.Selection(KINDS, readonly=True)
    date = fields.Datetime(readonly=True)
    company_id = fields.Many2one("res.company", string="Property", readonly=True)
    partner_id = fields.Many2one("res.partner", string="Guest", readonly=True)
    stay_id = fields.Many2one("hotel.crm.stay", readonly=True)
    survey_id = fields.Many2one("survey.survey", readonly=True)
    review_source = fields.Selection(REVIEW_SOURCES, readonly=True)
    answer_count = fields.Integer(string="# Answers", readonly=True, aggregator="sum")
    csat = fields.Float(string="CSAT", readonly=True, aggregator="avg", digits=(3, 2))
    csat_value = fields.Selection([(str(i), str(i)) for i in range(1, 6)], string="CSAT Score", readonly=True)
    csat_top2 = fields.Float(string="CSAT Top-2-box (%)", readonly=True, aggregator="avg", digits=(5, 1))
    nps = fields.Float(string="NPS", readonly=True, aggregator="avg", digits=(5, 1))
    nps_value = fields.Selection([(str(i), str(i)) for i in range(11)], string="NPS Score", readonly=True)
    nps_band = fields.Selection(NPS_BANDS, string="NPS Band", readonly=True)
    ces = fields.Float(string="CES", readonly=True, aggregator="avg", digits=(3, 2))
    ces_value = fields.Selection([(str(i), str(i)) for i in range(1, 8)], string="CES Score", readonly=True)
    ces_low_effort = fields.Float(string="CES Low Effort (%)", readonly=True, aggregator="avg", digits=(5, 1))
    reliability = fields.Float(readonly=True, aggregator="avg", digits=(3, 2))
    responsiveness = fields.Float(readonly=True, aggregator="avg", digits=(3, 2))
    assurance = fields.Float(readonly=True, aggregator="avg", digits=(3, 2))
    empathy = fields.Float(readonly=True, aggregator="avg", digits=(3, 2))
    tangibles = fields.Float(readonly=True, aggregator="avg", digits=(3, 2))
    personalisation = fields.Float(string="Preferences Served", readonly=True, aggregator="avg", digits=(3, 2))
    value = fields.Float(string="Value for Money", readonly=True, aggregator="avg", digits=(3, 2))
    review_count = fields.Integer(string="# Reviews", readonly=True, aggregator="sum")
    review_rating = fields.Float(string="Review Index (0-100)", readonly=True, aggregator="avg", digits=(5, 1))
    review_replied = fields.Float(string="Reply Rate (%)", readonly=True, aggregator="avg", digits=(5, 1))
    reply_hours = fields.Float(string="Hours to Reply", readonly=True, aggregator="avg", digits=(16, 1))
    median_reply_hours = fields.Float(
        string="Median Hours to Reply",
        readonly=True,
        aggregator="avg",
        digits=(16, 1),
        help="Median of the hours to reply of the group (computed in SQL, see _read_group_select).",
    )

    def _select(self):
        dims = SQL(", ").join(
            SQL("a.%s::float AS %s", SQL.identifier(f"hotel_{name}"), SQL.identifier(name))
            for name in (
                "reliability",
                "responsiveness",
                "assurance",
                "empathy",
                "tangibles",
                "personalisation",
                "value",
            )
        )
        return SQL(
            """
            a.id * 2 AS id,
            'survey' AS kind,
            a.end_datetime AS date,
            a.hotel_company_id AS company_id,
            a.partner_id,
            a.hotel_stay_id AS stay_id,
            a.survey_id,
            NULL AS review_source,
            1 AS answer_count,
            a.hotel_csat::float AS csat,
            a.hotel_csat::text AS csat_value,
            CASE WHEN a.hotel_csat IS NULL THEN NULL WHEN a.hotel_csat >= %(top2)s THEN 100.0 ELSE 0.0 END
                AS csat_top2,
            CASE WHEN a.hotel_nps IS NULL THEN NULL WHEN a.hotel_nps >= %(promoter)s THEN 100.0
                 WHEN a.hotel_nps <= %(detractor)s THEN -100.0 ELSE 0.0 END AS nps,
            a.hotel_nps::text AS nps_value,
            a.hotel_nps_band AS nps_band,
            a.hotel_ces::float AS ces,
            a.hotel_ces::text AS ces_value,
            CASE WHEN a.hotel_ces IS NULL THEN NULL WHEN a.hotel_ces >= %(low_effort)s THEN 100.0 ELSE 0.0 END
                AS ces_low_effort,
            %(dims)s,
            0 AS review_count,
            NULL::float AS review_rating,
            NULL::float AS review_replied,
            NULL::float AS reply_hours,
            NULL::float AS median_reply_hours
            """,
            top2=CSAT_TOP2_MIN,
            promoter=NPS_PROMOTER_MIN,
            detractor=NPS_DETRACTOR_MAX,
            low_effort=CES_LOW_EFFORT_MIN,
            dims=dims,
        )

    def _from(self):
        return SQL("survey_user_input a")

    def _where(self):
        return SQL("a.state = 'done' AND NOT COALESCE(a.test_entry, FALSE) AND a.hotel_company_id IS NOT NULL")

    def _group_by(self):
        return SQL("")

    def _select_review(self):
        return SQL(
            """
            r.id * 2 + 1 AS id,
            'review' AS kind,
            r.date,
            r.company_id,
            r.partner_id,
            r.stay_id,
            NULL::int AS survey_id,
            r.source AS review_source,
            0 AS answer_count,
            NULL::float, NULL::text, NULL::float, NULL::float, NULL::text, NULL::varchar,
            NULL::float, NULL::text, NULL::float,
            NULL::float, NULL::float, NULL::float, NULL::float, NULL::float, NULL::float, NULL::float,
            1 AS review_count,
            r.rating_normalized::float AS review_rating,
            CASE WHEN r.reply_date IS NOT NULL THEN 100.0 ELSE 0.0 END AS review_replied,
            CASE WHEN r.reply_date IS NOT NULL THEN r.reply_hours END AS reply_hours,
            CASE WHEN r.reply_date IS NOT NULL THEN r.reply_hours END AS median_reply_hours
            """
        )

    def _query(self):
        group_by = self._group_by()
        return SQL(
            "SELECT %s FROM %s WHERE %s%s UNION ALL SELECT %s FROM hotel_crm_review r",
            self._select(),
            self._from(),
            self._where(),
            SQL(" GROUP BY %s", group_by) if group_by else SQL(""),
            self._select_review(),
        )

    def _read_group_select(self, aggregate_spec, query):
        # the pivot asks "median_reply_hours:avg"; answer with the median instead of the mean
        if aggregate_spec.split(":")[0] == "median_reply_hours":
            column = self._field_to_sql(self._table, "median_reply_hours", query)
            return SQL("percentile_cont(0.5) WITHIN GROUP (ORDER BY %s)", column)
        return super()._read_group_select(aggregate_spec, query)

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(SQL("CREATE OR REPLACE VIEW %s AS (%s)", SQL.identifier(self._table), self._query()))

    @api.model
    def hotel_satisfaction_index(self, domain=None, groupby=("company_id", "date:month")):
        """CSAT, NPS, CES and the review index per group of the rows matching ``domain``.

        :param list domain: extra domain on this report (the record rules apply)
        :param groupby: Odoo read_group groupings, by default per property and month
        :return: list of dicts, one per group: the groupby values and ``answers``, ``csat``
            (mean 1-5), ``csat_top2`` (%), ``nps`` (-100..100), ``ces`` (mean 1-7),
            ``ces_low_effort`` (%), ``reviews``, ``review_index`` (mean 0-100), ``reply_rate`` (%),
            ``median_reply_hours``; ``None`` where there is nothing to measure.
        """
        aggregates = [
            "answer_count:sum",
            "csat:avg",
            "csat_top2:avg",
            "nps:avg",
            "ces:avg",
            "ces_low_effort:avg",
            "review_count:sum",
            "review_rating:avg",
            "review_replied:avg",
            "median_reply_hours:avg",
        ]
        keys = [
            "answers",
            "csat",
            "csat_top2",
            "nps",
            "ces",
            "ces_low_effort",
            "reviews",
            "review_index",
            "reply_rate",
            "median_reply_hours",
        ]
        result = []
        for row in self._read_group(domain or [], list(groupby), aggregates):
            values = dict(zip(list(groupby) + keys, row, strict=True))
            if not values["reviews"]:
                values["reply_rate"] = None
            result.append(values)
        return result
