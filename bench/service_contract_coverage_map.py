#!/usr/bin/env python3
"""Time the coverage map's data on a large installed base.

Usage: python3 bench/service_contract_coverage_map.py -d DB
       [--units 10000] [--customers 200] [--runs 5] [--addons-path PATH]

DB must have the ``service_contract_coverage`` addon installed.  The script
inserts, with plain SQL, ``--units`` placed units at ``--customers``
customers in a box over France, a ready maintenance contract per customer
listing two units in three (the others are gaps), a second contract listing
one unit in fifty again (duplicates) and some decommissioned units; then it
computes ``service.contract.coverage.map.get_map_data()`` for the whole
installed base ``--runs`` times as the administrator (access rules applied)
with a cold cache, prints the server time and the SQL queries of each run,
reports the median run to the benchmarks' table, and rolls everything back:
the database is left as it was.
"""

import argparse
import statistics
import sys
import time
from collections import Counter

from _odoo import bench_environment, use_orm_defaults
from _report import Measure, report


def insert_data(env, units, customers):
    from odoo.tools import SQL  # noqa: PLC0415

    product = env["product.product"].create(
        {
            "name": "Map Bench Unit",
            "type": "consu",
            "is_storable": True,
            "tracking": "serial",
        }
    )
    partners = env["res.partner"].create(
        [
            {"name": f"Map Bench Customer {i}", "is_company": True}
            for i in range(customers)
        ]
    )
    env.flush_all()
    params = {
        "uid": env.uid,
        "company": env.company.id,
        "product": product.id,
        "partners": partners.ids,
        "customers": customers,
        "units": units,
        "today": env.cr.now().date(),
        "lot_like": "MAP-BENCH-%",
        "contract_like": "MAP-BENCH/%",
        "first_like": "MAP-BENCH/1/%",
        "second_like": "MAP-BENCH/2/%",
    }
    env.cr.execute(
        SQL(
            """
            INSERT INTO stock_lot (name, product_id, company_id, service_partner_id,
                service_commercial_partner_id, service_state, decommission_date,
                service_map_located, service_map_latitude, service_map_longitude,
                create_uid, create_date, write_uid, write_date)
            SELECT 'MAP-BENCH-' || n, %(product)s, %(company)s,
                   (%(partners)s::int[])[mod(n, %(customers)s) + 1],
                   (%(partners)s::int[])[mod(n, %(customers)s) + 1],
                   CASE WHEN mod(n, 97) = 0 THEN 'decommissioned' ELSE 'in_service' END,
                   CASE WHEN mod(n, 97) = 0 THEN %(today)s::date - 30 END,
                   mod(n, 89) != 0,
                   43.0 + mod(n * 37, 800) / 100.0, -1.0 + mod(n * 53, 900) / 100.0,
                   %(uid)s, now() AT TIME ZONE 'UTC', %(uid)s, now() AT TIME ZONE 'UTC'
              FROM generate_series(1, %(units)s) AS n
            """,
            **params,
        )
    )
    use_orm_defaults(env, "service.contract")
    use_orm_defaults(env, "service.contract.coverage")
    env.cr.execute(
        SQL(
            """
            INSERT INTO service_contract (name, active, partner_id,
                commercial_partner_id, company_id, user_id, contract_type, state,
                date_start, whole_installed_base,
                create_uid, create_date, write_uid, write_date)
            SELECT 'MAP-BENCH/' || k || '/' || p.id, TRUE, p.id, p.id, %(company)s,
                   %(uid)s, 'maintenance', 'ready', %(today)s::date - 100 - k, FALSE,
                   %(uid)s, now() AT TIME ZONE 'UTC', %(uid)s, now() AT TIME ZONE 'UTC'
              FROM unnest(%(partners)s::int[]) AS p (id), generate_series(1, 2) AS k
            """,
            **params,
        )
    )
    env.cr.execute(
        SQL(
            """
            WITH lots AS (
                SELECT id, service_commercial_partner_id AS partner_id,
                       row_number() OVER (ORDER BY id) AS n
                  FROM stock_lot WHERE name LIKE %(lot_like)s
            )
            INSERT INTO service_contract_coverage (contract_id, company_id,
                partner_id, contract_type, contract_state, coverage_type, lot_id,
                product_id, date_start,
                create_uid, create_date, write_uid, write_date)
            SELECT c.id, c.company_id, c.commercial_partner_id, 'maintenance',
                   'ready', 'lot', lots.id, %(product)s, c.date_start,
                   %(uid)s, now() AT TIME ZONE 'UTC', %(uid)s, now() AT TIME ZONE 'UTC'
              FROM lots JOIN service_contract c
                ON c.commercial_partner_id = lots.partner_id
               AND c.name LIKE %(contract_like)s
             WHERE (c.name LIKE %(first_like)s AND mod(lots.n, 3) != 0)
                OR (c.name LIKE %(second_like)s AND mod(lots.n, 50) = 1)
            """,
            **params,
        )
    )
    env.cr.execute(
        SQL("ANALYZE stock_lot, service_contract, service_contract_coverage")
    )
    return partners


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("-d", "--database", required=True)
    parser.add_argument("--units", type=int, default=10_000)
    parser.add_argument("--customers", type=int, default=200)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--addons-path", default=None)
    args = parser.parse_args()

    with bench_environment(
        args.database, args.addons_path, "service.contract.coverage.map"
    ) as env:
        cr = env.cr
        started = time.perf_counter()
        partners = insert_data(env, args.units, args.customers)
        print(
            f"inserted {args.units} units at {len(partners)} customers and their "
            f"contracts in {time.perf_counter() - started:.1f}s"
        )
        admin = env.ref("base.user_admin")
        Map = env(user=admin.id)["service.contract.coverage.map"]
        runs = []
        for run in range(args.runs):
            env.invalidate_all()
            with Measure(cr) as measure:
                data = Map.get_map_data()
            runs.append(measure)
            states = Counter(m["state"] for m in data["markers"] + data["unlocated"])
            print(
                f"get_map_data run {run + 1}: {1000 * measure.seconds:.0f} ms, "
                f"{measure.queries} SQL queries; "
                f"{len(data['markers'])} markers, {len(data['unlocated'])} without "
                f"position, {len(data['boundaries'])} boundaries, "
                + ", ".join(f"{n} {s}" for s, n in sorted(states.items()))
            )
        seconds = [measure.seconds for measure in runs]
        report(
            "coverage map",
            args.units,
            statistics.median(seconds),
            queries=statistics.median_low(measure.queries for measure in runs),
            queries_per="map",
            memory_kb=max(measure.memory_kb for measure in runs),
            note=f"median of {args.runs} runs, "
            f"{1000 * min(seconds):.0f}-{1000 * max(seconds):.0f} ms",
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
