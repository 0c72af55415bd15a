"""Retention: guests whose personal data the properties no longer need are erased (issue #17 item 4).

Each property (``res.company``) sets a retention period in months (``hotel_retention_months``, 0 =
keep for good). The rule, the same for the dry run, the wizard's button and the daily job, is in
:meth:`ResPartner._hotel_retention_candidates`; the erasure itself is ``hotel_anonymize``.
"""

import logging

from psycopg2 import errors

from odoo import api, models
from odoo.tools import SQL

_logger = logging.getLogger(__name__)

# how many guests one run of the daily job erases before it commits and lets the cron run again
RETENTION_CRON_CHUNK = 100


class ResPartner(models.Model):
    _inherit = "res.partner"  # pylint: disable=consider-merging-classes-inherited

    # ------------------------------------------------------------------
    # The rule
    # ------------------------------------------------------------------
    @api.model
    def _hotel_retention_candidates(self, companies=None):
        """The guests whose retention period has elapsed: what the retention job would erase now.

        A guest is a candidate when all of the following hold:

        - a hotel guest (``hotel_guest``), not anonymised yet, not the contact of an internal user
          or of a property, archived or not;
        - no booked or in-house stay, no complaint, suggestion or compliment that is not closed
          (``is_closed``), no points balance (a balance expires by the loyalty policy first);
        - *their properties*: those of their stays (any state), complaints and points moves, and the
          contact's own company; a guest with none of these belongs to every property. If any of
          their properties keeps data for good (``hotel_retention_months`` = 0), never a candidate;
          else the **longest** period of their properties applies;
        - that period has elapsed since the departure of each of their stays (the last departure
          counts), each departure judged on its property's own today (``_hotel_today``): departure
          + period <= today; a guest who never stayed, since their creation date in each of their
          properties' time zones.

        The property whose period applied (the longest; the lowest id among equals) is the one the
        candidate is listed and erased under.

        :param companies: ``res.company`` recordset: only candidates listed under one of them
            (default ``None``: every property)
        :return: ``res.partner`` recordset, ordered by property then id
        """
        rows = self._hotel_retention_candidate_rows(companies=companies)
        return self.browse([row["partner_id"] for row in rows])

    @api.model
    def _hotel_retention_candidate_rows(self, companies=None, partner_ids=None):
        """The candidates of :meth:`_hotel_retention_candidates` with why they are candidates.

        One SQL statement over every guest (or ``partner_ids``), whatever the user's rights: the
        caller checks them.

        :param companies: ``res.company`` recordset or ``None`` (every property)
        :param partner_ids: iterable of ``res.partner`` ids to consider, or ``None`` (every guest)
        :return: list of dicts ``{"partner_id": int, "company_id": int (the property whose period
            applied), "months": int (that period), "last_stay_date": date or None (the last
            departure, any property)}``, ordered by property then guest
        """
        all_companies = self.env["res.company"].sudo().with_context(active_test=False).search([])
        if not any(all_companies.mapped("hotel_retention_months")):
            return []  # no property erases anything: no query at all
        if companies is not None and not companies.filtered("hotel_retention_months"):
            return []
        if partner_ids is not None:
            partner_ids = tuple(partner_ids)
            if not partner_ids:
                return []
        props = SQL(", ").join(
            SQL(
                "(%s, %s, %s::date, %s)",
                company.id,
                company.hotel_retention_months or 0,
                company._hotel_today(),
                company._hotel_tz_name(),
            )
            for company in all_companies
        )
        self.env.flush_all()
        query = SQL(
            """
            WITH prop(company_id, months, today, tz) AS (VALUES %(props)s),
            guests AS (
                SELECT p.id, p.create_date, p.company_id
                  FROM res_partner p
                 WHERE p.hotel_guest IS TRUE
                   AND p.hotel_anonymized IS NOT TRUE
                   AND COALESCE(p.hotel_points_balance, 0) <= 0
                   AND %(partner_filter)s
                   AND NOT EXISTS (SELECT 1 FROM res_users u WHERE u.partner_id = p.id AND u.share IS NOT TRUE)
                   AND NOT EXISTS (SELECT 1 FROM res_company rc WHERE rc.partner_id = p.id)
                   AND NOT EXISTS (SELECT 1 FROM hotel_crm_stay s
                                    WHERE s.partner_id = p.id AND s.state IN ('booked', 'in_house'))
                   AND NOT EXISTS (SELECT 1 FROM hotel_crm_complaint c
                                    WHERE c.partner_id = p.id AND c.is_closed IS NOT TRUE)
            ),
            links AS (
                SELECT s.partner_id, s.company_id FROM hotel_crm_stay s JOIN guests g ON g.id = s.partner_id
                UNION
                SELECT c.partner_id, c.company_id FROM hotel_crm_complaint c JOIN guests g ON g.id = c.partner_id
                 WHERE c.company_id IS NOT NULL
                UNION
                SELECT m.partner_id, m.company_id FROM hotel_crm_points_move m JOIN guests g ON g.id = m.partner_id
                 WHERE m.company_id IS NOT NULL
                UNION
                SELECT g.id, g.company_id FROM guests g WHERE g.company_id IS NOT NULL
            ),
            scope AS (
                SELECT l.partner_id, l.company_id FROM links l
                UNION ALL
                SELECT g.id, prop.company_id FROM guests g CROSS JOIN prop
                 WHERE NOT EXISTS (SELECT 1 FROM links l WHERE l.partner_id = g.id)
            ),
            period AS (
                SELECT sc.partner_id,
                       MAX(prop.months) AS months,
                       BOOL_OR(prop.months <= 0) AS kept,
                       (ARRAY_AGG(sc.company_id ORDER BY prop.months DESC, sc.company_id))[1] AS company_id
                  FROM scope sc JOIN prop ON prop.company_id = sc.company_id
                 GROUP BY sc.partner_id
            )
            SELECT pe.partner_id, pe.company_id, pe.months, last.last_stay_date
              FROM period pe
              JOIN guests g ON g.id = pe.partner_id
              LEFT JOIN LATERAL (
                    SELECT MAX(s.departure_date) AS last_stay_date FROM hotel_crm_stay s
                     WHERE s.partner_id = pe.partner_id
              ) last ON TRUE
             WHERE NOT pe.kept
               AND %(company_filter)s
               AND NOT EXISTS (
                    SELECT 1 FROM hotel_crm_stay s JOIN prop ON prop.company_id = s.company_id
                     WHERE s.partner_id = pe.partner_id
                       AND (s.departure_date IS NULL
                            OR (s.departure_date + make_interval(months => pe.months))::date > prop.today)
               )
               AND (last.last_stay_date IS NOT NULL OR NOT EXISTS (
                    SELECT 1 FROM scope sc JOIN prop ON prop.company_id = sc.company_id
                     WHERE sc.partner_id = pe.partner_id
                       AND (((g.create_date AT TIME ZONE 'UTC') AT TIME ZONE prop.tz)::date
                            + make_interval(months => pe.months))::date > prop.today
               ))
             ORDER BY pe.company_id, pe.partner_id
            """,
            props=props,
            partner_filter=SQL("p.id IN %s", partner_ids) if partner_ids is not None else SQL("TRUE"),
            company_filter=SQL("pe.company_id IN %s", tuple(companies.ids)) if companies is not None else SQL("TRUE"),
        )
        self.env.cr.execute(query)
        return self.env.cr.dictfetchall()

    # ------------------------------------------------------------------
    # The erasure of candidates
    # ------------------------------------------------------------------
    def _hotel_retention_reason(self, company, months):
        """The erasure reason logged for a guest erased under ``company``'s period of ``months``."""
        return self.env._("Retention period of %(months)s months at %(property)s", months=months, property=company.name)

    @api.model
    def _hotel_retention_anonymize(self, partner_ids, companies=None):
        """Erase those of ``partner_ids`` that are retention candidates now, one by one.

        Each guest in a savepoint of its own: its row locked ``FOR UPDATE SKIP LOCKED`` (a guest
        another worker is erasing is skipped), the rule checked again under the lock (a guest who
        booked since the list was made, or was erased meanwhile, is skipped), then
        ``hotel_anonymize`` with the reason "Retention period of N months at <property>", as the
        current user (who must be a Hotel CRM manager with the sensitive-data group) in the
        property whose period applied. A guest that fails is reported; the others go on.

        :param partner_ids: list of ``res.partner`` ids
        :param companies: ``res.company`` recordset the candidates must be listed under, or ``None``
        :return: dict ``{"done": [partner_id, ...], "skipped": [partner_id, ...] (no longer a
            candidate, or being erased by another worker), "failed": {partner_id: message}}``
        :raise AccessError: the user may not erase personal data
        """
        self._hotel_privacy_check_erasure_rights()
        result = {"done": [], "skipped": [], "failed": {}}
        cr = self.env.cr
        for partner_id in partner_ids:
            try:
                with cr.savepoint():
                    cr.execute(
                        SQL(
                            "SELECT id FROM res_partner WHERE id = %s AND hotel_anonymized IS NOT TRUE "
                            "FOR UPDATE SKIP LOCKED",
                            partner_id,
                        )
                    )
                    rows = cr.fetchall() and self._hotel_retention_candidate_rows(
                        companies=companies, partner_ids=[partner_id]
                    )
                    if not rows:
                        result["skipped"].append(partner_id)
                        continue
                    company = self.env["res.company"].browse(rows[0]["company_id"])
                    guest = self.browse(partner_id).with_company(company)
                    guest.hotel_anonymize(guest._hotel_retention_reason(company, rows[0]["months"]))
                    result["done"].append(partner_id)
            except (errors.SerializationFailure, errors.LockNotAvailable):
                # erased and committed by another worker since this transaction began
                result["skipped"].append(partner_id)
            except Exception as error:  # one guest's failure must not stop the others
                _logger.warning("Retention: guest %s not anonymised: %s", partner_id, error)
                result["failed"][partner_id] = str(error.args[0] if getattr(error, "args", None) else error)
        return result

    @api.model
    def _cron_hotel_retention(self, chunk=RETENTION_CRON_CHUNK):
        """The daily retention job: erase every candidate, property by property.

        Does nothing (not even a query of guests) while no property has a retention period. Run
        by the cron, it stops once ``chunk`` guests are anonymised and reports its progress, so
        that Odoo commits and runs it again at once for the rest (a crash loses at most one
        chunk, which the next run redoes); called otherwise, it goes through them all. A guest
        that fails is logged and tried again the next day. Safe to run twice at once: see
        :meth:`_hotel_retention_anonymize`.

        :param int chunk: guests anonymised per committed run of the cron
        :return: the number of guests anonymised
        """
        Partner = self.sudo()
        companies = (
            Partner.env["res.company"].with_context(active_test=False).search([("hotel_retention_months", ">", 0)])
        )
        if not companies:
            return 0
        in_cron = bool(self.env.context.get("ir_cron_progress_id"))
        rows = Partner._hotel_retention_candidate_rows(companies=companies)
        counts = {}
        done = attempted = 0
        for row in rows:
            if in_cron and done >= chunk:
                break
            company = Partner.env["res.company"].browse(row["company_id"])
            result = Partner.with_company(company)._hotel_retention_anonymize([row["partner_id"]], companies=company)
            attempted += 1
            done += len(result["done"])
            count = counts.setdefault(company, {"done": 0, "skipped": 0, "failed": 0})
            for key in count:
                count[key] += len(result[key])
        for company, count in counts.items():
            _logger.info(
                "Retention at %s (%s months): %s guests anonymised, %s skipped, %s failed",
                company.name,
                company.hotel_retention_months,
                count["done"],
                count["skipped"],
                count["failed"],
            )
        if in_cron:
            self.env["ir.cron"]._notify_progress(done=done, remaining=len(rows) - attempted)
        return done
