"""Odoo's own import dialog (``base_import``) on a 50,000-row stay file, batch by batch.

    python3 benchmarks/bench_base_import.py DBNAME [--rows 50000] [--guests 10000] [--limit 2000]

DBNAME must have hotel_crm installed (``python3 -m odoo -d DBNAME -i hotel_crm --without-demo=all
--stop-after-init``). Nothing is committed: the run is rolled back.

What the dialog does with its batch option: the file (a CSV with the columns of the shipped
template, hotel_crm/static/xls/hotel_crm_stay_import_template.csv) uploaded once, then
``base_import.import.execute_import`` called with ``limit`` (the dialog's "Batch limit", 2,000 by
default) and ``skip`` = the ``nextrow`` of the previous call, until ``nextrow`` is 0; the guest
column (``partner_id``, by name) with "create if it does not exist" (``name_create_enabled_fields``),
as for a PMS export whose guests are not in Odoo yet. Each call goes through the ORM (``load``,
then ``create`` of the batch's stays with their points, tiers and aggregates), not through
``import_stays``. Prints the time of each batch, the total, rows/s and the peak RSS; fails if a
batch reports an error or if the stays are not all there. ``--sample N`` imports only N batches
spread over the file (each batch re-reads the whole file and starts at its row, as the dialog's
requests do) and extrapolates the whole file's time: the ORM path takes about an hour for
50,000 rows on a 2-core machine.
"""

import argparse
import io
import os
import resource
import sys
import time

try:
    from bench_import import WRITTEN_TABLES, iter_rows
    from generate import add_odoo_arguments, open_registry, vacuum
except ImportError:  # imported as benchmarks.bench_base_import
    from .bench_import import WRITTEN_TABLES, iter_rows
    from .generate import add_odoo_arguments, open_registry, vacuum

ADDONS = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TEMPLATE_COLUMNS = [
    "external_ref", "partner_id", "company_id", "arrival_date", "departure_date", "room_type",
    "channel", "state", "revenue_room", "revenue_fnb", "revenue_other",
]  # fmt: skip


def template_csv(n_rows, n_guests, company_name):
    """The benchmark's rows (``bench_import.iter_rows``) as a CSV file of the template's columns."""
    import csv  # noqa: PLC0415

    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(TEMPLATE_COLUMNS)
    for row in iter_rows(n_rows, n_guests):
        cells = {**row, "partner_id": row["name"], "company_id": company_name, "revenue_other": 0}
        writer.writerow([cells[c] for c in TEMPLATE_COLUMNS])
    return out.getvalue().encode()


def run(env, content, limit, skips=None):
    """The dialog's batch loop; ``[(skip, seconds, rows)]`` per batch. With ``skips``, only the
    batches starting at those rows (the dialog's "start at line"), each on its own."""
    importer = env["base_import.import"].create(
        {"res_model": "hotel.crm.stay", "file": content, "file_name": "stays.csv", "file_type": "text/csv"}
    )
    options = {
        "quoting": '"',
        "separator": ",",
        "has_headers": True,
        "date_format": "%Y-%m-%d",
        "float_decimal_separator": ".",
        "float_thousand_separator": ",",
        "name_create_enabled_fields": {"partner_id": True},
    }
    batches, todo = [], list(skips) if skips is not None else [0]
    while todo:
        skip = todo.pop(0)
        t0 = time.perf_counter()
        result = importer.execute_import(TEMPLATE_COLUMNS, TEMPLATE_COLUMNS, dict(options, limit=limit, skip=skip))
        env.flush_all()
        env.invalidate_all()  # each batch is a request of its own
        errors = [m for m in result["messages"] if m.get("type") == "error"]
        if errors:
            raise SystemExit(f"batch at row {skip}: {errors[:3]}")
        batches.append((skip, time.perf_counter() - t0, len(result["ids"] or [])))
        if skips is None and result["nextrow"]:
            todo.append(result["nextrow"])
    return batches


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    add_odoo_arguments(parser)
    parser.set_defaults(addons_path=ADDONS, db_host="127.0.0.1")
    parser.add_argument("--rows", type=int, default=50000)
    parser.add_argument("--guests", type=int, default=10000)
    parser.add_argument("--limit", type=int, default=2000, help="the dialog's batch limit (default: %(default)s)")
    parser.add_argument(
        "--sample",
        type=int,
        default=0,
        help="import only this many batches, evenly spread over the file (first and last included), and "
        "extrapolate the whole file's time from them (default: every batch)",
    )
    args = parser.parse_args()
    import odoo  # noqa: PLC0415

    registry = open_registry(args)
    n_batches = -(-args.rows // args.limit)
    skips = None
    if args.sample:
        picks = sorted({round(i * (n_batches - 1) / max(args.sample - 1, 1)) for i in range(args.sample)})
        skips = [index * args.limit for index in picks]
    vacuum(args.database, WRITTEN_TABLES)
    with registry.cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
        content = template_csv(args.rows, args.guests, env.company.name)
        t0 = time.perf_counter()
        batches = run(env, content, args.limit, skips)
        total = time.perf_counter() - t0
        imported = sum(rows for _skip, _seconds, rows in batches)
        created = env["hotel.crm.stay"].search_count([("external_ref", "=like", "BENCH-%")])
        cr.rollback()
    vacuum(args.database, WRITTEN_TABLES)
    expected = args.rows if skips is None else sum(min(args.limit, args.rows - skip) for skip in skips)
    if created != expected or imported != expected:
        raise SystemExit(f"{created} stays imported ({imported} reported), {expected} expected")
    rate = imported / total
    print(f"base_import (the import dialog, batches of {args.limit} rows), database {args.database}")
    print(f"  file of {args.rows} rows, {args.guests} guests created by name ('create if it does not exist')")
    for skip, seconds, rows in batches:
        print(f"  batch at row {skip:>6}: {rows} rows in {seconds:6.1f} s  ({rows / seconds:5.0f} rows/s)")
    label = "measured" if skips is None else f"extrapolated from {len(batches)} of {n_batches} batches"
    print(
        f"  whole file: {args.rows / rate:.0f} s ({label}), {rate:.0f} rows/s; slowest batch "
        f"{max(seconds for _skip, seconds, _rows in batches):.1f} s; "
        f"peak RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MiB"
    )


if __name__ == "__main__":
    sys.exit(main())
