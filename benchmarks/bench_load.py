"""Load benchmark: concurrent JSON-RPC clients against Odoo with 2 workers, then 1 worker.

    python3 benchmarks/bench_load.py DBNAME [--guests 200000 --stays 400000] [--clients 20]
        [--duration 30] [--workers 2,1] [--addons-path .] [--db_host ...] [--db_user ...]

1. **Data.** Reuses the generated guests of ``DBNAME`` when there are at least ``--guests`` of
   them, else (re)generates ``--guests`` guests and ``--stays`` stays with ``generate.py``
   (default 200,000 / 400,000: the 2,000,000 stays of the product's target size take long to
   generate on a small machine and do not change a guest search; pass ``--stays 2000000``).
   A Hotel CRM user ``bench_desk`` of every property is created (or reused): the clients work as
   the front desk does, record rules included.
2. **One client, in the database.** For each guest search the desk makes (name in the guest list,
   name in a many2one dropdown, e-mail, phone) the query the ORM builds for ``bench_desk``, under
   ``EXPLAIN ANALYZE``: with the search indexes, then in a transaction that drops them (rolled
   back), i.e. before and after ``res_partner_search.py``.
3. **Load.** Starts ``odoo-bin`` on 127.0.0.1 (a random port, no cron) with ``--workers`` 2, then
   1, and drives ``--clients`` concurrent JSON-RPC clients (one ``requests`` session each, signed
   in as ``bench_desk``) for ``--duration`` seconds each, in this mix: 70 % guest form reads, 20 %
   guest searches (name, phone and e-mail in turn, as the search view sends them), 5 % stay
   import batches of 10 rows (``import_stays``), 5 % complaint creations. Prints per operation
   and in total the calls, throughput, p50/p95/p99 latency and errors (expected: none).

Imported stays (``LOAD-...``) and complaints (``Load bench ...``) stay in the database.
"""

import argparse
import json
import os
import random
import socket
import statistics
import subprocess
import sys
import threading
import time
import uuid
from collections import defaultdict

try:
    from generate import add_odoo_arguments, drop, generate, open_registry, realistic_name
except ImportError:  # imported as benchmarks.bench_load
    from .generate import add_odoo_arguments, drop, generate, open_registry, realistic_name

BENCH_LOGIN = "bench_desk"
BENCH_PASSWORD = "bench_desk_pw"
FORM_FIELDS = [
    "name",
    "email",
    "phone",
    "mobile",
    "hotel_guest_code",
    "hotel_consent_email",
    "hotel_consent_sms",
    "hotel_birthday",
    "hotel_stay_count",
    "hotel_nights_total",
    "hotel_revenue_total",
    "hotel_first_stay_date",
    "hotel_last_stay_date",
    "hotel_value_segment",
    "hotel_lifecycle_stage",
    "hotel_tier_id",
    "hotel_points_balance",
    "hotel_preference_ids",
]
LIST_FIELDS = ["display_name", "email", "phone", "hotel_guest_code"]
# operation -> weight of the mix
MIX = {"form_read": 70, "search_name": 7, "search_phone": 7, "search_email": 6, "import_stays": 5, "complaint": 5}
IMPORT_ROWS = 10
# how the generated guests are named (--names): "bench" or "realistic" (see generate.generate)
GUEST_NAMES = {"pattern": "bench"}


def parse_mix(text):
    """``"form_read=80,search_name=20"`` -> ``{"form_read": 80, "search_name": 20}`` (operations of MIX)."""
    mix = {}
    for part in text.split(","):
        op, _sep, weight = part.partition("=")
        if op.strip() not in MIX or not weight.strip().isdigit():
            raise argparse.ArgumentTypeError(f"{part!r}: expected operation=weight, operations {', '.join(MIX)}")
        mix[op.strip()] = int(weight)
    return mix


def name_domain(text):
    """The guest list's name search: the contact search view's name field, with Hotel Guests on."""
    columns = ("complete_name", "ref", "email", "vat", "company_registry")
    return [("hotel_guest", "=", True), *(["|"] * 4), *((column, "ilike", text) for column in columns)]


def search_domains(guest_no):
    """The searches of the desk for generated guest ``guest_no``: name, dropdown, e-mail, phone."""
    digits = f"{guest_no:09d}"
    if GUEST_NAMES["pattern"] == "realistic":
        name, email = realistic_name(guest_no)
        email_start = email.split("@")[0] + "@"
    else:
        name, email_start = f"Bench Guest {guest_no}", f"bench{guest_no}@"
    return {
        "name (guest list)": name_domain(name),
        "name (dropdown)": [("display_name", "ilike", name)],
        "e-mail": [("hotel_guest", "=", True), ("email", "ilike", email_start)],
        "phone": [
            ("hotel_guest", "=", True),
            ("hotel_phone_search", "ilike", f"13{digits[0]} {digits[1:5]} {digits[5:]}"),
        ],
    }


# ----------------------------------------------------------------------
# 1. Data
# ----------------------------------------------------------------------
def prepare(args):
    """Generate or reuse the data; create the desk user. Returns ``(registry, generated guests)``."""
    registry = open_registry(args)
    from odoo import SUPERUSER_ID, api  # noqa: PLC0415

    with registry.cursor() as cr:
        cr.execute("SELECT count(*) FROM res_partner WHERE hotel_guest_code LIKE 'BENCH%%' AND phone IS NOT NULL")
        existing = cr.fetchone()[0]
        cr.execute("SELECT name LIKE 'Bench Guest %%' FROM res_partner WHERE hotel_guest_code = 'BENCH00000001'")
        row = cr.fetchone()
        same_names = bool(row) and row[0] == (args.names == "bench")
        if existing >= args.guests and same_names and not args.regenerate:
            print(f"reusing {existing} generated guests")
            guests = existing
        else:
            start = time.perf_counter()
            drop(cr)
            generate(cr, args.guests, args.stays, args.seed, names=args.names)
            guests = args.guests
            print(f"generated {args.guests} guests and {args.stays} stays in {time.perf_counter() - start:.0f} s")
        env = api.Environment(cr, SUPERUSER_ID, {})
        user = env["res.users"].with_context(active_test=False).search([("login", "=", BENCH_LOGIN)])
        companies = env["res.company"].search([])
        if not user:
            user = env["res.users"].create(
                {
                    "name": "Bench Front Desk",
                    "login": BENCH_LOGIN,
                    "password": BENCH_PASSWORD,
                    "company_id": companies[0].id,
                    "company_ids": [(6, 0, companies.ids)],
                    "groups_id": [(6, 0, [env.ref("hotel_crm.hotel_crm_group_user").id])],
                }
            )
        cr.commit()
    # VACUUM cannot run in a transaction: what autovacuum does on a live database
    with registry.cursor() as cr:
        cr._cnx.autocommit = True
        cr.execute("VACUUM ANALYZE res_partner")
        cr.execute("VACUUM ANALYZE hotel_crm_stay")
        cr._cnx.autocommit = False
    return registry, guests


# ----------------------------------------------------------------------
# 2. One client, EXPLAIN ANALYZE with and without the indexes
# ----------------------------------------------------------------------
def explain_searches(registry, guests):
    """Print the execution time of each search with the indexes and without them."""
    from odoo import SUPERUSER_ID, api  # noqa: PLC0415
    from odoo.tools import SQL  # noqa: PLC0415

    from odoo.addons.hotel_crm.models.guest.res_partner_search import SEARCH_TRIGRAM_INDEXES  # noqa: PLC0415

    rng = random.Random(7)
    samples = [rng.randint(1, guests) for _i in range(5)]

    def measure(cr):
        env = api.Environment(cr, SUPERUSER_ID, {})
        user = env["res.users"].search([("login", "=", BENCH_LOGIN)])
        Partner = env["res.partner"].with_user(user)
        timings = defaultdict(list)
        plans = {}
        for guest_no in samples:
            for label, domain in search_domains(guest_no).items():
                query = Partner._search(domain, limit=80, order=Partner._order)
                cr.execute(SQL("EXPLAIN (ANALYZE, FORMAT JSON) %s", query.select()))
                plan = cr.fetchone()[0][0]
                timings[label].append(plan["Planning Time"] + plan["Execution Time"])
                plans[label] = plan["Plan"]
        return timings, plans

    with registry.cursor() as cr:
        after, plans = measure(cr)
        for index in SEARCH_TRIGRAM_INDEXES.values():
            cr.execute(SQL("DROP INDEX IF EXISTS %s", SQL.identifier(index)))
        before, _plans = measure(cr)
        cr.rollback()
    print(f"\nOne client, {guests} generated guests: EXPLAIN ANALYZE of the ORM's query (median of 5 guests, ms)")
    print(f"  {'search':<20} {'without indexes':>16} {'with indexes':>14}   plan with indexes")
    for label in after:
        print(
            f"  {label:<20} {statistics.median(before[label]):>13.1f} ms {statistics.median(after[label]):>11.1f} ms"
            f"   {_plan_nodes(plans[label])}"
        )


def _plan_nodes(plan):
    """The scan nodes of a JSON plan: ``Bitmap Index Scan on x`` ..., one line."""
    nodes = []

    def walk(node):
        if "Scan" in node["Node Type"]:
            nodes.append(f"{node['Node Type']}" + (f" on {node['Index Name']}" if "Index Name" in node else ""))
        for child in node.get("Plans", []):
            walk(child)

    walk(plan)
    return ", ".join(dict.fromkeys(nodes))


# ----------------------------------------------------------------------
# 3. Load through JSON-RPC
# ----------------------------------------------------------------------
def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_server(args, workers):
    """Start Odoo with ``workers`` workers on 127.0.0.1; return ``(process, base url, log path)``."""
    port, gevent_port = free_port(), free_port()
    log = f"/tmp/bench_load_{args.database}_{workers}w.log"
    command = [
        sys.executable,
        "-m",
        "odoo",
        f"--database={args.database}",
        f"--db-filter=^{args.database}$",
        "--http-interface=127.0.0.1",
        f"--http-port={port}",
        f"--gevent-port={gevent_port}",
        f"--workers={workers}",
        "--max-cron-threads=0",
        "--limit-time-real=600",
        "--limit-time-cpu=600",
        "--log-level=warn",
        f"--logfile={log}",
    ]
    for option in ("addons_path", "db_host", "db_port", "db_user"):
        value = getattr(args, option)
        if value:
            command.append(f"--{option.replace('_', '-') if option == 'addons_path' else option}={value}")
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    import requests  # noqa: PLC0415

    deadline = time.time() + 180
    while time.time() < deadline:
        try:
            if requests.get(f"{url}/web/login", timeout=5).status_code == 200:
                return process, url, log
        except requests.RequestException:
            pass
        if process.poll() is not None:
            raise RuntimeError(f"Odoo stopped at start, see {log}")
        time.sleep(1)
    process.terminate()
    raise RuntimeError(f"Odoo did not answer within 180 s, see {log}")


class Client:
    """One signed-in JSON-RPC session of the desk user."""

    def __init__(self, url, database):
        import requests  # noqa: PLC0415

        self.url = url
        self.session = requests.Session()
        self.rpc("/web/session/authenticate", {"db": database, "login": BENCH_LOGIN, "password": BENCH_PASSWORD})

    def rpc(self, path, params):
        payload = {"jsonrpc": "2.0", "method": "call", "id": 1, "params": params}
        response = self.session.post(self.url + path, data=json.dumps(payload), timeout=120, headers=JSON)
        response.raise_for_status()
        body = response.json()
        if "error" in body:
            raise RuntimeError(body["error"]["data"].get("message") or body["error"]["message"])
        return body["result"]

    def call(self, model, method, args, kwargs=None):
        return self.rpc(
            f"/web/dataset/call_kw/{model}/{method}",
            {"model": model, "method": method, "args": args, "kwargs": kwargs or {}},
        )


JSON = {"Content-Type": "application/json"}


def operation(client, op, guests, first_id, rng):
    """Run one call of the mix."""
    guest_no = rng.randint(1, guests)
    domains = search_domains(guest_no)
    list_kwargs = {"fields": LIST_FIELDS, "limit": 80}
    if op == "form_read":
        client.call("res.partner", "read", [[first_id + guest_no - 1], FORM_FIELDS])
    elif op == "search_name":
        client.call("res.partner", "search_read", [domains["name (guest list)"]], list_kwargs)
    elif op == "search_phone":
        client.call("res.partner", "search_read", [domains["phone"]], list_kwargs)
    elif op == "search_email":
        client.call("res.partner", "search_read", [domains["e-mail"]], list_kwargs)
    elif op == "import_stays":
        token = uuid.uuid4().hex[:10]
        rows = [
            {
                "external_ref": f"LOAD-{token}-{i}",
                "guest_code": f"BENCH{rng.randint(1, guests):08d}",
                "arrival_date": "2026-03-01",
                "departure_date": "2026-03-03",
                "state": "booked",
                "revenue_room": 800,
            }
            for i in range(IMPORT_ROWS)
        ]
        result = client.call("hotel.crm.stay", "import_stays", [rows])
        if result["errors"]:
            raise RuntimeError(result["errors"][0]["message"])
    elif op == "complaint":
        client.call(
            "hotel.crm.complaint",
            "create",
            [{"name": f"Load bench {guest_no}", "partner_id": first_id + guest_no - 1, "severity": "low"}],
        )


def single_client(url, args, guests):
    """One client alone: each search of the desk through JSON-RPC, median of 10 guests."""
    client, rng = Client(url, args.database), random.Random(11)
    timings = defaultdict(list)
    for _i in range(10):
        for label, domain in search_domains(rng.randint(1, guests)).items():
            method, params = (
                ("name_search", {"name": domain[0][2]})
                if label == "name (dropdown)"
                else (
                    "search_read",
                    {"domain": domain, "fields": LIST_FIELDS, "limit": 80},
                )
            )
            start = time.perf_counter()
            client.call("res.partner", method, [], params)
            timings[label].append((time.perf_counter() - start) * 1000)
    print(
        "  one client through JSON-RPC (round trip, median of 10 guests): "
        + ", ".join(f"{label} {statistics.median(values):.0f} ms" for label, values in timings.items())
    )


def run_load(url, args, guests, first_id):
    """``args.clients`` threads for ``args.duration`` seconds; returns ``{op: [latencies]}, errors``."""
    latencies, errors, lock = defaultdict(list), defaultdict(list), threading.Lock()
    ops, weights = list(args.mix), list(args.mix.values())
    clients = [Client(url, args.database) for _i in range(args.clients)]
    stop = time.time() + args.duration

    def worker(client, seed):
        rng = random.Random(seed)
        while time.time() < stop:
            op = rng.choices(ops, weights)[0]
            start = time.perf_counter()
            try:
                operation(client, op, guests, first_id, rng)
            except Exception as error:
                with lock:
                    errors[op].append(str(error)[:200])
                continue
            with lock:
                latencies[op].append(time.perf_counter() - start)

    threads = [threading.Thread(target=worker, args=(client, n)) for n, client in enumerate(clients)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return latencies, errors, time.perf_counter() - started


def percentile(values, q):
    values = sorted(values)
    return values[min(len(values) - 1, round(q / 100 * (len(values) - 1)))] * 1000


def report(workers, latencies, errors, elapsed, clients, mix=MIX):
    shares = ", ".join(f"{op} {weight}" for op, weight in mix.items())
    print(f"\n{workers} worker(s), {clients} clients, {elapsed:.0f} s, mix {shares}")
    print(f"  {'operation':<14} {'calls':>6} {'calls/s':>8} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} {'errors':>7}")
    every = []
    for op in mix:
        values = latencies.get(op, [])
        every += values
        if values:
            print(
                f"  {op:<14} {len(values):>6} {len(values) / elapsed:>8.1f} {percentile(values, 50):>8.0f}"
                f" {percentile(values, 95):>8.0f} {percentile(values, 99):>8.0f} {len(errors.get(op, [])):>7}"
            )
    total_errors = sum(len(v) for v in errors.values())
    print(
        f"  {'all':<14} {len(every):>6} {len(every) / elapsed:>8.1f} {percentile(every, 50):>8.0f}"
        f" {percentile(every, 95):>8.0f} {percentile(every, 99):>8.0f} {total_errors:>7}"
    )
    for op, messages in errors.items():
        print(f"  first error of {op}: {messages[0]}")


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    add_odoo_arguments(parser)
    parser.add_argument("--guests", type=int, default=200000)
    parser.add_argument("--stays", type=int, default=400000)
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--regenerate", action="store_true", help="generate even when enough guests exist")
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--duration", type=int, default=30, help="seconds of load per worker count")
    parser.add_argument("--workers", default="2,1", help="worker counts to run, in order")
    parser.add_argument("--skip-explain", action="store_true")
    parser.add_argument(
        "--names",
        choices=["bench", "realistic"],
        default="bench",
        help="generated guests' names: 'Bench Guest n' (the worst case for trigrams) or common names",
    )
    parser.add_argument(
        "--mix",
        type=parse_mix,
        default=dict(MIX),
        help="operation=weight,... (default: the desk's mix; issue 17 measured form_read=80,search_name=20)",
    )
    args = parser.parse_args(argv)
    GUEST_NAMES["pattern"] = args.names
    registry, guests = prepare(args)
    with registry.cursor() as cr:
        cr.execute("SELECT min(id) FROM res_partner WHERE hotel_guest_code LIKE 'BENCH%%'")
        first_id = cr.fetchone()[0]
    if not args.skip_explain:
        explain_searches(registry, guests)
    print(f"\nload average before the load: {os.getloadavg()[0]:.1f} (a shared machine: read the ratios)")
    for workers in (int(w) for w in args.workers.split(",")):
        process, url, log = start_server(args, workers)
        try:
            print(f"\n{workers} worker(s):")
            single_client(url, args, guests)
            latencies, errors, elapsed = run_load(url, args, guests, first_id)
        finally:
            process.terminate()
            process.wait(timeout=60)
        report(workers, latencies, errors, elapsed, args.clients, args.mix)
        print(f"  load average after: {os.getloadavg()[0]:.1f}; server log {log}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
