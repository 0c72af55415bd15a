"""Time ``res.partner.hotel_recompute_value()`` next to the bare SQL computing the same pyramid and RFM.

    python3 benchmarks/bench_recompute.py DBNAME [--sizes 20000:200000,200000:2000000] [--addons-path ...]

For each size (guests:stays) the script (re)generates the data with ``generate.py``, then times in
one run:

* **bare SQL**: one hand-written statement materialising, for every guest, the window revenue,
  the pyramid segment and the three RFM quintile scores (``CREATE TEMP TABLE ... AS SELECT``), i.e.
  the least work any implementation has to do;
* **bare SQL + write**: the same statement, then one ``UPDATE res_partner`` storing the segment
  and the RFM score on every guest row: the least a first run on never-computed data must do;
* **recompute, first run**: ``hotel_recompute_value()`` as the nightly cron calls it, on data
  never computed before (every guest row is written, every guest's stays are new), compared
  with the bare SQL + write;
* **recompute, next run**: the same again, nothing changed (the nightly steady state: rows are
  compared, none is rewritten, no stay changed so no preference is inferred);
* **recompute, full**: ``hotel_recompute_value(full=True)`` (the manager's button): preferences
  are inferred again for every guest.

It prints each time and its ratio to the bare SQL (the first run also to the bare SQL + write),
the peak resident memory of this Python process (the recompute never loads guests into Python,
so it must not grow with the number of guests), and checks that the recompute's pyramid (guests
per segment) and RFM (guests per score) equal the bare SQL's, failing otherwise.
Generated data is left in the database (``generate.py DBNAME --drop`` removes it).
"""

import argparse
import resource
import sys
import time

try:
    from generate import add_odoo_arguments, drop, generate, open_registry
except ImportError:  # imported as benchmarks.bench_recompute
    from .generate import add_odoo_arguments, drop, generate, open_registry

BARE_SQL = """
    CREATE TEMP TABLE bench_bare AS
    WITH st AS (
        SELECT s.partner_id,
               count(*) AS n_all,
               sum(s.revenue_total) AS rev_all,
               max(s.departure_date) AS last_departure,
               COALESCE(sum(s.revenue_total) FILTER (WHERE s.departure_date > %(window_start)s), 0) AS rev_win
          FROM hotel_crm_stay s
          JOIN res_partner p ON p.id = s.partner_id AND p.hotel_guest
         WHERE s.state = 'checked_out' AND s.departure_date <= %(today)s
         GROUP BY s.partner_id
    ), pyr AS (
        SELECT partner_id, row_number() OVER (ORDER BY rev_win DESC, partner_id) AS rnk, count(*) OVER () AS n
          FROM st WHERE rev_win > 0
    ), rfm AS (
        SELECT partner_id,
               LEAST(5, 1 + 5 * (rank() OVER (ORDER BY last_departure) - 1) / count(*) OVER ()) AS r,
               LEAST(5, 1 + 5 * (rank() OVER (ORDER BY n_all) - 1) / count(*) OVER ()) AS f,
               LEAST(5, 1 + 5 * (rank() OVER (ORDER BY rev_all) - 1) / count(*) OVER ()) AS m
          FROM st
    )
    SELECT p.id,
           CASE WHEN pyr.rnk IS NULL THEN 'none'
                WHEN pyr.rnk <= GREATEST(1, CEIL(pyr.n * 0.01)) THEN 'vip'
                WHEN pyr.rnk <= CEIL(pyr.n * 0.20) THEN 'major'
                WHEN pyr.rnk <= CEIL(pyr.n * 0.50) THEN 'ordinary'
                ELSE 'small' END AS segment,
           concat(rfm.r, rfm.f, rfm.m) AS rfm_score
      FROM res_partner p
      LEFT JOIN pyr ON pyr.partner_id = p.id
      LEFT JOIN rfm ON rfm.partner_id = p.id
     WHERE p.hotel_guest
"""

BARE_WRITE = """
    UPDATE res_partner p
       SET hotel_value_segment = b.segment, hotel_rfm_score = NULLIF(b.rfm_score, '')
      FROM bench_bare b
     WHERE p.id = b.id
"""


def peak_rss_mb():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def _distribution(cr, query):
    cr.execute(query)
    return dict(cr.fetchall())


BARE_PYRAMID = "SELECT segment, count(*) FROM bench_bare GROUP BY segment"
BARE_RFM = "SELECT NULLIF(rfm_score, ''), count(*) FROM bench_bare GROUP BY 1"
RECOMPUTE_PYRAMID = "SELECT hotel_value_segment, count(*) FROM res_partner WHERE hotel_guest GROUP BY 1"
RECOMPUTE_RFM = "SELECT hotel_rfm_score, count(*) FROM res_partner WHERE hotel_guest GROUP BY 1"


def compare(label, recompute, bare):
    """Print whether the recompute's guests per value equal the bare SQL's; raise when they do not."""
    same = recompute == bare
    print(f"    {label}: {'equal to the bare SQL' if same else 'DIFFERENT from the bare SQL'} ({len(bare)} values)")
    if not same:
        diff = {
            key: (recompute.get(key, 0), bare.get(key, 0))
            for key in sorted(set(recompute) | set(bare), key=str)
            if recompute.get(key, 0) != bare.get(key, 0)
        }
        print(f"    guests per value where they differ (recompute, bare SQL): {diff}")
        raise AssertionError(f"{label}: the recompute and the bare SQL disagree")


def _vacuum(dbname, tables):
    import psycopg2  # noqa: PLC0415

    from odoo.sql_db import connection_info_for  # noqa: PLC0415

    _db, info = connection_info_for(dbname)
    cnx = psycopg2.connect(**info)
    try:
        cnx.autocommit = True  # VACUUM cannot run in a transaction
        with cnx.cursor() as cr:
            for table in tables:
                cr.execute(f"VACUUM ANALYZE {table}")
    finally:
        cnx.close()


def bench_size(registry, guests, stays, seed):
    from odoo import SUPERUSER_ID, api, fields  # noqa: PLC0415

    from odoo.addons.hotel_crm.models.value.res_partner_value_engine import VALUE_WORK_MEM  # noqa: PLC0415

    with registry.cursor() as cr:
        start = time.perf_counter()
        drop(cr)
        generate(cr, guests, stays, seed)
        cr.execute("ANALYZE res_partner")
        generated = time.perf_counter() - start
    # what autovacuum does to a live database: statistics and the visibility map (index-only scans)
    # of the freshly generated rows, before the bare SQL and the recompute alike
    _vacuum(registry.db_name, ("hotel_crm_stay", "res_partner"))
    cr_time = {}
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        today = fields.Date.context_today(env["res.partner"])
        window_start = fields.Date.subtract(today, days=env.company.hotel_value_window_days)
        # same memory budget as the recompute gives itself
        cr.execute("SET LOCAL work_mem = %s", [VALUE_WORK_MEM])
        start = time.perf_counter()
        cr.execute(BARE_SQL, {"today": today, "window_start": window_start})
        cr_time["bare"] = time.perf_counter() - start
        bare_pyramid = _distribution(cr, BARE_PYRAMID)
        bare_rfm = _distribution(cr, BARE_RFM)
        start = time.perf_counter()
        cr.execute(BARE_WRITE)
        cr_time["bare_write"] = cr_time["bare"] + time.perf_counter() - start
        cr.rollback()
    with registry.cursor() as cr:
        # a database never computed before: the first nightly run looks at every guest's stays
        cr.execute("DELETE FROM ir_config_parameter WHERE key = 'hotel_crm.value_last_run'")
    for run, full in (("first", False), ("next", False), ("full", True)):
        with registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            start = time.perf_counter()
            env["res.partner"].hotel_recompute_value(full=full)
            cr.commit()
            cr_time[run] = time.perf_counter() - start
    with registry.cursor() as cr:
        pyramid = _distribution(cr, RECOMPUTE_PYRAMID)
        rfm = _distribution(cr, RECOMPUTE_RFM)

    bare = cr_time["bare"]

    def line(label, seconds, extra=""):
        print(f"    {label:<38} {seconds:7.2f} s   {seconds / bare:5.1f}x the bare SQL{extra}")

    print(f"{guests:,} guests, {stays:,} stays (generated in {generated:.1f} s):")
    line("bare SQL (pyramid and RFM)", bare)
    line("bare SQL + write", cr_time["bare_write"])
    line(
        "recompute, first run (cron)",
        cr_time["first"],
        f", {cr_time['first'] / cr_time['bare_write']:.1f}x the bare SQL + write",
    )
    line("recompute, next run (cron, no change)", cr_time["next"])
    line("recompute, full (manager's button)", cr_time["full"])
    print(f"    peak RSS of this process: {peak_rss_mb():.0f} MB")
    print(f"    guests per segment: {dict(sorted(pyramid.items(), key=lambda kv: str(kv[0])))}")
    compare("pyramid (guests per segment)", pyramid, bare_pyramid)
    compare("RFM (guests per score)", rfm, bare_rfm)
    sys.stdout.flush()
    return cr_time


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    add_odoo_arguments(parser)
    parser.add_argument("--sizes", default="20000:200000,200000:2000000", help="guests:stays,guests:stays")
    parser.add_argument("--seed", type=int, default=42)
    args = parser.parse_args(argv)
    registry = open_registry(args)
    print(f"peak RSS after loading the registry: {peak_rss_mb():.0f} MB")
    for size in args.sizes.split(","):
        guests, stays = (int(x) for x in size.split(":"))
        bench_size(registry, guests, stays, args.seed)
    return 0


if __name__ == "__main__":
    sys.exit(main())
