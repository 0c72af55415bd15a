from odoo import fields, models
from odoo.tools import SQL

from ..models.care.hotel_crm_stay_check import OUTCOMES
from ..models.guest.hotel_crm_stay import STATES


class HotelCrmStayCheckReport(models.Model):
    """In-stay check analysis: one row per check, with measures ready to sum or average.

    Per property and month (of the check-in day, property time): checks, done, done on time,
    issues found, and how those stays ended: ``csat`` the mean CSAT (1-5) of the stay's completed
    survey answers (``NULL`` when none, which ``AVG`` leaves out), ``resolved_count`` /
    ``resolved_pct`` the issues whose complaint was resolved before the end of the departure day
    in the property's time zone (``resolved_pct`` is ``NULL`` for checks without an issue, so its
    mean is the share of issues resolved in time).
    """

    _name = "hotel.crm.stay.check.report"
    _inherit = ["hotel.crm.sql.report"]
    _description = "In-Stay Check Analysis"
    _auto = False
    _order = "date desc"
    _rec_name = "stay_id"
    _depends = {
        "hotel.crm.stay.check": [
            "stay_id",
            "company_id",
            "partner_id",
            "user_id",
            "done_user_id",
            "outcome",
            "date_due",
            "on_time",
            "complaint_id",
        ],
        "hotel.crm.stay": ["state", "departure_date"],
        "hotel.crm.complaint": ["resolved_date"],
        "res.company": ["hotel_tz"],
        "survey.user_input": ["hotel_stay_id", "state", "test_entry", "hotel_csat"],
    }

    date = fields.Date(string="Check-in Day", readonly=True)
    company_id = fields.Many2one("res.company", string="Property", readonly=True)
    partner_id = fields.Many2one("res.partner", string="Guest", readonly=True)
    stay_id = fields.Many2one("hotel.crm.stay", readonly=True)
    user_id = fields.Many2one("res.users", string="Guest Relations", readonly=True)
    done_user_id = fields.Many2one("res.users", string="Done By", readonly=True)
    outcome = fields.Selection(OUTCOMES, readonly=True)
    stay_state = fields.Selection(STATES, string="Stay Status", readonly=True)
    complaint_id = fields.Many2one("hotel.crm.complaint", readonly=True)
    check_count = fields.Integer(string="# Checks", readonly=True, aggregator="sum")
    done_count = fields.Integer(string="# Done", readonly=True, aggregator="sum")
    on_time_count = fields.Integer(string="# Done on Time", readonly=True, aggregator="sum")
    on_time_pct = fields.Float(string="Done on Time (%)", readonly=True, aggregator="avg", digits=(5, 1))
    satisfied_count = fields.Integer(string="# Satisfied", readonly=True, aggregator="sum")
    issue_count = fields.Integer(string="# Issues Found", readonly=True, aggregator="sum")
    resolved_count = fields.Integer(string="# Resolved Before Departure", readonly=True, aggregator="sum")
    resolved_pct = fields.Float(
        string="Issues Resolved Before Departure (%)", readonly=True, aggregator="avg", digits=(5, 1)
    )
    surveyed_count = fields.Integer(string="# Surveyed", readonly=True, aggregator="sum")
    csat = fields.Float(string="Survey CSAT", readonly=True, aggregator="avg", digits=(3, 2))

    def _resolved_in_time(self):
        """The complaint was resolved before the property's day after the departure began."""
        return SQL(
            "(c.resolved_date IS NOT NULL AND c.resolved_date < "
            "(((s.departure_date + 1)::timestamp AT TIME ZONE COALESCE(co.hotel_tz, 'UTC')) AT TIME ZONE 'UTC'))"
        )

    def _select(self):
        return SQL(
            """
            k.id AS id,
            (k.date_due - 1) AS date,
            k.company_id AS company_id,
            k.partner_id AS partner_id,
            k.stay_id AS stay_id,
            k.user_id AS user_id,
            k.done_user_id AS done_user_id,
            k.outcome AS outcome,
            s.state AS stay_state,
            k.complaint_id AS complaint_id,
            1 AS check_count,
            CASE WHEN k.outcome != 'none' THEN 1 ELSE 0 END AS done_count,
            CASE WHEN k.on_time THEN 1 ELSE 0 END AS on_time_count,
            CASE WHEN k.on_time THEN 100.0 ELSE 0.0 END AS on_time_pct,
            CASE WHEN k.outcome = 'satisfied' THEN 1 ELSE 0 END AS satisfied_count,
            CASE WHEN k.outcome = 'issue' THEN 1 ELSE 0 END AS issue_count,
            CASE WHEN k.outcome = 'issue' AND %(resolved)s THEN 1 ELSE 0 END AS resolved_count,
            CASE WHEN k.outcome != 'issue' THEN NULL WHEN %(resolved)s THEN 100.0 ELSE 0.0 END AS resolved_pct,
            CASE WHEN a.csat IS NOT NULL THEN 1 ELSE 0 END AS surveyed_count,
            a.csat AS csat
            """,
            resolved=self._resolved_in_time(),
        )

    def _from(self):
        return SQL(
            """
            hotel_crm_stay_check k
            JOIN hotel_crm_stay s ON s.id = k.stay_id
            JOIN res_company co ON co.id = k.company_id
            LEFT JOIN hotel_crm_complaint c ON c.id = k.complaint_id
            LEFT JOIN LATERAL (
                SELECT AVG(u.hotel_csat)::float AS csat
                  FROM survey_user_input u
                 WHERE u.hotel_stay_id = k.stay_id AND u.state = 'done'
                   AND NOT COALESCE(u.test_entry, FALSE) AND u.hotel_csat IS NOT NULL
            ) a ON TRUE
            """
        )


class HotelCrmComplaintReport(models.Model):
    """The complaints opened by an in-stay check keep their channel in the complaint analysis."""

    _inherit = "hotel.crm.complaint.report"  # pylint: disable=consider-merging-classes-inherited

    channel = fields.Selection(selection_add=[("in_stay_check", "In-Stay Check")])
