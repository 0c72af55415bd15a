"""Throughput of ``hotel.crm.stay.import_stays`` next to the bare SQL doing the same work.

    python3 benchmarks/bench_import.py DBNAME [--sizes 50000:10000,200000:40000] [--chunk 20000]
                                              [--bookers N] [--profile FILE.prof]

DBNAME must have hotel_crm installed (``python3 -m odoo -d DBNAME -i hotel_crm --without-demo=all
--stop-after-init``). Nothing is committed: every measured run is rolled back. Each size (rows:
distinct guests) runs in a process of its own, so that its peak RSS is its own.

Both sides do the same work on the same rows: match each row's guest by normalised e-mail (creating
the guests that do not exist yet), then insert the stays with nights and total revenue. The bare SQL
side is a COPY into a staging table followed by two ``INSERT ... SELECT`` statements; it does not
validate rows one by one, report errors, check idempotency, give guest codes, earn points, evaluate
tiers or keep the guests' aggregates, which is what the difference pays for.

The import side is a history load as ``tools/import-stays`` runs it: rows read as a stream and
sent to ``import_stays`` in chunks of ``--chunk`` rows (default 20,000) (context ``hotel_import_history``), first
on an empty database (creates), then the same rows again (the re-sent batch: nothing to write).
The tables written are vacuumed before each measured run and after the last (the rolled-back
rows are dead rows; see ``generate.vacuum``): the runs start from the same clean tables.
With ``--bookers N``, the OTA and corporate rows also name their booking company (``booker``), one
of N (created on the first run, matched on the second); the bare SQL side ignores it.
"""

import argparse
import cProfile
import io
import json
import os
import pstats
import random
import resource
import subprocess
import sys
import time
from datetime import date, timedelta
from itertools import islice

try:
    from generate import add_odoo_arguments, open_registry, vacuum
except ImportError:  # imported as benchmarks.bench_import
    from .generate import add_odoo_arguments, open_registry, vacuum

# the tables the runs write: vacuumed before each measured run (see generate.vacuum)
WRITTEN_TABLES = ["res_partner", "hotel_crm_stay", "hotel_crm_points_move", "hotel_crm_preference", "mail_message"]
ADDONS = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
COPY_COLUMNS = [
    "external_ref", "arrival_date", "departure_date", "name", "email",
    "channel", "state", "room_type", "revenue_room", "revenue_fnb",
]  # fmt: skip


def iter_rows(n_rows, n_guests, seed=7, bookers=0):
    """The benchmark's rows, one at a time (nothing kept): ``n_rows`` checked-out stays of
    ``n_guests`` guests over 2023-2025; with ``bookers``, OTA and corporate rows name one of that
    many booking companies."""
    rng = random.Random(seed)
    start = date(2023, 1, 1)
    for i in range(n_rows):
        g = rng.randrange(n_guests)
        arrival = start + timedelta(days=rng.randrange(1000))
        nights = rng.choice([1, 1, 2, 2, 3, 4, 7])
        row = {
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
        if bookers and row["channel"] in ("ota", "corporate"):
            row["booker"] = f"Bench {row['channel']} {i % bookers}"
        yield row


def make_rows(n_rows, n_guests, seed=7):
    return list(iter_rows(n_rows, n_guests, seed))


class RowStream(io.RawIOBase):
    """The rows as COPY text, produced while PostgreSQL reads them (flat memory)."""

    def __init__(self, rows):
        self.lines = ("\t".join(str(row[c]) for c in COPY_COLUMNS).encode() + b"\n" for row in rows)
        self.buffer = b""

    def readable(self):
        return True

    def readinto(self, target):
        while len(self.buffer) < len(target):
            line = next(self.lines, None)
            if line is None:
                break
            self.buffer += line
        size = min(len(target), len(self.buffer))
        target[:size], self.buffer = self.buffer[:size], self.buffer[size:]
        return size


def bare_sql(cr, rows, company_id, currency_id):
    cr.execute(
        """CREATE TEMP TABLE bench_stage (ref text, arrival date, departure date, name text, email text,
           channel text, state text, room_type text, revenue_room numeric, revenue_fnb numeric) ON COMMIT DROP"""
    )
    cr.copy_from(io.BufferedReader(RowStream(rows), 1 << 16), "bench_stage")
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


def import_in_chunks(env, rows, chunk):
    """``import_stays`` over ``rows`` in chunks, as the loader sends them; the totals."""
    Stay = env["hotel.crm.stay"].with_context(hotel_import_history=True)
    totals = {"created": 0, "updated": 0, "errors": 0}
    rows = iter(rows)
    while batch := list(islice(rows, chunk)):
        result = Stay.import_stays(batch)
        env.flush_all()
        env.invalidate_all()  # what the loader's commit per chunk does
        totals["created"] += result["created"]
        totals["updated"] += result["updated"]
        totals["errors"] += len(result["errors"])
        if result["errors"]:
            print(result["errors"][:3], file=sys.stderr)
    return totals


def peak_rss():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def measure(args, n_rows, n_guests):
    """One size, in this process: the figures as a dict."""
    import odoo  # noqa: PLC0415 - only the measuring child needs Odoo

    registry = open_registry(args)
    figures = {"rows": n_rows, "guests": n_guests, "rss_start": peak_rss()}
    vacuum(args.database, WRITTEN_TABLES)
    with registry.cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
        company = env.company
        t0 = time.perf_counter()
        figures["sql_rows"] = bare_sql(cr, iter_rows(n_rows, n_guests), company.id, company.currency_id.id)
        figures["sql"] = time.perf_counter() - t0
        cr.rollback()
    vacuum(args.database, WRITTEN_TABLES)
    with registry.cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
        profiler = cProfile.Profile() if args.profile else None
        t0 = time.perf_counter()
        if profiler:
            profiler.enable()
        first = import_in_chunks(env, iter_rows(n_rows, n_guests, bookers=args.bookers), args.chunk)
        if profiler:
            profiler.disable()
            profiler.dump_stats(args.profile)
        figures["first"] = time.perf_counter() - t0
        assert first == {"created": n_rows, "updated": 0, "errors": 0}, first
        t0 = time.perf_counter()
        again = import_in_chunks(env, iter_rows(n_rows, n_guests, bookers=args.bookers), args.chunk)
        figures["again"] = time.perf_counter() - t0
        assert again == {"created": 0, "updated": 0, "errors": 0}, again
        cr.rollback()
    vacuum(args.database, WRITTEN_TABLES)
    figures["rss_peak"] = peak_rss()
    return figures


def report(f):
    rows = f["rows"]
    print(f"\n{rows} rows, {f['guests']} distinct guests, chunks of the loader")
    lines = [
        ("bare SQL (COPY + INSERT ... SELECT)", f["sql"], 1.0),
        ("import_stays, first run (creates)", f["first"], f["first"] / f["sql"]),
        ("import_stays, same rows again (no-op)", f["again"], f["again"] / f["sql"]),
    ]
    for label, seconds, ratio in lines:
        print(f"  {label:<40} {seconds:8.2f} s {rows / seconds:10.0f} rows/s  {ratio:5.1f}x the bare SQL's time")
    print(
        f"  re-sent batch at {f['sql'] / f['again'] * 100:.0f} % of the bare SQL's throughput; "
        f"peak RSS {f['rss_peak']:.0f} MiB (registry loaded: {f['rss_start']:.0f} MiB)"
    )


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    add_odoo_arguments(parser)
    parser.set_defaults(addons_path=ADDONS, db_host="127.0.0.1")
    parser.add_argument("--sizes", default="50000:10000,200000:40000", help="rows:guests,... (default: %(default)s)")
    parser.add_argument("--chunk", type=int, default=20000, help="rows per import_stays call (default: %(default)s)")
    parser.add_argument(
        "--bookers", type=int, default=0, help="booking companies named by OTA and corporate rows (default: none)"
    )
    parser.add_argument("--profile", help="cProfile the first run into this file (one size only)")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    sizes = [tuple(int(n) for n in size.split(":")) for size in args.sizes.split(",")]
    if args.child:
        print(json.dumps(measure(args, *sizes[0])))
        return
    print(f"hotel_crm import benchmark, database {args.database}")
    for n_rows, n_guests in sizes:
        cmd = [sys.executable, os.path.abspath(__file__), *sys.argv[1:], "--child", "--sizes", f"{n_rows}:{n_guests}"]
        out = subprocess.run(cmd, check=True, capture_output=True, text=True)
        report(json.loads(out.stdout.strip().splitlines()[-1]))
        if args.profile:
            stats = pstats.Stats(args.profile)
            stats.sort_stats("cumulative").print_stats(25)
            stats.sort_stats("tottime").print_stats(15)


if __name__ == "__main__":
    main()
