"""Throughput of ``hotel.crm.stay.import_stays`` next to the bare SQL doing the same work.

    python3 benchmarks/bench_import.py DBNAME [--rows 50000] [--guests 10000]

DBNAME must have hotel_crm installed (``tools/run-demo`` or ``python3 -m odoo -d DBNAME -i hotel_crm
--stop-after-init``). Nothing is committed: every measured run is rolled back.

Both sides do the same work on the same rows: match each row's guest by normalised e-mail (creating
the guests that do not exist yet), then insert the stays with nights and total revenue. The bare SQL
side is a COPY into a staging table followed by two ``INSERT ... SELECT`` statements; it does not
validate rows one by one, report errors, check idempotency or run the ORM's computes and hooks,
which is what the difference pays for.
"""

import argparse
import io
import os
import random
import resource
import time
from datetime import date, timedelta

import odoo

try:
    from generate import add_odoo_arguments, open_registry
except ImportError:  # imported as benchmarks.bench_import
    from .generate import add_odoo_arguments, open_registry

ADDONS = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def make_rows(n_rows, n_guests, seed=7):
    rng = random.Random(seed)
    start = date(2023, 1, 1)
    rows = []
    for i in range(n_rows):
        g = rng.randrange(n_guests)
        arrival = start + timedelta(days=rng.randrange(1000))
        nights = rng.choice([1, 1, 2, 2, 3, 4, 7])
        rows.append(
            {
                "external_ref": f"BENCH-{i:07d}",
                "arrival_date": arrival.isoformat(),
                "departure_date": (arrival + timedelta(days=nights)).isoformat(),
                "name": f"Bench Guest {g}",
                "email": f"bench.guest.{g}@example.com",
                "channel": rng.choice(["direct", "website", "ota", "corporate"]),
                "state": "checked_out",
                "room_type": rng.choice(["Deluxe King", "Superior Twin", "Suite"]),
                "revenue_room": round(rng.uniform(400, 1500) * nights, 2),
                "revenue_fnb": round(rng.uniform(0, 200), 2),
            }
        )
    return rows


def bare_sql(cr, rows, company_id, currency_id):
    buf = io.StringIO()
    for r in rows:
        buf.write(
            "\t".join(
                [
                    r["external_ref"], r["arrival_date"], r["departure_date"], r["name"], r["email"],
                    r["channel"], r["state"], r["room_type"], str(r["revenue_room"]), str(r["revenue_fnb"]),
                ]
            )
            + "\n"
        )  # fmt: skip
    buf.seek(0)
    cr.execute(
        """CREATE TEMP TABLE bench_stage (ref text, arrival date, departure date, name text, email text,
           channel text, state text, room_type text, revenue_room numeric, revenue_fnb numeric) ON COMMIT DROP"""
    )
    cr.copy_from(buf, "bench_stage")
    cr.execute("ANALYZE bench_stage")
    cr.execute(
        """INSERT INTO res_partner (name, email, email_normalized, hotel_guest, active, type, create_date, write_date)
           SELECT DISTINCT ON (lower(s.email)) s.name, s.email, lower(s.email), true, true, 'contact', now(), now()
             FROM bench_stage s
             LEFT JOIN res_partner p ON p.email_normalized = lower(s.email)
            WHERE p.id IS NULL
            ORDER BY lower(s.email)"""
    )
    cr.execute(
        """INSERT INTO hotel_crm_stay (partner_id, company_id, currency_id, external_ref, arrival_date,
                  departure_date, nights, channel, state, room_type, revenue_room, revenue_fnb, revenue_total,
                  adults, create_date, write_date)
           SELECT p.id, %s, %s, s.ref, s.arrival, s.departure, s.departure - s.arrival, s.channel, s.state,
                  s.room_type, s.revenue_room, s.revenue_fnb, s.revenue_room + s.revenue_fnb, 1, now(), now()
             FROM bench_stage s
             JOIN (SELECT DISTINCT ON (email_normalized) id, email_normalized FROM res_partner
                    WHERE email_normalized IS NOT NULL ORDER BY email_normalized, id) p
               ON p.email_normalized = lower(s.email)""",
        [company_id, currency_id],
    )
    return cr.rowcount


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    add_odoo_arguments(parser)
    parser.set_defaults(addons_path=ADDONS, db_host="127.0.0.1")
    parser.add_argument("--rows", type=int, default=50000)
    parser.add_argument("--guests", type=int, default=10000)
    args = parser.parse_args()
    registry = open_registry(args)
    rows = make_rows(args.rows, args.guests)
    print(f"hotel_crm import benchmark: {args.rows} rows, {args.guests} distinct guests, database {args.database}")

    with registry.cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
        company = env.company
        t0 = time.perf_counter()
        n = bare_sql(cr, rows, company.id, company.currency_id.id)
        t_sql = time.perf_counter() - t0
        cr.rollback()

    with registry.cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
        t0 = time.perf_counter()
        result = env["hotel.crm.stay"].import_stays(rows)
        env.flush_all()
        t_orm = time.perf_counter() - t0
        assert result["created"] == args.rows and not result["errors"], result["errors"][:3]
        t0 = time.perf_counter()
        again = env["hotel.crm.stay"].import_stays(rows)
        t_again = time.perf_counter() - t0
        assert again == {"created": 0, "updated": 0, "errors": []}, again
        cr.rollback()

    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"{'bare SQL (COPY + INSERT ... SELECT)':<40} {t_sql:8.2f} s  {n / t_sql:10.0f} rows/s")
    print(f"{'import_stays, first run (creates)':<40} {t_orm:8.2f} s  {args.rows / t_orm:10.0f} rows/s")
    print(f"{'import_stays, same batch again (no-op)':<40} {t_again:8.2f} s  {args.rows / t_again:10.0f} rows/s")
    print(f"ratio import_stays / bare SQL: {t_orm / t_sql:.1f}x; peak RSS {rss:.0f} MiB")


if __name__ == "__main__":
    main()
