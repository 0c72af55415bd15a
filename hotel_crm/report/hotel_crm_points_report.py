from odoo import api, fields, models
from odoo.tools import SQL

from ..models.loyalty.hotel_crm_points_move import MOVE_TYPES, POINT_VALUE_DEFAULT, POINT_VALUE_PARAM


class HotelCrmPointsReport(models.Model):
    """Loyalty analysis: one row per points move, split into issued / redeemed / expired measures."""

    _name = "hotel.crm.points.report"
    _inherit = ["hotel.crm.sql.report"]
    _description = "Loyalty Points Analysis"
    _auto = False
    _order = "date desc"
    _depends = {
        "hotel.crm.points.move": ["date", "company_id", "partner_id", "reward_id", "move_type", "points"],
        "res.partner": ["hotel_tier_id"],
    }

    date = fields.Date(readonly=True)
    company_id = fields.Many2one("res.company", string="Property", readonly=True)
    partner_id = fields.Many2one("res.partner", string="Guest", readonly=True)
    tier_id = fields.Many2one("hotel.crm.tier", string="Current Tier", readonly=True)
    reward_id = fields.Many2one("hotel.crm.reward", readonly=True)
    move_type = fields.Selection(MOVE_TYPES, string="Type", readonly=True)
    points = fields.Integer(string="Net Points", readonly=True, aggregator="sum")
    points_issued = fields.Integer(readonly=True, aggregator="sum")
    points_redeemed = fields.Integer(readonly=True, aggregator="sum")
    points_expired = fields.Integer(readonly=True, aggregator="sum")
    points_reversed = fields.Integer(readonly=True, aggregator="sum")
    liability_value = fields.Float(
        readonly=True,
        aggregator="sum",
        digits=(16, 2),
        help="Net points times the value of one point (Settings): summed over all moves up to a date, "
        "the outstanding points liability.",
    )

    def _select(self):
        return SQL(
            """
            m.id AS id,
            m.date AS date,
            m.company_id AS company_id,
            m.partner_id AS partner_id,
            p.hotel_tier_id AS tier_id,
            m.reward_id AS reward_id,
            m.move_type AS move_type,
            m.points AS points,
            CASE WHEN m.points > 0 THEN m.points ELSE 0 END AS points_issued,
            CASE WHEN m.move_type = 'redeem' THEN -m.points ELSE 0 END AS points_redeemed,
            CASE WHEN m.move_type = 'expire' THEN -m.points ELSE 0 END AS points_expired,
            CASE WHEN m.move_type = 'adjust' AND m.points < 0 THEN -m.points ELSE 0 END AS points_reversed,
            m.points * COALESCE(
                (SELECT NULLIF(value, '')::numeric FROM ir_config_parameter
                  WHERE key = %s), %s) AS liability_value
            """,
            POINT_VALUE_PARAM,
            POINT_VALUE_DEFAULT,
        )

    def _from(self):
        return SQL("hotel_crm_points_move m JOIN res_partner p ON p.id = m.partner_id")

    @api.model
    def _hotel_loyalty_summary(self, date_from, date_to):
        """Programme figures for a period, in the current companies (properties).

        :return: dict with ``issued``, ``redeemed``, ``expired``, ``reversed`` (points in the
            period), ``outstanding`` (net points of all moves up to ``date_to``), ``liability``
            (outstanding × point value), ``redemption_rate`` (redeemed / issued in percent) and
            ``tiers`` (``[(tier name, guests)]``, guests of every tier today).
        """
        domain = [("company_id", "in", self.env.companies.ids)]
        period = self._read_group(
            [*domain, ("date", ">=", date_from), ("date", "<=", date_to)],
            [],
            ["points_issued:sum", "points_redeemed:sum", "points_expired:sum", "points_reversed:sum"],
        )[0]
        outstanding, liability = self._read_group(
            [*domain, ("date", "<=", date_to)], [], ["points:sum", "liability_value:sum"]
        )[0]
        issued, redeemed, expired, reversed_ = (value or 0 for value in period)
        tiers = self.env["res.partner"]._read_group(
            [("hotel_guest", "=", True), ("hotel_tier_id", "!=", False)], ["hotel_tier_id"], ["__count"]
        )
        ranked = self.env["hotel.crm.tier"]._hotel_ranked()
        counts = {tier.id: count for tier, count in tiers}
        return {
            "issued": issued,
            "redeemed": redeemed,
            "expired": expired,
            "reversed": reversed_,
            "outstanding": outstanding or 0,
            "liability": round(liability or 0.0, 2),
            "redemption_rate": round(100.0 * redeemed / issued, 1) if issued else 0.0,
            "tiers": [(tier.name, counts.get(tier.id, 0)) for tier in ranked],
        }
