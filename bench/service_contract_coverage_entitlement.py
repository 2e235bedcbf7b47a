#!/usr/bin/env python3
"""Time the entitlement check of units on a large installed base.

Usage: python3 bench/service_contract_coverage_entitlement.py -d DB
       [--units 100000] [--contracts 20000] [--checks 10000] [--addons-path PATH]

DB must have the ``service_contract_coverage`` addon installed.  The script
inserts, with plain SQL inserts, ``--units`` serial numbers installed at
2,000 customers and ``--contracts`` contracts (mostly listing serials,
products and categories; some covering the whole installed base, some points
contracts), then runs ``stock.lot._get_service_coverage()`` on ``--checks``
random units with a cold cache each time, prints the elapsed time and the SQL
queries per check, and rolls everything back: the database is left as it was.
"""

import argparse
import random
import sys
import threading
import time

from _odoo import open_registry, use_orm_defaults

PARTNERS = 2000


def insert_data(env, units, contracts):
    """Insert the installed base, the contracts and their coverage lines."""
    from odoo.tools import SQL  # noqa: PLC0415

    categ_root = env["product.category"].create({"name": "Bench Equipment"})
    categs = env["product.category"].create(
        [{"name": f"Bench Family {i}", "parent_id": categ_root.id} for i in range(5)]
    )
    products = env["product.product"].create(
        [
            {
                "name": f"Bench Unit {i}",
                "type": "consu",
                "is_storable": True,
                "tracking": "serial",
                "categ_id": categs[i % 5].id,
            }
            for i in range(50)
        ]
    )
    partners = env["res.partner"].create(
        [{"name": f"Bench Customer {i}", "is_company": True} for i in range(PARTNERS)]
    )
    env.flush_all()
    today = env.cr.now().date()
    params = {
        "uid": env.uid,
        "company": env.company.id,
        "products": products.ids,
        "categs": categs.ids,
        "partners": partners.ids,
        "units": units,
        "contracts": contracts,
        "today": today,
        "contract_like": "BENCH/%",
        "lot_like": "BENCH-SN-%",
    }
    env.cr.execute(
        SQL(
            """
            INSERT INTO stock_lot (name, product_id, company_id, service_partner_id,
                service_commercial_partner_id, service_delivery_date, service_state,
                create_uid, create_date, write_uid, write_date)
            SELECT 'BENCH-SN-' || n,
                   (%(products)s::int[])[mod(n, 50) + 1],
                   %(company)s,
                   (%(partners)s::int[])[mod(n, 2000) + 1],
                   (%(partners)s::int[])[mod(n, 2000) + 1],
                   %(today)s::date - mod(n, 900),
                   CASE WHEN mod(n, 97) = 0 THEN 'decommissioned' ELSE 'in_service' END,
                   %(uid)s, now() AT TIME ZONE 'UTC', %(uid)s, now() AT TIME ZONE 'UTC'
              FROM generate_series(1, %(units)s) AS n
            """,
            **params,
        )
    )
    env.cr.execute(
        SQL(
            "UPDATE stock_lot SET decommission_date = %s::date - 30 "
            "WHERE name LIKE %s AND service_state = 'decommissioned'",
            today,
            "BENCH-SN-%",
        )
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
    # Lines of the listing contracts: 3 serials of the customer each, a product
    # line on every other contract, a category line on every tenth.
    env.cr.execute(
        SQL(
            """
            WITH c AS (
                SELECT id, commercial_partner_id, company_id, contract_type, state,
                       date_start, date_end, row_number() OVER (ORDER BY id) AS n
                  FROM service_contract
                 WHERE name LIKE %(contract_like)s AND NOT whole_installed_base
                   AND contract_type != 'points'
            ), lots AS (
                SELECT id, product_id, service_commercial_partner_id AS partner_id,
                       row_number() OVER (PARTITION BY service_commercial_partner_id
                                          ORDER BY id) AS k
                  FROM stock_lot WHERE name LIKE %(lot_like)s
            )
            INSERT INTO service_contract_coverage (contract_id, company_id, partner_id,
                contract_type, contract_state, coverage_type, lot_id, product_id,
                categ_id, date_start, date_end, service_level, labor_rate, parts_rate,
                expense_rate, include_unlisted_components, authorized_loan, sequence,
                create_uid, create_date, write_uid, write_date)
            SELECT c.id, c.company_id, c.commercial_partner_id,
                   c.contract_type, c.state,
                   'lot', lots.id, lots.product_id, NULL::int, c.date_start, c.date_end,
                   (ARRAY['standard', 'extended', 'premium'])[mod(lots.id, 3) + 1],
                   100, 80, 50, TRUE, FALSE, 10,
                   %(uid)s, now() AT TIME ZONE 'UTC', %(uid)s, now() AT TIME ZONE 'UTC'
              FROM c JOIN lots ON lots.partner_id = c.commercial_partner_id
               AND lots.k BETWEEN mod(c.n, 10) * 5 + 1 AND mod(c.n, 10) * 5 + 3
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
        SQL("ANALYZE stock_lot, service_contract, service_contract_coverage")
    )
    env.cr.execute(SQL("SELECT id FROM stock_lot WHERE name LIKE %s", "BENCH-SN-%"))
    return [row[0] for row in env.cr.fetchall()], lines


def seed(env, units, contracts):
    """Insert the data of :func:`insert_data` on ``env``'s database, where
    ``service_contract_coverage`` must be installed, and say what was
    inserted; returns the ids of the units.  The other benchmarks of the
    entitlement check (the API's) seed through it."""
    if "service.contract.coverage" not in env:
        sys.exit(f"service_contract_coverage is not installed on {env.cr.dbname}")
    use_orm_defaults(env, "service.contract")
    started = time.perf_counter()
    lot_ids, lines = insert_data(env, units, contracts)
    print(
        f"inserted {len(lot_ids)} units, {contracts} contracts and "
        + ", ".join(f"{count} {kind} lines" for kind, count in lines)
        + f" in {time.perf_counter() - started:.1f}s"
    )
    return lot_ids


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("-d", "--database", required=True)
    parser.add_argument("--units", type=int, default=100_000)
    parser.add_argument("--contracts", type=int, default=20_000)
    parser.add_argument("--checks", type=int, default=10_000)
    parser.add_argument("--addons-path", default=None)
    args = parser.parse_args()

    from odoo import SUPERUSER_ID, api  # noqa: PLC0415

    registry = open_registry(args.database, args.addons_path)
    threading.current_thread().testing = True
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {"tracking_disable": True})
        lot_ids = seed(env, args.units, args.contracts)
        rng = random.Random(42)
        sample = [rng.choice(lot_ids) for _i in range(args.checks)]
        Lot = env["stock.lot"]
        covered = not_qualifying = entries = 0
        worst = 0
        queries_before = cr.sql_log_count
        started = time.perf_counter()
        for lot_id in sample:
            env.invalidate_all()
            before = cr.sql_log_count
            answer = Lot.browse(lot_id)._get_service_coverage()
            worst = max(worst, cr.sql_log_count - before)
            covered += answer.covered
            entries += len(answer.covering)
            not_qualifying += len(answer.not_qualifying)
        elapsed = time.perf_counter() - started
        queries = cr.sql_log_count - queries_before
        print(
            f"_get_service_coverage: {args.checks} checks in {elapsed:.1f}s "
            f"({1000 * elapsed / args.checks:.2f} ms per check), {queries} SQL queries "
            f"({queries / args.checks:.1f} per check, at most {worst})"
        )
        print(
            f"  {covered} units covered, {entries} covering entries, "
            f"{not_qualifying} not qualifying"
        )
        cr.rollback()
    print("rolled back: the database is unchanged")
    return 0


if __name__ == "__main__":
    sys.exit(main())
