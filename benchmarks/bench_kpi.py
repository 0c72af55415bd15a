"""Time one month's KPI snapshot (``compute_snapshot``) next to the bare SQL of the same figures.

    python3 benchmarks/bench_kpi.py DBNAME [--guests 20000 --stays 200000] [--big] [--addons-path ...]

``--big`` is 200,000 guests and 2,000,000 stays. In one run the script (re)generates the data with
``generate.py`` (stays over the last three years, spread over the existing properties),
``VACUUM ANALYZE`` s it, then times, for the last closed month of the first property and for the
group (all properties):

* **bare SQL**: one hand-written statement for the stay-based figures (active and new guests,
  repeat and retention rate, top-20 % revenue share, revenue), the bulk of the work: the least
  any implementation has to do;
* **compute_snapshot**: the whole snapshot as a manager computes it (every KPI of the catalogue,
  its lines, its version), committed.

It prints both times and their ratio, and checks that the snapshot's figures equal the bare
SQL's, failing otherwise. Generated data is left in the database (``generate.py DBNAME --drop``
removes it).
"""

import argparse
import sys
import time
from datetime import timedelta

try:
    from bench_recompute import _vacuum, peak_rss_mb
    from generate import add_odoo_arguments, drop, generate, open_registry
except ImportError:  # imported as benchmarks.bench_kpi
    from .bench_recompute import _vacuum, peak_rss_mb
    from .generate import add_odoo_arguments, drop, generate, open_registry

# the same figures, written independently of the engine: a DISTINCT set of earlier guests joined
# (the engine probes an index per guest), percentages computed in SQL
BARE_SQL = """
    WITH period AS (
        SELECT partner_id, sum(revenue_total) AS rev
          FROM hotel_crm_stay
         WHERE state = 'checked_out' AND company_id = ANY(%(companies)s)
           AND departure_date BETWEEN %(d1)s AND %(d2)s
         GROUP BY partner_id
    ), earlier AS (
        SELECT DISTINCT partner_id FROM hotel_crm_stay
         WHERE state = 'checked_out' AND company_id = ANY(%(companies)s) AND departure_date < %(d1)s
    ), prev AS (
        SELECT DISTINCT partner_id FROM hotel_crm_stay
         WHERE state = 'checked_out' AND company_id = ANY(%(companies)s)
           AND departure_date BETWEEN %(p1)s AND %(p2)s
    ), ranked AS (
        SELECT rev, row_number() OVER (ORDER BY rev DESC, partner_id) AS rnk, count(*) OVER () AS n FROM period
    )
    SELECT (SELECT count(*) FROM period) AS active,
           (SELECT count(*) FROM period WHERE partner_id NOT IN (SELECT partner_id FROM earlier)) AS new,
           100.0 * (SELECT count(*) FROM period JOIN earlier USING (partner_id))
                 / NULLIF((SELECT count(*) FROM period), 0) AS repeat_rate,
           100.0 * (SELECT count(*) FROM prev JOIN period USING (partner_id))
                 / NULLIF((SELECT count(*) FROM prev), 0) AS retention_rate,
           100.0 * (SELECT sum(rev) FROM ranked WHERE rnk <= CEIL(n * 0.2))
                 / NULLIF((SELECT sum(rev) FROM period), 0) AS top20_revenue_share,
           (SELECT sum(rev) FROM period) AS revenue
"""
FIGURES = ("active", "new", "repeat_rate", "retention_rate", "top20_revenue_share", "revenue")
SNAPSHOT_CODES = {
    "active": "active_guests",
    "new": "new_guests",
    "repeat_rate": "repeat_rate",
    "retention_rate": "retention_rate",
    "top20_revenue_share": "top20_revenue_share",
    "revenue": "revenue",
}


def _last_month(today):
    last = today.replace(day=1) - timedelta(days=1)
    return last.replace(day=1), last


def bench(registry, company_label, company_ids, d1, d2):
    from odoo import SUPERUSER_ID, api  # noqa: PLC0415

    days = (d2 - d1).days + 1
    params = {"companies": company_ids, "d1": d1, "d2": d2, "p1": d1 - timedelta(days=days), "p2": d1 - timedelta(1)}
    with registry.cursor() as cr:
        start = time.perf_counter()
        cr.execute(BARE_SQL, params)
        bare_row = cr.fetchone()
        bare = time.perf_counter() - start
    bare_figures = dict(zip(FIGURES, bare_row, strict=True))
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        company = env["res.company"].browse(company_ids[0]) if len(company_ids) == 1 else False
        start = time.perf_counter()
        snapshot = env["hotel.crm.kpi.snapshot"].compute_snapshot(d1, d2, company)
        cr.commit()
        engine = time.perf_counter() - start
        values = snapshot.hotel_kpi_values()
        lines = len(snapshot.line_ids)
    print(f"  {company_label}, {d1} to {d2}:")
    print(f"    bare SQL (stay figures)            {bare:7.2f} s")
    print(f"    compute_snapshot ({lines} KPIs)       {engine:7.2f} s   {engine / bare:5.1f}x the bare SQL")
    active, new, n_stays = bare_figures["active"], bare_figures["new"], values["stays"]["value"]
    print(f"    active guests {active:,}, new {new:,}, stays {n_stays:,.0f}")
    for key in FIGURES:
        ours = values[SNAPSHOT_CODES[key]]["value"]
        theirs = float(bare_figures[key]) if bare_figures[key] is not None else None
        same = (ours is None and theirs is None) or (
            ours is not None and theirs is not None and abs(ours - theirs) <= 1e-6 * max(1.0, abs(theirs))
        )
        if not same:
            raise AssertionError(f"{key}: snapshot {ours} != bare SQL {theirs}")
    print("    figures equal to the bare SQL's")
    sys.stdout.flush()
    return bare, engine


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    add_odoo_arguments(parser)
    parser.add_argument("--guests", type=int, default=20000)
    parser.add_argument("--stays", type=int, default=200000)
    parser.add_argument("--big", action="store_true", help="200,000 guests and 2,000,000 stays")
    parser.add_argument("--seed", type=int, default=42)
    args = parser.parse_args(argv)
    guests, stays = (200000, 2000000) if args.big else (args.guests, args.stays)
    registry = open_registry(args)
    from odoo import SUPERUSER_ID, api  # noqa: PLC0415

    with registry.cursor() as cr:
        start = time.perf_counter()
        drop(cr)
        generate(cr, guests, stays, args.seed)
        generated = time.perf_counter() - start
    _vacuum(registry.db_name, ("hotel_crm_stay", "res_partner"))
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        companies = env["res.company"].search([])
        d1, d2 = _last_month(companies[0]._hotel_today())
        company_ids = companies.ids
    print(f"{guests:,} guests, {stays:,} stays over {len(company_ids)} properties (generated in {generated:.1f} s):")
    bench(registry, "one property", company_ids[:1], d1, d2)
    bench(registry, "group-wide", company_ids, d1, d2)
    print(f"  peak RSS of this process: {peak_rss_mb():.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
