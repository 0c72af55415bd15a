"""Generate N guests and M stays into a database that has hotel_crm installed, in SQL.

    python3 benchmarks/generate.py DBNAME --guests 20000 --stays 200000 [--seed 42] [--db_host ...]

or from Python, inside an Odoo environment::

    from benchmarks.generate import generate
    generate(env.cr, guests=20000, stays=200000, seed=42)

Everything is ``INSERT ... SELECT generate_series`` (no Python loop over rows): guests are
``res.partner`` rows flagged ``hotel_guest`` with a code ``BENCH0000001``..., an e-mail
``bench<n>@example.com`` and a Chinese mobile ``+86 130 0000 0001``... (its E.164 key stored as
the ORM would), stays are
``hotel.crm.stay`` rows over the last three years spread over the existing companies, 89 %
checked out, 8 % cancelled, 3 % no-show, with a skewed (Pareto-like) number of stays per guest so
that the customer pyramid looks like a hotel's. The stay aggregates on the guests are filled in
SQL too. ``seed`` makes the data reproducible (PostgreSQL ``setseed``). Generated rows are
recognisable (``external_ref`` ``BENCH-...``, guest code ``BENCH...``) and removed by ``--drop``.
"""

import argparse
import sys
import time

ROOM_TYPES = ["Superior Twin", "Deluxe King", "Executive Suite", "Lake View King"]
# names="realistic": guests named from common family and given names (pinyin and English), so
# that a name shares its trigrams with a few hundred guests, not with all of them as "Bench Guest n"
FAMILY_NAMES = [
    "Wang", "Li", "Zhang", "Liu", "Chen", "Yang", "Huang", "Zhao", "Wu", "Zhou", "Xu", "Sun", "Ma",
    "Zhu", "Hu", "Guo", "He", "Lin", "Gao", "Luo", "Zheng", "Liang", "Xie", "Song", "Tang", "Han",
    "Feng", "Deng", "Cao", "Peng", "Zeng", "Xiao", "Tian", "Dong", "Pan", "Yuan", "Cai", "Jiang",
    "Yu", "Du", "Ye", "Cheng", "Wei", "Su", "Lu", "Ding", "Ren", "Shen", "Yao", "Fang", "Smith",
    "Johnson", "Williams", "Brown", "Jones", "Miller", "Davis", "Garcia", "Wilson", "Anderson",
    "Taylor", "Thomas", "Moore", "Martin", "Jackson", "Thompson", "White", "Harris", "Clark",
    "Lewis", "Walker", "Young", "Allen", "King", "Wright", "Scott", "Green", "Baker", "Adams",
    "Nelson", "Hill", "Campbell", "Mitchell", "Roberts", "Carter", "Phillips", "Evans", "Turner",
    "Parker", "Collins", "Edwards", "Stewart", "Morris", "Murphy", "Cook", "Rogers", "Morgan",
    "Cooper", "Peterson", "Reed",
]  # fmt: skip
GIVEN_NAMES = [
    "Wei", "Fang", "Na", "Min", "Jing", "Li", "Qiang", "Lei", "Jun", "Yang", "Yong", "Yan", "Jie",
    "Tao", "Ming", "Chao", "Xiu", "Xia", "Ping", "Gang", "Hui", "Hong", "Ling", "Dan", "Bo", "Hao",
    "Yu", "Xin", "Yi", "Ting", "Lan", "Kai", "Rui", "Zhen", "Peng", "Hua", "Juan", "Mei", "Qing",
    "Wen", "Jian", "Bin", "Long", "Feng", "Cheng", "Xue", "Yun", "Lin", "Shan", "Zhi", "James",
    "Mary", "John", "Patricia", "Robert", "Jennifer", "Michael", "Linda", "William", "Elizabeth",
    "David", "Barbara", "Richard", "Susan", "Joseph", "Jessica", "Charles", "Sarah", "Daniel",
    "Karen", "Matthew", "Nancy", "Anthony", "Lisa", "Mark", "Betty", "Paul", "Sandra", "Steven",
    "Ashley", "Andrew", "Emily", "Kenneth", "Donna", "Joshua", "Michelle", "Kevin", "Carol",
    "Brian", "Amanda", "George", "Melissa", "Edward", "Deborah", "Ronald", "Stephanie", "Timothy",
    "Rebecca", "Jason", "Laura", "Ryan", "Sharon", "Jacob", "Cynthia", "Gary", "Kathleen",
    "Nicholas", "Amy", "Eric", "Angela", "Jonathan", "Helen", "Larry", "Anna", "Justin", "Ruth",
    "Scott", "Emma", "Frank", "Olivia",
]  # fmt: skip
MAIL_DOMAINS = ["qq.com", "163.com", "gmail.com", "outlook.com", "126.com"]


def realistic_name(g):
    """Name and e-mail of generated guest ``g`` (1-based) with ``names="realistic"``: what the SQL of
    :func:`generate` gives, for the searches of the load benchmark."""
    family = FAMILY_NAMES[(g - 1) % len(FAMILY_NAMES)]
    given = GIVEN_NAMES[((g - 1) // len(FAMILY_NAMES)) % len(GIVEN_NAMES)]
    email = f"{given.lower()}.{family.lower()}{g}@{MAIL_DOMAINS[g % len(MAIL_DOMAINS)]}"
    return f"{given} {family}", email


def drop(cr):
    """Remove previously generated guests and stays, and what the benchmarks added for those guests
    (the load benchmark's imported stays and complaints, points moves)."""
    cr.execute("DELETE FROM hotel_crm_stay WHERE external_ref LIKE 'BENCH-%'")
    bench = "(SELECT id FROM res_partner WHERE hotel_guest_code LIKE 'BENCH%')"
    for table in ("hotel_crm_points_move", "hotel_crm_complaint", "hotel_crm_stay", "hotel_crm_preference"):
        cr.execute(f"DELETE FROM {table} WHERE partner_id IN {bench}")
    cr.execute("DELETE FROM res_partner WHERE hotel_guest_code LIKE 'BENCH%'")


def generate(cr, guests, stays, seed=42, names="bench"):
    """Insert ``guests`` guests and ``stays`` stays; return ``(first_partner_id, last_partner_id)``.

    ``names``: ``"bench"`` names every guest *Bench Guest n* (``bench<n>@example.com``), the worst
    case for a trigram index (every name shares its letters' trigrams with every other);
    ``"realistic"`` draws them from common family and given names (:func:`realistic_name`).
    """
    cr.execute("SELECT setseed(%s)", [((seed % 1000) / 1000.0)])
    cr.execute("SELECT id FROM res_company ORDER BY id")
    company_ids = [row[0] for row in cr.fetchall()]
    # guests
    if names == "realistic":
        name_sql = (
            "(%(given)s::text[])[1 + ((g - 1) / %(n_family)s) %% %(n_given)s]"
            " || ' ' || (%(family)s::text[])[1 + (g - 1) %% %(n_family)s]"
        )
        email_sql = (
            "lower((%(given)s::text[])[1 + ((g - 1) / %(n_family)s) %% %(n_given)s]) || '.'"
            " || lower((%(family)s::text[])[1 + (g - 1) %% %(n_family)s]) || g || '@'"
            " || (%(domains)s::text[])[1 + g %% %(n_domains)s]"
        )
    else:
        name_sql, email_sql = "'Bench Guest ' || g", "'bench' || g || '@example.com'"
    cr.execute(
        f"""
        INSERT INTO res_partner (name, complete_name, active, type, is_company,
                                 hotel_guest, hotel_guest_code, email, phone, hotel_phone_e164,
                                 lang, create_date, write_date)
        SELECT {name_sql}, {name_sql}, true, 'contact', false,
               true, 'BENCH' || lpad(g::text, 8, '0'), {email_sql},
               '+86 13' || substr(d, 1, 1) || ' ' || substr(d, 2, 4) || ' ' || substr(d, 6, 4),
               '+8613' || d,
               'en_US', now() AT TIME ZONE 'UTC', now() AT TIME ZONE 'UTC'
          FROM generate_series(1, %(guests)s) g, lpad(g::text, 9, '0') d
        """,
        {
            "guests": guests,
            "given": GIVEN_NAMES,
            "family": FAMILY_NAMES,
            "domains": MAIL_DOMAINS,
            "n_given": len(GIVEN_NAMES),
            "n_family": len(FAMILY_NAMES),
            "n_domains": len(MAIL_DOMAINS),
        },
    )
    cr.execute("SELECT min(id), max(id) FROM res_partner WHERE hotel_guest_code LIKE 'BENCH%%'")
    first_id, last_id = cr.fetchone()
    # stays: guest drawn with a skewed distribution (a few guests stay very often), arrival over
    # the last three years, 1-7 nights
    cr.execute(
        """
        INSERT INTO hotel_crm_stay (partner_id, company_id, currency_id, external_ref, arrival_date, departure_date,
                                    nights, room_type, room_number, adults, children, channel, state,
                                    revenue_room, revenue_fnb, revenue_other, revenue_total,
                                    create_date, write_date)
        SELECT s.partner_id, s.company_id, c.currency_id, 'BENCH-' || s.n, s.arrival, s.arrival + s.nights,
               s.nights, (%(room_types)s)[1 + (s.n %% 4)], (3 + s.n %% 20) * 100 + s.n %% 30, 1 + s.n %% 2, 0,
               (ARRAY['direct','website','phone','ota','travel_agency','corporate','walk_in','group'])[1 + s.n %% 8],
               s.state,
               CASE WHEN s.state = 'checked_out' THEN round((s.nights * (500 + s.r * 1200))::numeric, 2) ELSE 0 END,
               CASE WHEN s.state = 'checked_out' THEN round((s.nights * s.r * 150)::numeric, 2) ELSE 0 END,
               0,
               CASE WHEN s.state = 'checked_out'
                    THEN round((s.nights * (500 + s.r * 1200))::numeric, 2) + round((s.nights * s.r * 150)::numeric, 2)
                    ELSE 0 END,
               (now() - interval '1 day') AT TIME ZONE 'UTC', (now() - interval '1 day') AT TIME ZONE 'UTC'
          FROM (
            SELECT n,
                   %(first)s + floor(%(guests)s * power(random(), 2.5))::int AS partner_id,
                   (%(companies)s::int[])[1 + (n %% %(ncompanies)s)] AS company_id,
                   CURRENT_DATE - (8 + floor(random() * 1095))::int AS arrival,
                   (1 + floor(power(random(), 2) * 7))::int AS nights,
                   random() AS r,
                   CASE WHEN random() < 0.89 THEN 'checked_out'
                        WHEN random() < 0.75 THEN 'cancelled' ELSE 'no_show' END AS state
              FROM generate_series(1, %(stays)s) n
          ) s
          JOIN res_company c ON c.id = s.company_id
        """,
        {
            "room_types": ROOM_TYPES,
            "first": first_id,
            "guests": guests,
            "companies": company_ids,
            "ncompanies": len(company_ids),
            "stays": stays,
        },
    )
    # the ORM-maintained aggregates, in SQL
    cr.execute(
        """
        UPDATE res_partner p
           SET hotel_stay_count = a.stay_count, hotel_nights_total = a.nights, hotel_revenue_total = a.revenue,
               hotel_first_stay_date = a.first_date, hotel_last_stay_date = a.last_date,
               hotel_cancel_count = a.cancel_count, hotel_no_show_count = a.no_show_count
          FROM (
            SELECT partner_id,
                   count(*) FILTER (WHERE state IN ('in_house', 'checked_out')) AS stay_count,
                   COALESCE(sum(nights) FILTER (WHERE state IN ('in_house', 'checked_out')), 0) AS nights,
                   COALESCE(sum(revenue_total) FILTER (WHERE state IN ('in_house', 'checked_out')), 0) AS revenue,
                   min(arrival_date) FILTER (WHERE state IN ('in_house', 'checked_out')) AS first_date,
                   max(arrival_date) FILTER (WHERE state IN ('in_house', 'checked_out')) AS last_date,
                   count(*) FILTER (WHERE state = 'cancelled') AS cancel_count,
                   count(*) FILTER (WHERE state = 'no_show') AS no_show_count
              FROM hotel_crm_stay
             WHERE external_ref LIKE 'BENCH-%%'
             GROUP BY partner_id
          ) a
         WHERE p.id = a.partner_id
        """
    )
    cr.execute("ANALYZE res_partner")
    cr.execute("ANALYZE hotel_crm_stay")
    return first_id, last_id


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    add_odoo_arguments(parser)
    parser.add_argument("--guests", type=int, default=20000)
    parser.add_argument("--stays", type=int, default=200000)
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--drop", action="store_true", help="only remove generated data")
    args = parser.parse_args(argv)
    registry = open_registry(args)
    with registry.cursor() as cr:
        start = time.perf_counter()
        drop(cr)
        if not args.drop:
            first, last = generate(cr, args.guests, args.stays, args.seed)
            print(f"generated {args.guests} guests (ids {first}..{last}) and {args.stays} stays", end=" ")
        print(f"in {time.perf_counter() - start:.1f} s")
    return 0


def add_odoo_arguments(parser):
    """The database and connection options every benchmark script takes."""
    parser.add_argument("database")
    parser.add_argument("--addons-path", default=None)
    parser.add_argument("--db_host", default=None)
    parser.add_argument("--db_port", default=None)
    parser.add_argument("--db_user", default=None)


def open_registry(args):
    """Odoo's registry of ``args.database``, configured from the script's options."""
    import odoo  # noqa: PLC0415 - Odoo is only needed when run as a script
    from odoo.modules.registry import Registry  # noqa: PLC0415

    odoo.tools.config.parse_config(_odoo_args(args))
    return Registry(args.database)


def vacuum(dbname, tables):
    """``VACUUM (ANALYZE)`` of ``tables``, what autovacuum does on a live database: the rows of a
    rolled-back run are dead rows that every later index probe, foreign-key check and scan of
    the table would otherwise wade through (PostgreSQL's autovacuum may be off, or late, on a
    test machine). Needs a connection outside any transaction, hence its own."""
    import psycopg2  # noqa: PLC0415

    from odoo.sql_db import connection_info_for  # noqa: PLC0415

    _name, info = connection_info_for(dbname)
    connection = psycopg2.connect(**info)
    try:
        connection.autocommit = True
        with connection.cursor() as cr:
            cr.execute("VACUUM (ANALYZE) " + ", ".join(tables))
    finally:
        connection.close()


def _odoo_args(args):
    """Odoo command-line options from the script's own."""
    odoo_args = ["-d", args.database, "--log-level=warn"]
    for option in ("addons_path", "db_host", "db_port", "db_user"):
        value = getattr(args, option)
        if value:
            odoo_args.append(f"--{option.replace('_', '-') if option == 'addons_path' else option}={value}")
    return odoo_args


if __name__ == "__main__":
    sys.exit(main())
