from odoo import api, models
from odoo.tools import SQL


class HotelCrmCampaign(models.Model):
    """What the KPI snapshots read of the campaigns (``hotel.crm.kpi.snapshot._hotel_kpi_campaigns``)."""

    _inherit = "hotel.crm.campaign"  # pylint: disable=consider-merging-classes-inherited

    @api.model
    def hotel_kpi_campaign_figures(self, company_ids, date_from, date_to):
        """Campaign responses of a period and their attributed revenue.

        A response is a stay credited to a campaign (``hotel.crm.campaign.response``, one campaign
        per stay, hold-out guests' stays left out: they received nothing), counted in the period
        in which it was booked, in its property's calendar.

        :param list company_ids: the properties (ids)
        :param date_from: first day of the period (``date``), included
        :param date_to: last day of the period (``date``), included
        :return: ``{"responses": int, "revenue": float, "sample": int}`` (the sample is the number
            of responses)
        """
        self.env["hotel.crm.campaign.response"].flush_model()
        [(responses, revenue)] = self.env.execute_query(
            SQL(
                """
                SELECT count(*), COALESCE(sum(r.revenue), 0)
                  FROM hotel_crm_campaign_response r
                  JOIN res_company c ON c.id = r.company_id
                 WHERE r.company_id = ANY(%(companies)s) AND NOT COALESCE(r.holdout, FALSE)
                   AND (r.booking_date AT TIME ZONE 'UTC' AT TIME ZONE COALESCE(c.hotel_tz, 'UTC'))::date
                       BETWEEN %(date_from)s AND %(date_to)s
                """,
                companies=list(company_ids) or [0],
                date_from=date_from,
                date_to=date_to,
            )
        )
        return {"responses": responses, "revenue": float(revenue), "sample": responses}
