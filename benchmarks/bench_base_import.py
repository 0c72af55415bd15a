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
``import_stays``. Prints the time per batch (first, median, last), the total, rows/s and the
peak RSS; fails if a batch reports an error or if the stays are not all there.
"""

import argparse
import io
import os
import resource
import statistics
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


def run(env, content, limit):
    """The dialog's batch loop; ``[(seconds, rows)]`` per batch."""
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
    batches, skip = [], 0
    while True:
        t0 = time.perf_counter()
        result = importer.execute_import(TEMPLATE_COLUMNS, TEMPLATE_COLUMNS, dict(options, limit=limit, skip=skip))
        env.flush_all()
        env.invalidate_all()  # each batch is a request of its own
        errors = [m for m in result["messages"] if m.get("type") == "error"]
        if errors:
            raise SystemExit(f"batch at row {skip}: {errors[:3]}")
        batches.append((time.perf_counter() - t0, len(result["ids"] or [])))
        if not result["nextrow"]:
            return batches
        skip = result["nextrow"]


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    add_odoo_arguments(parser)
    parser.set_defaults(addons_path=ADDONS, db_host="127.0.0.1")
    parser.add_argument("--rows", type=int, default=50000)
    parser.add_argument("--guests", type=int, default=10000)
    parser.add_argument("--limit", type=int, default=2000, help="the dialog's batch limit (default: %(default)s)")
    args = parser.parse_args()
    import odoo  # noqa: PLC0415

    registry = open_registry(args)
    vacuum(args.database, WRITTEN_TABLES)
    with registry.cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
        content = template_csv(args.rows, args.guests, env.company.name)
        t0 = time.perf_counter()
        batches = run(env, content, args.limit)
        total = time.perf_counter() - t0
        created = env["hotel.crm.stay"].search_count([("external_ref", "=like", "BENCH-%")])
        cr.rollback()
    vacuum(args.database, WRITTEN_TABLES)
    if created != args.rows:
        raise SystemExit(f"{created} stays imported, {args.rows} expected")
    times = [seconds for seconds, _rows in batches]
    print(f"base_import (import dialog, batches of {args.limit}), database {args.database}")
    print(
        f"  {args.rows} rows, {args.guests} guests created by name: {len(batches)} batches in {total:.1f} s, "
        f"{args.rows / total:.0f} rows/s; a batch: first {times[0]:.1f} s, median {statistics.median(times):.1f} s, "
        f"last {times[-1]:.1f} s; peak RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MiB"
    )


if __name__ == "__main__":
    sys.exit(main())
