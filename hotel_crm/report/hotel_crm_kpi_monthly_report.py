from odoo import api, models
from odoo.tools import SQL

from ..models.survey.metrics import DIMENSIONS

TOP_CAUSES = 5


class HotelCrmKpiMonthlyReport(models.AbstractModel):
    """The monthly CRM performance report (QWeb PDF) of a KPI snapshot: the KPI table beside the
    month before, the same month a year before and the target, the customer pyramid of the
    month's active guests, the top complaint causes, the satisfaction dimensions and training.

    The reader needs read access to the snapshot (its record rules: a property's managers and
    users, the group-wide row for those who see every property); the sections are computed over
    the properties the snapshot covers, nothing else.
    """

    _name = "report.hotel_crm.report_kpi_monthly"
    _description = "Monthly CRM Performance Report"

    @api.model
    def _get_report_values(self, docids, data=None):
        snapshots = self.env["hotel.crm.kpi.snapshot"].browse(docids)
        snapshots.check_access("read")
        return {
            "doc_ids": docids,
            "doc_model": "hotel.crm.kpi.snapshot",
            "docs": snapshots,
            "sections": {snapshot.id: self._hotel_sections(snapshot) for snapshot in snapshots},
        }

    @api.model
    def _hotel_sections(self, snapshot):
        """The figures of one snapshot's report.

        :return: ``{"kpis": rows of hotel_kpi_overview, "pyramid": [(label, guests, share %)],
            "causes": [(category, complaints)], "dimensions": [(label, mean or None, answers)],
            "training": {"sessions", "hours", "attendances"}}``
        """
        companies = snapshot.sudo().covered_company_ids
        overview = self.env["hotel.crm.kpi.snapshot"].hotel_kpi_overview(snapshot.date_from, snapshot.company_id)
        # the overview reads the current version; a report of an older version shows its own values
        own = snapshot.hotel_kpi_values()
        statuses = dict(self.env["hotel.crm.kpi.target"]._fields["status"]._description_selection(self.env))
        for row in overview["kpis"]:
            row["status_label"] = statuses.get(row["status"], "")
            figure = own.get(row["kpi"], {})
            row["value"] = figure.get("value") if figure.get("available") else None
            row["available"] = figure.get("available", False)
            row["display"] = figure.get("display", "")
            row["small_sample"] = figure.get("small_sample", False)
            row["sample_size"] = figure.get("sample_size", 0)
        return {
            "kpis": overview["kpis"],
            "pyramid": self._hotel_pyramid(companies, snapshot.date_from, snapshot.date_to),
            "causes": self._hotel_causes(companies, snapshot),
            "dimensions": self._hotel_dimensions(companies, snapshot),
            "training": self._hotel_training(companies, snapshot),
        }

    @api.model
    def _hotel_pyramid(self, companies, date_from, date_to):
        """Active guests of the period (a checked-out stay departing in it) per value segment."""
        Partner = self.env["res.partner"]
        self.env["hotel.crm.stay"].flush_model()
        Partner.flush_model(["hotel_value_segment"])
        rows = dict(
            self.env.execute_query(
                SQL(
                    """
                    SELECT COALESCE(p.hotel_value_segment, 'none'), count(DISTINCT p.id)
                      FROM hotel_crm_stay s JOIN res_partner p ON p.id = s.partner_id
                     WHERE s.company_id IN %s AND s.state = 'checked_out'
                       AND s.departure_date BETWEEN %s AND %s
                     GROUP BY 1
                    """,
                    tuple(companies.ids) or (0,),
                    date_from,
                    date_to,
                )
            )
        )
        total = sum(rows.values())
        labels = Partner._fields["hotel_value_segment"]._description_selection(self.env)
        return [(label, rows.get(key, 0), rows.get(key, 0) * 100.0 / total if total else 0.0) for key, label in labels]

    @api.model
    def _hotel_bounds(self, companies, snapshot):
        ctx = self.env["hotel.crm.kpi.snapshot"]._hotel_kpi_context(companies, snapshot.date_from, snapshot.date_to)
        return ctx["bounds"]

    @api.model
    def _hotel_causes(self, companies, snapshot):
        """The complaint categories with the most complaints received in the period (complaints only)."""
        self.env["hotel.crm.complaint"].flush_model()
        condition = self.env["hotel.crm.kpi.snapshot"]._hotel_kpi_complaint_domain_sql()
        rows = self.env.execute_query(
            SQL(
                """
                SELECT c.category_id, count(*)
                  FROM hotel_crm_complaint c JOIN %(bounds)s ON b.company_id = c.company_id
                 WHERE c.date_received >= b.start_utc AND c.date_received < b.end_utc AND %(condition)s
                 GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT %(limit)s
                """,
                bounds=self._hotel_bounds(companies, snapshot),
                condition=condition,
                limit=TOP_CAUSES,
            )
        )
        Category = self.env["hotel.crm.complaint.category"].sudo()
        return [(Category.browse(cat).name if cat else self.env._("No category"), count) for cat, count in rows]

    @api.model
    def _hotel_dimensions(self, companies, snapshot):
        """Mean of each service-quality dimension (1-5) over the survey answers completed in the period."""
        Input = self.env["survey.user_input"]
        Input.flush_model()
        averages = SQL(", ").join(
            SQL("avg(a.%s), count(a.%s)", SQL.identifier(f"hotel_{d}"), SQL.identifier(f"hotel_{d}"))
            for d in DIMENSIONS
        )
        [row] = self.env.execute_query(
            SQL(
                """
                SELECT %(averages)s
                  FROM survey_user_input a JOIN %(bounds)s ON b.company_id = a.hotel_company_id
                 WHERE a.state = 'done' AND a.end_datetime >= b.start_utc AND a.end_datetime < b.end_utc
                """,
                averages=averages,
                bounds=self._hotel_bounds(companies, snapshot),
            )
        )
        return [
            (Input._fields[f"hotel_{d}"].get_description(self.env)["string"], row[2 * i], row[2 * i + 1])
            for i, d in enumerate(DIMENSIONS)
        ]

    @api.model
    def _hotel_training(self, companies, snapshot):
        """Training sessions held in the period: how many, their hours, the attendances."""
        self.env["hotel.crm.training.session"].flush_model()
        self.env["hotel.crm.training.attendance"].flush_model()
        [(sessions, hours, attendances)] = self.env.execute_query(
            SQL(
                """
                WITH held AS (
                    SELECT s.id, s.duration_hours
                      FROM hotel_crm_training_session s JOIN %(bounds)s ON b.company_id = s.company_id
                     WHERE s.state = 'done' AND s.date_start >= b.start_utc AND s.date_start < b.end_utc
                )
                SELECT (SELECT count(*) FROM held),
                       (SELECT COALESCE(sum(duration_hours), 0) FROM held),
                       (SELECT count(*) FROM hotel_crm_training_attendance t
                         WHERE t.session_id IN (SELECT id FROM held))
                """,
                bounds=self._hotel_bounds(companies, snapshot),
            )
        )
        return {"sessions": sessions, "hours": hours, "attendances": attendances}
