"""``hotel.crm.campaign.response``: the stays credited to campaigns, computed set-based.

A stay is a response to a campaign when its guest was selected by the campaign (recipient or
hold-out), it is at the campaign's property, it was booked within the campaign's response window
(``sent_date`` ≤ booking ≤ ``sent_date`` + ``response_days`` days), it arrives on or after the day of
the send (a stay loaded later from an older history is no response), it is neither cancelled nor a
no-show (``EXCLUDED_STATES``) and not a compensation stay. A stay matching several campaigns is
credited to one only: the latest sent before its booking (then the highest id). The booking moment
is the stay's creation in Odoo (``_hotel_booking_moment``).
"""

from odoo import api, fields, models
from odoo.tools import SQL

from .common import EXCLUDED_STATES

# pg_advisory_xact_lock(key, company id): one attribution per property at a time
ATTRIBUTION_LOCK = 20160529


class HotelCrmCampaignResponse(models.Model):
    _name = "hotel.crm.campaign.response"
    _description = "Hotel Campaign Response"
    _order = "booking_date desc, id desc"
    _rec_name = "stay_id"

    campaign_id = fields.Many2one("hotel.crm.campaign", required=True, index=True, ondelete="cascade", readonly=True)
    member_id = fields.Many2one("hotel.crm.campaign.member", required=True, ondelete="cascade", readonly=True)
    partner_id = fields.Many2one("res.partner", string="Guest", required=True, index=True, readonly=True)
    stay_id = fields.Many2one("hotel.crm.stay", required=True, ondelete="cascade", readonly=True)
    company_id = fields.Many2one("res.company", string="Property", required=True, index=True, readonly=True)
    holdout = fields.Boolean(string="Hold-out", readonly=True, help="The guest was in the campaign's hold-out.")
    booking_date = fields.Datetime(string="Booked On", readonly=True)
    arrival_date = fields.Date(related="stay_id.arrival_date")
    currency_id = fields.Many2one("res.currency", readonly=True)
    revenue = fields.Monetary(currency_field="currency_id", readonly=True)

    _sql_constraints = [
        ("stay_unique", "UNIQUE(stay_id)", "A stay is credited to one campaign only."),
    ]

    @api.model
    def _hotel_booking_moment(self):
        """The SQL expression of a stay's booking moment (alias ``s`` for ``hotel_crm_stay``).

        Today the stay's creation in Odoo; override when stays carry the PMS's booking date.
        :return: SQL
        """
        return SQL("s.create_date")

    @api.model
    def _hotel_attribute(self, companies, since=None):
        """Credit the stays of ``companies`` to their campaigns again, then refresh the campaigns' figures.

        One ``DELETE`` and one ``INSERT … SELECT DISTINCT ON (stay)`` per call, under a transaction
        lock per property; run by the nightly cron (the stays booked in the last year) and by
        *Refresh Figures* (all).
        :param companies: ``res.company`` records (properties)
        :param since: a UTC datetime: only the stays booked from then on are credited again (a stay
            booked earlier keeps its credit: no campaign whose window ended before ``since`` can
            take a later booking); ``None`` for all
        :return: the number of stays credited
        """
        if not companies:
            return 0
        self.env.flush_all()
        for company_id in sorted(companies.ids):
            self.env.cr.execute(SQL("SELECT pg_advisory_xact_lock(%s, %s)", ATTRIBUTION_LOCK, company_id))
        self.env.cr.execute(
            SQL(
                "DELETE FROM hotel_crm_campaign_response WHERE company_id = ANY(%s)%s",
                companies.ids,
                SQL(" AND booking_date >= %s", since) if since else SQL(),
            )
        )
        booked = self._hotel_booking_moment()
        self.env.cr.execute(
            SQL(
                """
            INSERT INTO hotel_crm_campaign_response
                   (campaign_id, member_id, partner_id, stay_id, company_id, holdout, booking_date,
                    currency_id, revenue, create_uid, create_date, write_uid, write_date)
            SELECT DISTINCT ON (s.id)
                   c.id, m.id, m.partner_id, s.id, s.company_id, m.holdout, %(booked)s,
                   s.currency_id, COALESCE(s.revenue_total, 0),
                   %(uid)s, now() at time zone 'UTC', %(uid)s, now() at time zone 'UTC'
              FROM hotel_crm_campaign c
              JOIN res_company rc ON rc.id = c.company_id
              JOIN hotel_crm_campaign_member m ON m.campaign_id = c.id
              JOIN hotel_crm_stay s ON s.partner_id = m.partner_id AND s.company_id = c.company_id
             WHERE c.company_id = ANY(%(companies)s)
               AND c.state = 'sent'
               AND c.sent_date IS NOT NULL
               %(recent)s
               AND %(booked)s >= c.sent_date
               AND %(booked)s <= c.sent_date + make_interval(days => c.response_days)
               AND s.arrival_date >= (c.sent_date AT TIME ZONE 'UTC'
                                           AT TIME ZONE COALESCE(NULLIF(rc.hotel_tz, ''), 'UTC'))::date
               AND s.state NOT IN %(excluded)s
               AND NOT COALESCE(s.is_compensation, FALSE)
          ORDER BY s.id, c.sent_date DESC, c.id DESC
            """,
                booked=booked,
                uid=self.env.uid,
                companies=companies.ids,
                excluded=EXCLUDED_STATES,
                recent=SQL("AND c.window_end >= %s AND %s >= %s", since, booked, since) if since else SQL(),
            )
        )
        credited = self.env.cr.rowcount
        self.env.invalidate_all()
        campaigns = (
            self.env["hotel.crm.campaign"]
            .sudo()
            .with_context(active_test=False)
            .search(
                [("company_id", "in", companies.ids), ("state", "=", "sent")]
                + ([("window_end", ">=", since)] if since else [])
            )
        )
        campaigns._hotel_refresh_figures()
        return credited
