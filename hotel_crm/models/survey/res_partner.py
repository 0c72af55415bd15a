from odoo import api, fields, models
from odoo.tools import SQL

USER = "hotel_crm.hotel_crm_group_user"


class ResPartner(models.Model):
    _inherit = "res.partner"  # pylint: disable=consider-merging-classes-inherited

    hotel_survey_count = fields.Integer(string="Survey Answers", compute="_compute_hotel_survey_stats", groups=USER)
    hotel_csat_last = fields.Integer(string="Latest CSAT", compute="_compute_hotel_survey_stats", groups=USER)
    hotel_csat_avg = fields.Float(
        string="Average CSAT", compute="_compute_hotel_survey_stats", digits=(3, 1), groups=USER
    )
    hotel_nps_last = fields.Integer(string="Latest NPS Score", compute="_compute_hotel_survey_stats", groups=USER)
    hotel_nps_avg = fields.Float(
        string="Average NPS Score", compute="_compute_hotel_survey_stats", digits=(3, 1), groups=USER
    )
    hotel_survey_latest = fields.Char(
        string="Latest CSAT / NPS", compute="_compute_hotel_survey_stats", groups=USER, help="e.g. '4 / 9'"
    )
    hotel_survey_average = fields.Char(string="Average CSAT / NPS", compute="_compute_hotel_survey_stats", groups=USER)
    hotel_review_count = fields.Integer(string="Online Reviews", compute="_compute_hotel_review_count", groups=USER)

    def _compute_hotel_survey_stats(self):
        """Completed answers of each guest: count, latest and mean CSAT and NPS score, in one query."""
        stats = {}
        ids = [pid for pid in self.ids if pid]
        if ids:
            self.env["survey.user_input"].flush_model(["partner_id", "state", "hotel_csat", "hotel_nps"])
            rows = self.env.execute_query(
                SQL(
                    """
                    SELECT partner_id, COUNT(*),
                           (ARRAY_AGG(hotel_csat ORDER BY end_datetime DESC, id DESC)
                               FILTER (WHERE hotel_csat IS NOT NULL))[1],
                           AVG(hotel_csat),
                           (ARRAY_AGG(hotel_nps ORDER BY end_datetime DESC, id DESC)
                               FILTER (WHERE hotel_nps IS NOT NULL))[1],
                           AVG(hotel_nps)
                      FROM survey_user_input
                     WHERE partner_id IN %s AND state = 'done' AND NOT COALESCE(test_entry, FALSE)
                     GROUP BY partner_id
                    """,
                    tuple(ids),
                )
            )
            stats = {row[0]: row[1:] for row in rows}
        for partner in self:
            count, csat_last, csat_avg, nps_last, nps_avg = stats.get(partner.id, (0, None, None, None, None))
            partner.hotel_survey_count = count
            partner.hotel_csat_last = csat_last or 0
            partner.hotel_csat_avg = float(csat_avg or 0)
            partner.hotel_nps_last = nps_last or 0
            partner.hotel_nps_avg = float(nps_avg or 0)
            partner.hotel_survey_latest = (
                f"{'-' if csat_last is None else csat_last} / {'-' if nps_last is None else nps_last}" if count else ""
            )
            partner.hotel_survey_average = (
                f"{'-' if csat_avg is None else f'{csat_avg:.1f}'} / {'-' if nps_avg is None else f'{nps_avg:.1f}'}"
                if count
                else ""
            )

    def _compute_hotel_review_count(self):
        counts = dict(
            self.env["hotel.crm.review"]._read_group([("partner_id", "in", self.ids)], ["partner_id"], ["__count"])
        )
        for partner in self:
            partner.hotel_review_count = counts.get(partner, 0)

    def action_hotel_view_survey_answers(self):
        self._hotel_ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Survey Answers"),
            "res_model": "survey.user_input",
            "view_mode": "list,form",
            "views": [(self.env.ref("hotel_crm.survey_user_input_view_list_hotel").id, "list"), (False, "form")],
            "domain": [("partner_id", "=", self.id), ("state", "=", "done")],
        }

    def action_hotel_view_reviews(self):
        self._hotel_ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Online Reviews"),
            "res_model": "hotel.crm.review",
            "view_mode": "list,form",
            "domain": [("partner_id", "=", self.id)],
        }

    # ------------------------------------------------------------------
    # Life cycle: a low CES or service dimension is a churn signal too
    # ------------------------------------------------------------------
    @api.model
    def _hotel_value_params(self, company, today):
        params = super()._hotel_value_params(company, today)
        params["low_ces"] = company.hotel_low_ces
        params["low_dimension"] = company.hotel_low_dimension
        return params

    @api.model
    def _hotel_risk_signal_queries(self, params):
        """Adds the guests whose answer in the value window has a CES or a service-quality dimension
        at or below the property's thresholds (CSAT and NPS are read by the base rule)."""
        queries = super()._hotel_risk_signal_queries(params)
        if "low_ces" in params:
            dimensions = SQL(" OR ").join(
                SQL("%s <= %s", SQL.identifier(f"hotel_{d}"), params["low_dimension"])
                for d in ("reliability", "responsiveness", "assurance", "empathy", "tangibles")
            )
            queries.append(
                SQL(
                    """SELECT partner_id FROM survey_user_input
                        WHERE partner_id IS NOT NULL AND create_date >= %s
                          AND (hotel_ces <= %s OR %s)""",
                    params["window_start"],
                    params["low_ces"],
                    dimensions,
                )
            )
        return queries
