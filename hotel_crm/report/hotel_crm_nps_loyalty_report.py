from odoo import fields, models, tools
from odoo.tools import SQL

from ..models.survey.metrics import NPS_BANDS


class HotelCrmNpsLoyaltyReport(models.Model):
    """Does satisfaction turn into loyalty? One row per answered NPS question of a surveyed stay,
    with what the guest did in the 12 months after that stay's departure, at any property:

    * ``repeat_rate`` 100 if the guest checked out at least one later stay arriving in those
      12 months, else 0: its mean per NPS band is the band's repeat-stay rate (%);
    * ``next_stays`` and ``next_revenue`` (the total revenue of those stays): their means are stays
      and revenue per guest answer;
    * ``clv``: the guest's current lifetime value (``res.partner.hotel_clv``).

    A guest who answered twice appears twice, once per surveyed stay. Answers whose 12 months
    are not over yet are included; filter on ``window_complete`` to compare complete years only.
    """

    _name = "hotel.crm.nps.loyalty.report"
    _description = "Satisfaction and Loyalty by NPS Band"
    _auto = False
    _order = "date desc"
    _depends = {
        "survey.user_input": ["state", "test_entry", "partner_id", "hotel_stay_id", "hotel_nps", "end_datetime"],
        "hotel.crm.stay": ["partner_id", "state", "arrival_date", "departure_date", "revenue_total"],
        "res.partner": ["hotel_clv"],
    }

    date = fields.Datetime(string="Answered On", readonly=True)
    departure_date = fields.Date(string="Surveyed Departure", readonly=True)
    company_id = fields.Many2one("res.company", string="Property", readonly=True)
    partner_id = fields.Many2one("res.partner", string="Guest", readonly=True)
    stay_id = fields.Many2one("hotel.crm.stay", string="Surveyed Stay", readonly=True)
    nps_band = fields.Selection(NPS_BANDS, string="NPS Band", readonly=True)
    nps_score = fields.Float(string="NPS Score (0-10)", readonly=True, aggregator="avg", digits=(4, 1))
    answer_count = fields.Integer(string="# Answers", readonly=True, aggregator="sum")
    window_complete = fields.Boolean(string="12 Months Elapsed", readonly=True)
    repeat_rate = fields.Float(string="Repeat-stay Rate (%)", readonly=True, aggregator="avg", digits=(5, 1))
    next_stays = fields.Float(string="Stays in Next 12 Months", readonly=True, aggregator="avg", digits=(5, 2))
    next_revenue = fields.Float(string="Revenue in Next 12 Months", readonly=True, aggregator="avg", digits=(16, 2))
    clv = fields.Float(string="Lifetime Value", readonly=True, aggregator="avg", digits=(16, 2))

    def _select(self):
        return SQL(
            """
            a.id AS id,
            a.end_datetime AS date,
            s.departure_date,
            s.company_id,
            a.partner_id,
            a.hotel_stay_id AS stay_id,
            a.hotel_nps_band AS nps_band,
            a.hotel_nps::float AS nps_score,
            1 AS answer_count,
            (s.departure_date + INTERVAL '12 months' <= CURRENT_DATE) AS window_complete,
            CASE WHEN COUNT(n.id) > 0 THEN 100.0 ELSE 0.0 END AS repeat_rate,
            COUNT(n.id)::float AS next_stays,
            COALESCE(SUM(n.revenue_total), 0)::float AS next_revenue,
            COALESCE(p.hotel_clv, 0)::float AS clv
            """
        )

    def _from(self):
        return SQL(
            """
            survey_user_input a
            JOIN hotel_crm_stay s ON s.id = a.hotel_stay_id
            JOIN res_partner p ON p.id = a.partner_id
            LEFT JOIN hotel_crm_stay n
                   ON n.partner_id = a.partner_id
                  AND n.id != s.id
                  AND n.state = 'checked_out'
                  AND n.arrival_date >= s.departure_date
                  AND n.arrival_date < s.departure_date + INTERVAL '12 months'
            """
        )

    def _where(self):
        return SQL("a.state = 'done' AND NOT COALESCE(a.test_entry, FALSE) AND a.hotel_nps IS NOT NULL")

    def _group_by(self):
        return SQL("a.id, s.id, p.id")

    def _query(self):
        return SQL(
            "SELECT %s FROM %s WHERE %s GROUP BY %s",
            self._select(),
            self._from(),
            self._where(),
            self._group_by(),
        )

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(SQL("CREATE OR REPLACE VIEW %s AS (%s)", SQL.identifier(self._table), self._query()))
