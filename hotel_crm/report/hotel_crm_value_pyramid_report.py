from odoo import fields, models
from odoo.tools import SQL

from ..models.value.common import rank_ordered_groups
from ..models.value.res_partner import VALUE_SEGMENTS


class HotelCrmValuePyramidReport(models.Model):
    """The customer pyramid: guests and revenue share per value segment (the 80/20 split).

    One row per segment, read from the values stored by ``res.partner.hotel_recompute_value``.
    """

    _name = "hotel.crm.value.pyramid.report"
    _inherit = ["hotel.crm.sql.report"]
    _description = "Customer Pyramid"
    _auto = False
    _order = "sequence"
    _rec_name = "segment"
    _depends = {
        "res.partner": ["active", "hotel_guest", "hotel_value_segment", "hotel_value_revenue", "hotel_clv"],
    }

    sequence = fields.Integer(readonly=True)
    segment = fields.Selection(VALUE_SEGMENTS, readonly=True)
    guest_count = fields.Integer(string="Guests", readonly=True, aggregator="sum")
    revenue = fields.Float(string="Revenue in Window", digits=(16, 2), readonly=True, aggregator="sum")
    guest_share = fields.Float(
        string="Guest Share (%)", digits=(5, 1), readonly=True, aggregator=None,
        help="Share of the guests with revenue in the window.",
    )  # fmt: skip
    revenue_share = fields.Float(string="Revenue Share (%)", digits=(5, 1), readonly=True, aggregator=None)
    cumulative_guest_share = fields.Float(string="Cumulative Guests (%)", digits=(5, 1), readonly=True, aggregator=None)
    cumulative_revenue_share = fields.Float(
        string="Cumulative Revenue (%)", digits=(5, 1), readonly=True, aggregator=None,
        help="Revenue share of this segment and the ones above it: at 'Major', the top 20 % of guests.",
    )  # fmt: skip
    average_clv = fields.Float(string="Average CLV", digits=(16, 2), readonly=True, aggregator="avg")

    def _read_group_orderby(self, order, groupby_terms, query):
        # the pyramid's bars from VIP down to no revenue, not alphabetical
        ranked = rank_ordered_groups(self, order, groupby_terms, ("segment",))
        return ranked if ranked is not None else super()._read_group_orderby(order, groupby_terms, query)

    def _select(self):
        """One row per segment (the grouped part; :meth:`_query` adds the shares)."""
        return SQL(
            "hotel_value_segment AS segment, count(*) AS guest_count, "
            "COALESCE(sum(hotel_value_revenue), 0) AS revenue, avg(hotel_clv) AS average_clv"
        )

    def _from(self):
        return SQL("res_partner")

    def _where(self):
        return SQL("hotel_guest AND active AND hotel_value_segment IS NOT NULL")

    def _group_by(self):
        return SQL("hotel_value_segment")

    def _query(self):
        """The segments of :meth:`_select` with their guest and revenue shares, plain and cumulative."""
        order = SQL(
            "CASE segment %s END",
            SQL(" ").join(SQL("WHEN %s THEN %s", code, seq) for seq, (code, _label) in enumerate(VALUE_SEGMENTS, 1)),
        )
        return SQL(
            """
            WITH seg AS (%(segments)s), o AS (
                SELECT seg.*, %(order)s AS sequence,
                       sum(guest_count) FILTER (WHERE segment != 'none') OVER () AS total_guests,
                       sum(revenue) OVER () AS total_revenue
                  FROM seg
            )
            SELECT sequence AS id, sequence, segment, guest_count, revenue, average_clv,
                   CASE WHEN segment != 'none' AND total_guests > 0
                        THEN 100.0 * guest_count / total_guests END AS guest_share,
                   CASE WHEN total_revenue > 0 THEN 100.0 * revenue / total_revenue END AS revenue_share,
                   CASE WHEN segment != 'none' AND total_guests > 0
                        THEN 100.0 * sum(guest_count) OVER (ORDER BY sequence) / total_guests END
                       AS cumulative_guest_share,
                   CASE WHEN total_revenue > 0
                        THEN 100.0 * sum(revenue) OVER (ORDER BY sequence) / total_revenue END
                       AS cumulative_revenue_share
              FROM o
            """,
            segments=super()._query(),
            order=order,
        )
