#!/usr/bin/env python3
"""Time the daily expiry-by-meter recalculation on many contracts.

Usage: python3 bench/service_contract_meter_expiry.py -d DB [--contracts N]

On a database where ``service_contract_meter`` is installed, it inserts with
set-based SQL N contracts (100,000 by default), each on its own unit with two
meters (an odometer and an hour counter), two readings per unit meter, then
runs ``service.contract._cron_update_meter_expiry()`` twice (the first run
computes every date, the second finds nothing to change) and prints the time
and the SQL query count of each run.  Everything happens in one transaction
that is rolled back at the end: the database is left as it was.  (The cron's
commit per batch is disabled for that, as under tests.)
"""

import argparse
import os
import threading
import time

from _odoo import open_registry, use_orm_defaults


def create_data(env, count):
    """Units, unit meters, readings, contracts and contract meters, in SQL."""
    from odoo.tools import SQL  # noqa: PLC0415

    cr = env.cr
    uom_km = env.ref("uom.product_uom_km")
    uom_hour = env.ref("uom.product_uom_hour")
    meters = env["service.meter"].create(
        [
            {"name": "Bench Odometer", "code": "BENCH-KM", "uom_id": uom_km.id},
            {"name": "Bench Hours", "code": "BENCH-HRS", "uom_id": uom_hour.id},
        ]
    )
    partner = env["res.partner"].create({"name": "Bench Fleet", "is_company": True})
    product = env["product.product"].create(
        {
            "name": "Bench Truck",
            "type": "consu",
            "is_storable": True,
            "tracking": "serial",
        }
    )
    company = env.company
    env.flush_all()
    cr.execute(
        SQL(
            """
            INSERT INTO stock_lot (name, product_id, company_id, service_partner_id,
                                   service_commercial_partner_id, service_state,
                                   create_uid, write_uid, create_date, write_date)
            SELECT 'BENCH-' || g, %(product)s, %(company)s, %(partner)s, %(partner)s,
                   'in_service', 1, 1, now(), now()
              FROM generate_series(1, %(count)s) g
            RETURNING id
            """,
            product=product.id,
            company=company.id,
            partner=partner.id,
            count=count,
        )
    )
    lot_ids = [row[0] for row in cr.fetchall()]
    # Two meters per unit; the odometer at about 300 km a day, the hours at 8.
    cr.execute(
        SQL(
            """
            INSERT INTO service_asset_meter (lot_id, meter_id, company_id, active,
                                             daily_rate_manual, create_uid, write_uid,
                                             create_date, write_date)
            SELECT lot.id, m.id, %(company)s, true,
                   CASE WHEN m.id = %(hours)s THEN 8 ELSE 0 END, 1, 1, now(), now()
              FROM unnest(%(lots)s::int[]) AS lot(id)
             CROSS JOIN unnest(%(meters)s::int[]) AS m(id)
            """,
            company=company.id,
            hours=meters[1].id,
            lots=lot_ids,
            meters=meters.ids,
        )
    )
    cr.execute(
        SQL(
            """
            INSERT INTO service_meter_reading (
                asset_meter_id, lot_id, meter_id, company_id, active, date, value,
                net_value, create_uid, write_uid, create_date, write_date)
            SELECT am.id, am.lot_id, am.meter_id, am.company_id, true,
                   CURRENT_DATE - d.days_ago,
                   d.factor * (mod(am.id, 97) + 250) * (200 - d.days_ago),
                   d.factor * (mod(am.id, 97) + 250) * (200 - d.days_ago),
                   1, 1, now(), now()
              FROM service_asset_meter am
              JOIN stock_lot lot ON lot.id = am.lot_id AND lot.product_id = %(product)s
             CROSS JOIN (VALUES (190), (10)) AS d0(days_ago)
             CROSS JOIN LATERAL (SELECT d0.days_ago,
                                 CASE WHEN am.meter_id = %(hours)s THEN 0.03 ELSE 1 END
                                 AS factor) d
            """,
            product=product.id,
            hours=meters[1].id,
        )
    )
    cr.execute(
        SQL(
            """
            INSERT INTO service_contract (
                name, partner_id, commercial_partner_id, company_id, contract_type,
                state, active, date_start, date_end, date_expiry, create_uid,
                write_uid, create_date, write_date)
            SELECT 'BENCH/' || g, %(partner)s, %(partner)s, %(company)s,
                   'warranty', 'ready', true, CURRENT_DATE - 200,
                   CURRENT_DATE + 900, CURRENT_DATE + 900,
                   1, 1, now(), now()
              FROM generate_series(1, %(count)s) g
            RETURNING id
            """,
            partner=partner.id,
            company=company.id,
            count=count,
        )
    )
    contract_ids = [row[0] for row in cr.fetchall()]
    cr.execute(
        SQL(
            """
            INSERT INTO service_contract_meter (
                contract_id, asset_meter_id, lot_id, meter_id, company_id, sequence,
                value_start, value_interval, value_end, create_uid, write_uid,
                create_date, write_date)
            SELECT c.id, am.id, am.lot_id, am.meter_id, am.company_id, 10, 0,
                   CASE WHEN am.meter_id = %(hours)s THEN 5000 ELSE 100000 END,
                   CASE WHEN am.meter_id = %(hours)s THEN 5000 ELSE 100000 END,
                   1, 1, now(), now()
              FROM unnest(%(contracts)s::int[], %(lots)s::int[]) AS c(id, lot_id)
              JOIN service_asset_meter am ON am.lot_id = c.lot_id
            """,
            hours=meters[1].id,
            contracts=contract_ids,
            lots=lot_ids,
        )
    )
    cr.execute(
        "ANALYZE stock_lot, service_asset_meter, service_meter_reading, "
        "service_contract, service_contract_meter"
    )
    env.invalidate_all()
    return contract_ids


def timed_run(env, label, batch_size):
    cr = env.cr
    env.flush_all()
    env.invalidate_all()
    queries = cr.sql_log_count
    start = time.perf_counter()
    done = env["service.contract"]._cron_update_meter_expiry(batch_size=batch_size)
    env.flush_all()
    elapsed = time.perf_counter() - start
    queries = cr.sql_log_count - queries
    print(
        f"{label}: {done} contracts in {elapsed:.1f} s "
        f"({done / elapsed if elapsed else 0:.0f}/s), {queries} SQL queries "
        f"(batch size {batch_size})"
    )
    return done, elapsed, queries


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("-d", "--database", required=True)
    parser.add_argument("--contracts", type=int, default=100_000)
    parser.add_argument("--batch-size", type=int, default=1000)
    args = parser.parse_args()

    from odoo import SUPERUSER_ID, api  # noqa: PLC0415

    registry = open_registry(
        args.database, log_level=os.environ.get("BENCH_LOG_LEVEL", "warn")
    )
    # One transaction, rolled back: no commit per batch (as under tests).
    threading.current_thread().testing = True
    with registry.cursor() as cr:
        try:
            env = api.Environment(cr, SUPERUSER_ID, {})
            use_orm_defaults(env, "service.contract")
            start = time.perf_counter()
            create_data(env, args.contracts)
            print(
                f"data: {args.contracts} contracts, {2 * args.contracts} contract "
                f"meters, {4 * args.contracts} readings inserted in "
                f"{time.perf_counter() - start:.1f} s"
            )
            timed_run(env, "first run (every date computed)", args.batch_size)
            cr.execute(
                "SELECT count(*), min(date_expiry_calculated), "
                "max(date_expiry_calculated), "
                "count(*) FILTER (WHERE state = 'expired') "
                "FROM service_contract WHERE name LIKE 'BENCH/%'"
            )
            total, first, last, expired = cr.fetchone()
            print(
                f"  {total} bench contracts: calculated expiry {first} .. {last}, "
                f"{expired} expired"
            )
            timed_run(env, "second run (nothing to change)", args.batch_size)
        finally:
            cr.rollback()


if __name__ == "__main__":
    main()
