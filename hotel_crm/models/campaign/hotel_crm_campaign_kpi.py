from odoo import api, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import SQL

# PostgreSQL integer ids
ID_MAX = 2**31 - 1


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
        :raise UserError: ``company_ids`` is not a list of existing properties, or the dates are
            not dates (``date`` or ``"YYYY-MM-DD"``) in order
        :raise AccessError: the caller may not read campaign responses, or names a property outside
            their current ones (the KPI engine calls it as superuser)
        """
        date_from, date_to = self._hotel_check_kpi_arguments(company_ids, date_from, date_to)
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
    def _hotel_check_kpi_arguments(self, company_ids, date_from, date_to):
        """The period of :meth:`hotel_kpi_campaign_figures` as dates, once its arguments are checked:
        public over RPC, it reads every property's responses with SQL."""
        _ = self.env._
        if not isinstance(company_ids, (list, tuple)) or not all(
            isinstance(cid, int) and not isinstance(cid, bool) and 0 < cid <= ID_MAX for cid in company_ids
        ):
            raise UserError(_("Campaign figures: argument “company_ids” must be a list of property ids."))
        companies = self.env["res.company"].sudo().browse(company_ids)
        if len(companies.exists()) != len(set(company_ids)):
            raise UserError(_("Campaign figures: argument “company_ids” names a property that does not exist."))
        if not self.env.su:
            # its SQL reads the responses of every property: the caller's current properties only
            self.env["hotel.crm.campaign.response"].check_access("read")
            if not companies <= self.env.companies:
                raise AccessError(_("Campaign figures: you may read the figures of your current properties only."))
        return self.env["hotel.crm.kpi.snapshot"]._hotel_check_period(date_from, date_to)
