from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
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
        :raise AccessError: the caller may not read campaign responses, or names a property outside
            their current ones (the KPI engine calls it as superuser)
        :raise UserError: ``company_ids`` is not a list of ids, or the dates are not dates
        """
        company_ids, date_from, date_to = self._hotel_check_kpi_campaign_args(company_ids, date_from, date_to)
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

    @api.model
    def _hotel_check_kpi_campaign_args(self, company_ids, date_from, date_to):
        """The arguments of :meth:`hotel_kpi_campaign_figures`, checked: public over RPC, its SQL
        reads every property, so a caller gets the figures of their own current properties only."""
        if not isinstance(company_ids, list | tuple) or not all(
            isinstance(cid, int) and not isinstance(cid, bool) and 0 < cid < 2**31 for cid in company_ids
        ):
            raise UserError(self.env._("Campaign figures: argument “company_ids” must be a list of property ids."))
        try:
            start, end = fields.Date.to_date(date_from), fields.Date.to_date(date_to)
        except (TypeError, ValueError):
            start = end = None
        if not start or not end:
            raise UserError(self.env._("Campaign figures: “date_from” and “date_to” must be dates (YYYY-MM-DD)."))
        if not self.env.su:
            self.env["hotel.crm.campaign.response"].check_access("read")
            if not set(company_ids) <= set(self.env.companies.ids):
                raise AccessError(
                    self.env._("Campaign figures: you may read the figures of your current properties only.")
                )
        return list(company_ids), start, end
