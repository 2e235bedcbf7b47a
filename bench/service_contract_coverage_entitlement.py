#!/usr/bin/env python3
"""Time the entitlement check of units on a large installed base.

Usage: python3 bench/service_contract_coverage_entitlement.py -d DB
       [--units 10000,100000,1000000] [--contracts 20000] [--checks 10000]
       [--addons-path PATH]

DB must have the ``service_contract_coverage`` addon installed.  For each
size of ``--units``, the script inserts, with set-based SQL (``INSERT ...
SELECT generate_series``, then ``ANALYZE``), that many serial numbers
installed at 2,000 customers, one in ten bundled with a primary unit (its
secondary equipment), and ``--contracts`` contracts (mostly listing serials,
products and categories; some covering the whole installed base, some points
contracts; a tenth expired), with conditional rules (usage, maximum repairs)
and listed components on some of their lines.  It then runs
``stock.lot._get_service_coverage()`` as a repair technician (not the
superuser: the record rules apply) on ``--checks`` random units, one in two
for a component, with a cold cache each time, and, in the same run, a plain
ORM search of the lines covering each unit as the same user (the baseline).
It prints the p50 and p95 latency, the SQL queries per check and the ratio
to the baseline for each size, and rolls everything back: the database is
left as it was.
"""

import argparse
import collections
import contextlib
import random
import statistics
import sys
import threading
import time

from _odoo import open_registry, serial_products, use_orm_defaults
from _report import Measure, report

PARTNERS = 2000
SIZES = (10_000, 100_000, 1_000_000)


def percentile(values, share):
    """The ``share`` (0-1) percentile of ``values``, nearest rank."""
    ordered = sorted(values)
    return ordered[max(0, min(len(ordered) - 1, round(share * len(ordered)) - 1))]


def _without_gin_indexes(env, table, insert):
    """Run ``insert`` (a function) with ``table``'s GIN indexes dropped, and
    build them again after: one build is much faster than a million
    insertions into a trigram index.  Rolled back with the data."""
    from odoo.tools import SQL  # noqa: PLC0415

    env.cr.execute(
        SQL(
            "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = %s "
            "AND indexdef LIKE %s",
            table,
            "% USING gin %",
        )
    )
    indexes = env.cr.fetchall()
    for name, _definition in indexes:
        env.cr.execute(SQL("DROP INDEX %s", SQL.identifier(name)))
    insert()
    for _name, definition in indexes:
        env.cr.execute(SQL(definition))  # pylint: disable=sql-injection


def insert_data(env, units, contracts):
    """Insert the installed base, the contracts and their coverage lines."""
    from odoo.tools import SQL  # noqa: PLC0415

    categs, products = serial_products(env, "Bench")
    components = env["product.product"].create(
        [
            {"name": f"Bench Component {i}", "type": "consu", "default_code": f"BC{i}"}
            for i in range(2)
        ]
    )
    partners = env["res.partner"].create(
        [{"name": f"Bench Customer {i}", "is_company": True} for i in range(PARTNERS)]
    )
    env.flush_all()
    today = env.cr.now().date()
    # The units' ids are reserved up front, so that a unit's primary unit
    # and a contract's listed units are computed, not looked up.
    env.cr.execute(
        SQL(
            "SELECT setval('stock_lot_id_seq', nextval('stock_lot_id_seq') + %s)",
            units,
        )
    )
    base = env.cr.fetchone()[0] - units
    params = {
        "uid": env.uid,
        "company": env.company.id,
        "products": products.ids,
        "components": components.ids,
        "categs": categs.ids,
        "partners": partners.ids,
        "units": units,
        "per_partner": max(units // PARTNERS, 1),
        "base": base,
        "contracts": contracts,
        "today": today,
        "contract_like": "BENCH/%",
        "lot_like": "BENCH-SN-%",
    }
    # Unit n (0-based): id base + n, at customer n mod 2000, product n mod 50;
    # one in ten is secondary equipment of the unit 2,000 before it (same
    # customer), which is not secondary itself (a multiple of 5 in an odd
    # thousand-pair: chains of two, at every size; a unit 2,000 before a
    # secondary one would otherwise be secondary too, and chains would grow
    # with the installed base, to 500 units at 1,000,000); one in three used
    # commercially; one in 97 decommissioned.
    _without_gin_indexes(
        env,
        "stock_lot",
        lambda: env.cr.execute(
            SQL(
                """
                INSERT INTO stock_lot (id, name, product_id, company_id,
                    service_partner_id, service_commercial_partner_id,
                    service_delivery_date, service_state, decommission_date,
                    service_usage_type, parent_lot_id,
                    create_uid, create_date, write_uid, write_date)
                SELECT %(base)s + n, 'BENCH-SN-' || n,
                       (%(products)s::int[])[mod(n, 50) + 1],
                       %(company)s,
                       (%(partners)s::int[])[mod(n, 2000) + 1],
                       (%(partners)s::int[])[mod(n, 2000) + 1],
                       %(today)s::date - mod(n, 900),
                       CASE WHEN mod(n, 97) = 0 THEN 'decommissioned'
                            ELSE 'in_service' END,
                       CASE WHEN mod(n, 97) = 0 THEN %(today)s::date - 30 END,
                       CASE WHEN mod(n, 3) = 0 THEN 'commercial'
                            ELSE 'residential' END,
                       CASE WHEN mod(n, 5) = 0 AND mod(n / 2000, 2) = 1
                            THEN %(base)s + n - 2000 END,
                       %(uid)s, now() AT TIME ZONE 'UTC', %(uid)s,
                       now() AT TIME ZONE 'UTC'
                  FROM generate_series(0, %(units)s - 1) AS n
                """,
                **params,
            )
        ),
    )
    # Contracts: 1 in 20 whole installed base, 1 in 20 points, the rest listing
    # their equipment; 10 contracts per customer.
    env.cr.execute(
        SQL(
            """
            INSERT INTO service_contract (name, active, partner_id,
                commercial_partner_id,
                company_id, user_id, contract_type, state, date_start, date_end,
                date_expiry, renewable, whole_installed_base, points_total, points_used,
                points_remaining, coverage_service_level, coverage_labor_rate,
                coverage_parts_rate, coverage_expense_rate,
                create_uid, create_date, write_uid, write_date)
            SELECT 'BENCH/' || n, TRUE,
                   (%(partners)s::int[])[mod(n, 2000) + 1],
                   (%(partners)s::int[])[mod(n, 2000) + 1],
                   %(company)s, %(uid)s,
                   CASE WHEN mod(n, 20) = 1 THEN 'points'
                        WHEN mod(n, 2) = 0 THEN 'warranty' ELSE 'maintenance' END,
                   CASE WHEN mod(n, 10) = 3 THEN 'expired' ELSE 'ready' END,
                   %(today)s::date - 200 - mod(n, 300),
                   %(today)s::date - 200 - mod(n, 300) + 364,
                   %(today)s::date - 200 - mod(n, 300) + 364,
                   FALSE, mod(n, 20) = 0,
                   CASE WHEN mod(n, 20) = 1 THEN 100 ELSE 0 END,
                   CASE WHEN mod(n, 20) = 1 THEN mod(n, 150) ELSE 0 END,
                   CASE WHEN mod(n, 20) = 1 THEN 100 - mod(n, 150) ELSE 0 END,
                   (ARRAY['standard', 'extended', 'premium'])[mod(n, 3) + 1],
                   100, 100, 50,
                   %(uid)s, now() AT TIME ZONE 'UTC', %(uid)s, now() AT TIME ZONE 'UTC'
              FROM generate_series(1, %(contracts)s) AS n
            """,
            **params,
        )
    )
    # The points contracts' counters above are the sums of their ledger rows:
    # the initial points and what was used.
    env.cr.execute(
        SQL(
            """
            INSERT INTO service_contract_points_move (contract_id, company_id, date,
                kind, counter, points, user_id,
                create_uid, create_date, write_uid, write_date)
            SELECT c.id, c.company_id, c.date_start, m.kind, m.counter, m.points,
                   %(uid)s,
                   %(uid)s, now() AT TIME ZONE 'UTC', %(uid)s, now() AT TIME ZONE 'UTC'
              FROM service_contract c,
                   LATERAL (VALUES ('initial', 'total', c.points_total),
                                   ('adjustment', 'used', -c.points_used))
                        AS m (kind, counter, points)
             WHERE c.name LIKE %(contract_like)s AND c.contract_type = 'points'
               AND m.points != 0
            """,
            **params,
        )
    )
    # Lines of the listing contracts: 3 serials of the customer each (unit
    # customer + 2000 * j, computed), a product line on every other contract,
    # a category line on every tenth.
    env.cr.execute(
        SQL(
            """
            WITH c AS (
                SELECT id, commercial_partner_id, company_id, contract_type, state,
                       date_start, date_end, row_number() OVER (ORDER BY id) AS n
                  FROM service_contract
                 WHERE name LIKE %(contract_like)s AND NOT whole_installed_base
                   AND contract_type != 'points'
            )
            INSERT INTO service_contract_coverage (contract_id, company_id, partner_id,
                contract_type, contract_state, coverage_type, lot_id, product_id,
                categ_id, date_start, date_end, service_level, labor_rate, parts_rate,
                expense_rate, include_unlisted_components, authorized_loan, sequence,
                create_uid, create_date, write_uid, write_date)
            SELECT c.id, c.company_id, c.commercial_partner_id,
                   c.contract_type, c.state,
                   'lot', u.n + %(base)s, (%(products)s::int[])[mod(u.n, 50) + 1],
                   NULL::int, c.date_start, c.date_end,
                   (ARRAY['standard', 'extended', 'premium'])[mod(u.n, 3) + 1],
                   100, 80, 50, mod(c.n, 3) != 0, FALSE, 10,
                   %(uid)s, now() AT TIME ZONE 'UTC', %(uid)s, now() AT TIME ZONE 'UTC'
              FROM c,
                   LATERAL (
                       SELECT array_position(%(partners)s::int[],
                                             c.commercial_partner_id) - 1
                              + 2000 * mod(
                                  3 * (c.n / 2000) + i, %(per_partner)s) AS n
                         FROM generate_series(0, 2) AS i
                   ) AS u
             WHERE u.n < %(units)s
               AND (%(partners)s::int[])[mod(u.n, 2000) + 1] = c.commercial_partner_id
            UNION ALL
            SELECT c.id, c.company_id, c.commercial_partner_id,
                   c.contract_type, c.state,
                   'product', NULL::int,
                   (%(products)s::int[])[mod(c.n, 50) + 1], NULL::int,
                   c.date_start, c.date_end, 'standard', 100, 100, 0, TRUE, FALSE, 10,
                   %(uid)s, now() AT TIME ZONE 'UTC', %(uid)s, now() AT TIME ZONE 'UTC'
              FROM c WHERE mod(c.n, 2) = 0
            UNION ALL
            SELECT c.id, c.company_id, c.commercial_partner_id,
                   c.contract_type, c.state,
                   'category', NULL::int, NULL::int,
                   (%(categs)s::int[])[mod(c.n, 5) + 1],
                   c.date_start, c.date_end, 'extended', 50, 50, 0, TRUE, FALSE, 10,
                   %(uid)s, now() AT TIME ZONE 'UTC', %(uid)s, now() AT TIME ZONE 'UTC'
              FROM c WHERE mod(c.n, 10) = 0
            """,
            **params,
        )
    )
    # Conditional rules: one serial line in four used commercially only, one
    # product line in four at most 2 repairs in 12 months (the maintenance
    # history); components listed on one line in three (one excluded, one
    # included).
    env.cr.execute(
        SQL(
            """
            INSERT INTO service_contract_coverage_rule (coverage_id, company_id,
                sequence, rule_type, usage_type, max_repairs, months,
                create_uid, create_date, write_uid, write_date)
            SELECT cov.id, cov.company_id, 10,
                   CASE cov.coverage_type WHEN 'lot' THEN 'usage'
                        ELSE 'max_repairs' END,
                   CASE cov.coverage_type WHEN 'lot' THEN 'commercial' END,
                   CASE cov.coverage_type WHEN 'lot' THEN 0 ELSE 2 END,
                   CASE cov.coverage_type WHEN 'lot' THEN 0 ELSE 12 END,
                   %(uid)s, now() AT TIME ZONE 'UTC', %(uid)s, now() AT TIME ZONE 'UTC'
              FROM service_contract_coverage cov
              JOIN service_contract c ON c.id = cov.contract_id
             WHERE c.name LIKE %(contract_like)s AND mod(cov.id, 4) = 1
               AND cov.coverage_type IN ('lot', 'product')
            """,
            **params,
        )
    )
    env.cr.execute(
        SQL(
            """
            INSERT INTO service_contract_coverage_component (coverage_id,
                contract_id, company_id, product_id, included,
                create_uid, create_date, write_uid, write_date)
            SELECT cov.id, cov.contract_id, cov.company_id,
                   (%(components)s::int[])[k + 1], k = 1,
                   %(uid)s, now() AT TIME ZONE 'UTC', %(uid)s, now() AT TIME ZONE 'UTC'
              FROM service_contract_coverage cov
              JOIN service_contract c ON c.id = cov.contract_id,
                   generate_series(0, 1) AS k
             WHERE c.name LIKE %(contract_like)s AND mod(cov.id, 3) = 0
            """,
            **params,
        )
    )
    env.cr.execute(
        SQL(
            "SELECT coverage_type, count(*) FROM service_contract_coverage cov "
            "JOIN service_contract c ON c.id = cov.contract_id "
            "WHERE c.name LIKE %s GROUP BY 1 ORDER BY 1",
            "BENCH/%",
        )
    )
    lines = env.cr.fetchall()
    env.cr.execute(
        SQL(
            "ANALYZE stock_lot, service_contract, service_contract_coverage, "
            "service_contract_coverage_rule, service_contract_coverage_component"
        )
    )
    return list(range(base, base + units)), lines, components


def seed(env, units, contracts, details=None):
    """Insert the data of :func:`insert_data` on ``env``'s database, where
    ``service_contract_coverage`` must be installed, and say what was
    inserted; returns the ids of the units (and puts the component products
    in ``details["components"]`` when given).  The other benchmarks of the
    entitlement check (the API's) seed through it."""
    if "service.contract.coverage" not in env:
        sys.exit(f"service_contract_coverage is not installed on {env.cr.dbname}")
    use_orm_defaults(env, "service.contract")
    started = time.perf_counter()
    lot_ids, lines, components = insert_data(env, units, contracts)
    print(
        f"inserted {len(lot_ids)} units, {contracts} contracts and "
        + ", ".join(f"{count} {kind} lines" for kind, count in lines)
        + f" in {time.perf_counter() - started:.1f}s"
    )
    if details is not None:
        details["components"] = components
    return lot_ids


def create_technician(env):
    """A repair technician of the current company (not the superuser: the
    record rules apply to what the check reads)."""
    from odoo import Command  # noqa: PLC0415

    groups = [
        env.ref(xmlid).id
        for xmlid in (
            "service_contract.group_service_contract_user",
            "stock.group_stock_user",
            "stock.group_production_lot",
        )
    ]
    return env["res.users"].create(
        {
            "name": "Bench Repair Technician",
            "login": "bench_repair_technician",
            "company_id": env.company.id,
            "company_ids": [Command.set(env.company.ids)],
            "groups_id": [Command.set(groups)],
        }
    )


def run_size(env, units, args):
    """Seed ``units`` units, time the checks and the baseline, report."""
    cr = env.cr
    details = {}
    lot_ids = seed(env, units, args.contracts, details)
    technician = create_technician(env)
    env.flush_all()
    rng = random.Random(42)
    sample = [rng.choice(lot_ids) for _i in range(args.checks)]
    components = [False, *details["components"].ids]
    asked = [components[n % 3] if n % 2 else False for n in range(args.checks)]
    # As in a request: the user's context (language, time zone).
    user_env = env(user=technician, context=technician.context_get())
    Lot = user_env["stock.lot"]
    Entitlement = user_env["service.contract.entitlement"]
    Coverage = user_env["service.contract.coverage"]
    # The baseline's domains: the lines covering each unit (the check's own
    # search), computed before the clock starts.
    domains = [
        Entitlement._get_coverage_line_domain(
            Entitlement._fetch_units(Lot.browse(lot_id))[0]
        )
        for lot_id in sample
    ]
    # Warm the caches a running server has (record rules, groups, the
    # translations, which Odoo fills once per process): a hundred units,
    # each checked without a component and for each component, untimed.
    for lot_id in sample[:100]:
        for component in components:
            Lot.browse(lot_id)._get_service_coverage(component=component)
            user_env.invalidate_all()
    Coverage.search(domains[0])
    latencies, counts = [], []
    covered = entries = not_qualifying = 0
    # The head of each query of each check, to show what a check that took
    # more queries than most ran (Odoo's per-thread query hooks).
    texts = []
    with (
        _query_hook(lambda query: texts[-1].append(_head(query))),
        Measure(cr) as measure,
    ):
        for lot_id, component in zip(sample, asked, strict=True):
            user_env.invalidate_all()
            texts.append([])
            before = cr.sql_log_count
            started = time.perf_counter()
            answer = Lot.browse(lot_id)._get_service_coverage(component=component)
            latencies.append(time.perf_counter() - started)
            counts.append(cr.sql_log_count - before)
            covered += answer.covered
            entries += len(answer.covering)
            not_qualifying += len(answer.not_qualifying)
    baseline, baseline_counts = [], []
    with Measure(cr) as baseline_measure:
        for domain in domains:
            user_env.invalidate_all()
            before = cr.sql_log_count
            started = time.perf_counter()
            Coverage.search(domain)
            baseline.append(time.perf_counter() - started)
            baseline_counts.append(cr.sql_log_count - before)
    p50, p95 = percentile(latencies, 0.5), percentile(latencies, 0.95)
    base50 = percentile(baseline, 0.5)
    mean_queries = statistics.mean(counts)
    print(
        f"_get_service_coverage on {units} units, as a repair technician: "
        f"{args.checks} checks in {measure.seconds:.1f}s, p50 {1000 * p50:.2f} ms, "
        f"p95 {1000 * p95:.2f} ms; {mean_queries:.2f} SQL queries per check "
        f"(at most {max(counts)})"
    )
    print(
        f"  {covered} units covered, {entries} covering entries, "
        f"{not_qualifying} not qualifying"
    )
    print(
        f"  baseline ORM search of the covering lines: p50 {1000 * base50:.2f} ms, "
        f"{statistics.mean(baseline_counts):.2f} queries; "
        f"the check is {p50 / base50:.1f}x it"
    )
    explain_worst(user_env, sample, asked, counts, latencies, texts)
    planning, executing, statements = database_time(user_env, sample[:200], asked[:200])
    plan50, run50 = percentile(planning, 0.5), percentile(executing, 0.5)
    replayed = replay_time(cr, statements)
    replay50 = percentile(replayed, 0.5)
    replay95 = percentile(replayed, 0.95)
    print(
        f"  PostgreSQL's own time for the statements of a check (EXPLAIN "
        f"ANALYZE of 200 checks): planning p50 {1000 * plan50:.2f} ms, "
        f"execution p50 {1000 * run50:.2f} ms; the same statements sent "
        f"again and their rows fetched, nothing else: p50 "
        f"{1000 * replay50:.2f} ms, p95 {1000 * replay95:.2f} ms"
    )
    note = "repair technician, record rules on; cold cache per check"
    report(
        "entitlement p50",
        units,
        p50,
        items=1,
        queries=round(mean_queries, 2),
        queries_per="check",
        memory_kb=measure.memory_kb,
        goal=("<=", 0.003),
        note=note,
    )
    report(
        "entitlement p95",
        units,
        p95,
        items=1,
        queries=max(counts),
        queries_per="check",
        goal=("<=", 0.010),
        note=note,
    )
    report(
        "entitlement queries per check",
        units,
        statistics.mean(latencies),
        items=1,
        queries=round(mean_queries, 2),
        queries_per="check",
        ratio=max(counts),
        versus="queries of the worst check",
        goal=("<=", 6),
        note=f"mean {mean_queries:.2f}, worst {max(counts)}",
    )
    report(
        "entitlement: baseline ORM search",
        units,
        base50,
        items=1,
        queries=round(statistics.mean(baseline_counts), 2),
        queries_per="search",
        memory_kb=baseline_measure.memory_kb,
        note="p50 of search(<the lines covering the unit>) as the same user",
    )
    report(
        "entitlement p50 vs ORM search",
        units,
        p50,
        items=1,
        ratio=p50 / base50,
        versus="baseline ORM search p50",
        note="same run, same units, same user",
    )
    report(
        "entitlement: PostgreSQL planning + execution",
        units,
        percentile([p + e for p, e in zip(planning, executing, strict=True)], 0.5),
        items=1,
        queries=round(mean_queries, 2),
        queries_per="check",
        ratio=(plan50 + run50) / 0.003,
        versus="the p50 goal (3 ms)",
        note=f"p50 over 200 checks of what PostgreSQL reports for their "
        f"statements: planning {1000 * plan50:.2f} ms, execution "
        f"{1000 * run50:.2f} ms (each request plans again: Odoo's "
        f"connection pool discards a connection's prepared statements "
        f"when it lends it)",
    )
    report(
        "entitlement: its statements alone",
        units,
        replay50,
        items=1,
        queries=round(mean_queries, 2),
        queries_per="check",
        ratio=replay50 / 0.003,
        versus="the p50 goal (3 ms)",
        note=f"p50 over 200 checks (p95 {1000 * replay95:.2f} ms) of sending "
        "a check's own statements, with their values, and fetching their rows "
        "through the driver, with no Python of the check or of the ORM: what "
        "any check that asks PostgreSQL the same costs at least",
    )


def database_time(user_env, sample, asked):
    """``(planning, execution, statements)``: for each check of ``sample``,
    the seconds PostgreSQL reports planning and executing its statements
    (``EXPLAIN (ANALYZE, SUMMARY)`` of each, run just before the statement
    itself), and the statements, as ``[(code, params)]``."""
    import json  # noqa: PLC0415

    import odoo.sql_db  # noqa: PLC0415

    execute = odoo.sql_db.Cursor.execute
    spent = [0.0, 0.0]

    def explained(cursor, query, params=None, log_exceptions=True):
        code, args = query, params
        if hasattr(query, "code"):  # an SQL object
            code, args = query.code, query.params
        if code.lstrip().upper().startswith(("SELECT", "WITH", "(SELECT")):
            execute(cursor, "EXPLAIN (ANALYZE, SUMMARY, FORMAT JSON) " + code, args)
            plan = cursor.fetchone()[0]
            plan = (json.loads(plan) if isinstance(plan, str) else plan)[0]
            spent[0] += plan["Planning Time"] / 1000
            spent[1] += plan["Execution Time"] / 1000
            statements[-1].append((code, args))
        return execute(cursor, query, params, log_exceptions)

    planning, executing, statements = [], [], []
    odoo.sql_db.Cursor.execute = explained
    try:
        for lot_id, component in zip(sample, asked, strict=True):
            user_env.invalidate_all()
            spent[:] = [0.0, 0.0]
            statements.append([])
            user_env["stock.lot"].browse(lot_id)._get_service_coverage(
                component=component
            )
            planning.append(spent[0])
            executing.append(spent[1])
    finally:
        odoo.sql_db.Cursor.execute = execute
    return planning, executing, statements


def replay_time(cr, statements):
    """For each check's ``statements`` (of :func:`database_time`), the
    seconds of sending them again, as they were, and fetching their rows
    through the driver's own cursor: PostgreSQL's planning and execution,
    the round trips and the rows' decoding, none of Odoo's Python."""
    raw = cr._obj
    spent = []
    for check in statements:
        started = time.perf_counter()
        for code, params in check:
            raw.execute(code, params)
            raw.fetchall()
        spent.append(time.perf_counter() - started)
    return spent


@contextlib.contextmanager
def _query_hook(record):
    """Call ``record(query)`` after each query of the thread, inside the
    block (Odoo's per-thread ``query_hooks``)."""
    thread = threading.current_thread()
    hooks = getattr(thread, "query_hooks", ())
    thread.query_hooks = (*hooks, lambda _cr, query, *_args: record(query))
    try:
        yield
    finally:
        thread.query_hooks = hooks


def _head(query):
    """The first 150 characters of ``query`` (text or bytes), on one line."""
    if isinstance(query, bytes):
        query = query.decode(errors="replace")
    return " ".join(str(getattr(query, "code", query)).split())[:150]


def explain_worst(user_env, sample, asked, counts, latencies, texts):  # noqa: PLR0913
    """Print how many checks took more queries than most, the queries the
    check that took the most ran, and the same check run again."""
    usual = statistics.mode(counts)
    above = collections.Counter(count for count in counts if count > usual)
    slowest = sorted(range(len(latencies)), key=latencies.__getitem__)[-3:]
    print(
        f"  queries per check: {usual} for most; more for "
        f"{sum(above.values())} checks ({dict(sorted(above.items()))}); "
        f"slowest checks: "
        + ", ".join(
            f"unit {sample[i]} {1000 * latencies[i]:.1f} ms ({counts[i]} queries)"
            for i in slowest
        )
    )
    worst = max(range(len(counts)), key=counts.__getitem__)
    if counts[worst] <= usual:
        return
    print(
        f"  the check of unit {sample[worst]} (check {worst + 1} of "
        f"{len(counts)}), its {counts[worst]} queries:"
    )
    for text in texts[worst]:
        print(f"    {text}")
    again = []
    user_env.invalidate_all()
    with _query_hook(lambda query: again.append(_head(query))):
        user_env["stock.lot"].browse(sample[worst])._get_service_coverage(
            component=asked[worst]
        )
    print(f"  the same check again: {len(again)} queries")
    for text in again:
        print(f"    {text}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("-d", "--database", required=True)
    parser.add_argument(
        "--units",
        default=",".join(str(size) for size in SIZES),
        help="comma-separated sizes (default: %(default)s)",
    )
    parser.add_argument("--contracts", type=int, default=20_000)
    parser.add_argument("--checks", type=int, default=10_000)
    parser.add_argument("--addons-path", default=None)
    args = parser.parse_args()

    from odoo import SUPERUSER_ID, api  # noqa: PLC0415

    registry = open_registry(args.database, args.addons_path)
    threading.current_thread().testing = True
    for units in (int(size) for size in args.units.split(",")):
        with registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {"tracking_disable": True})
            try:
                run_size(env, units, args)
            finally:
                cr.rollback()
    print("rolled back: the database is unchanged")
    return 0


if __name__ == "__main__":
    sys.exit(main())
