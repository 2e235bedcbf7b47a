#!/usr/bin/env python3
"""Time the daily status update of service contracts on many contracts.

Usage: python3 bench/service_contract_state.py -d DB [--count 100000]
       [--batch-size 1000] [--addons-path PATH]

DB must have the ``service_contract`` addon installed.  The script inserts
``--count`` contracts with plain SQL inserts (half of them ready and past
their expiry date, a tenth expired but with dates moved into the future, the
rest ready and running), runs ``service.contract._cron_update_state()`` once,
prints the elapsed time and the number of SQL queries, and rolls everything
back: the database is left as it was.
"""

import argparse
import sys
import threading
import time

from _odoo import open_registry, use_orm_defaults


def insert_contracts(env, count):
    """Insert ``count`` contracts in one statement; return the mix."""
    from odoo.tools import SQL  # noqa: PLC0415

    partner = env["res.partner"].create({"name": "Bench Customer", "is_company": True})
    env.flush_all()
    today = env.cr.now().date()
    env.cr.execute(
        SQL(
            """
            INSERT INTO service_contract (
                name, active, partner_id, commercial_partner_id, company_id,
                user_id, contract_type, state, date_start, date_end, date_expiry,
                renewable, whole_installed_base, points_total, points_used,
                points_remaining, create_uid, create_date, write_uid, write_date)
            SELECT 'BENCH/' || n, TRUE, %(partner)s, %(partner)s, %(company)s,
                   %(uid)s, (ARRAY['warranty', 'maintenance', 'points'])[mod(n, 3) + 1],
                   CASE WHEN mod(n, 10) = 0 THEN 'expired' ELSE 'ready' END,
                   ends.day - 364, ends.day, ends.day,
                   mod(n, 2) = 0, FALSE, 0, 0, 0,
                   %(uid)s, now() AT TIME ZONE 'UTC', %(uid)s, now() AT TIME ZONE 'UTC'
              FROM generate_series(1, %(count)s) AS n,
                   LATERAL (SELECT CASE
                       -- 1 in 10: expired, its dates since moved into the future
                       WHEN mod(n, 10) = 0 THEN %(today)s::date + 1 + mod(n, 300)
                       -- 1 in 2: ready and past its expiry date
                       WHEN mod(n, 2) = 1 THEN %(today)s::date - mod(n, 365)
                       -- the rest: ready and running
                       ELSE %(today)s::date + 1 + mod(n, 700)
                   END AS day) AS ends
            """,
            partner=partner.id,
            company=env.company.id,
            uid=env.uid,
            count=count,
            today=today,
        )
    )
    env.cr.execute(
        SQL(
            "SELECT state, date_expiry <= %s, count(*) FROM service_contract "
            "WHERE name LIKE %s GROUP BY 1, 2 ORDER BY 1, 2",
            today,
            "BENCH/%",
        )
    )
    return env.cr.fetchall()


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("-d", "--database", required=True)
    parser.add_argument("--count", type=int, default=100_000)
    parser.add_argument("--batch-size", type=int, default=1000)
    parser.add_argument("--addons-path", default=None)
    args = parser.parse_args()

    from odoo import SUPERUSER_ID, api  # noqa: PLC0415
    from odoo.tools import SQL  # noqa: PLC0415

    registry = open_registry(args.database, args.addons_path)
    # No commit per batch: everything below is rolled back at the end.
    threading.current_thread().testing = True
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        if "service.contract" not in env:
            sys.exit(f"service_contract is not installed on {args.database}")
        use_orm_defaults(env, "service.contract")
        started = time.perf_counter()
        mix = insert_contracts(env, args.count)
        inserted = time.perf_counter() - started
        print(f"inserted {args.count} contracts in {inserted:.1f}s")
        for state, past, count in mix:
            print(f"  {state:8} {'past' if past else 'future':6} expiry: {count}")

        env.invalidate_all()
        queries_before = cr.sql_log_count
        started = time.perf_counter()
        moved = env["service.contract"]._cron_update_state(batch_size=args.batch_size)
        env.flush_all()
        elapsed = time.perf_counter() - started
        queries = cr.sql_log_count - queries_before
        batches = -(-moved // args.batch_size) or 1
        print(
            f"_cron_update_state: {moved} contracts moved in {elapsed:.1f}s "
            f"({1000 * elapsed / max(moved, 1):.2f} ms per contract), "
            f"{queries} SQL queries ({queries / batches:.1f} per batch of "
            f"{args.batch_size})"
        )
        env.cr.execute(
            SQL(
                "SELECT state, count(*) FROM service_contract "
                "WHERE name LIKE %s GROUP BY 1 ORDER BY 1",
                "BENCH/%",
            )
        )
        print("  after: " + ", ".join(f"{s}={c}" for s, c in env.cr.fetchall()))
        cr.rollback()
    print("rolled back: the database is unchanged")
    return 0


if __name__ == "__main__":
    sys.exit(main())
