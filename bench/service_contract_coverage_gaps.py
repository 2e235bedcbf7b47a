#!/usr/bin/env python3
"""Time the daily coverage gap detection at several sizes.

Usage: python3 bench/service_contract_coverage_gaps.py -d DB
       [--sizes 10000,100000] [--batch-size 500] [--no-commit] [--profile]
       [--addons-path PATH]

DB must have ``service_contract_coverage`` installed.  For each size the
script inserts, with set-based SQL, that many contracts at one customer per
ten contracts, each customer with 40 installed units (some decommissioned,
some secondary equipment of another unit), as the reliability suite's seed
does: contracts listing serials, products and categories, some covering the
whole installed base, some points contracts, some expired, and at one
customer in ten serials listed by two contracts of the same type (units
covered twice), so that the detection finds units covered twice, units
covered by no contract and lines on decommissioned units.  It runs
``service.contract.coverage.gap._cron_detect_gaps()`` as the scheduled
action does, with a commit per batch on a throwaway copy of DB, and again
inside one transaction on DB (rolled back), and prints the time, the time per
contract, the queries per batch and, at the largest size, the ratio of its
time per contract to the smallest size's (goal: flat, at most 1.25x).  DB
itself is left unchanged.
"""

import sys
import time

from _odoo import serial_products, use_orm_defaults
from _scaling import bench, parse_args

CONTRACTS_PER_CUSTOMER = 10
UNITS_PER_CUSTOMER = 40


def seed(env, size):
    """Insert ``size`` contracts, their customers, units and lines."""
    from odoo.tools import SQL  # noqa: PLC0415

    if "service.contract.coverage.gap" not in env:
        sys.exit(f"service_contract_coverage is not installed on {env.cr.dbname}")
    use_orm_defaults(env, "service.contract")
    use_orm_defaults(env, "res.partner")
    categs, products = serial_products(env, "Bench Gap")
    env.flush_all()
    customers = -(-size // CONTRACTS_PER_CUSTOMER)
    params = {
        "uid": env.uid,
        "company": env.company.id,
        "products": products.ids,
        "categs": categs.ids,
        "customers": customers,
        "units": customers * UNITS_PER_CUSTOMER,
        "per_customer": UNITS_PER_CUSTOMER,
        "contracts": size,
        "per_contract": CONTRACTS_PER_CUSTOMER,
        "today": env.cr.now().date(),
        "partner_like": "Bench Gap Customer %",
        "contract_like": "BENCH-GAP/%",
    }
    cr = env.cr
    started = time.perf_counter()
    cr.execute(
        SQL(
            """
            INSERT INTO res_partner (name, complete_name, active,
                is_company, type, company_id, create_uid, create_date, write_uid,
                write_date)
            SELECT 'Bench Gap Customer ' || n, 'Bench Gap Customer ' || n,
                   TRUE, TRUE, 'contact', NULL,
                   %(uid)s, now() AT TIME ZONE 'UTC', %(uid)s,
                   now() AT TIME ZONE 'UTC'
              FROM generate_series(1, %(customers)s) AS n;
            UPDATE res_partner SET commercial_partner_id = id
             WHERE name LIKE %(partner_like)s;
            CREATE TEMPORARY TABLE bench_gap_customer ON COMMIT DROP AS
            SELECT id, row_number() OVER (ORDER BY id) - 1 AS k
              FROM res_partner WHERE name LIKE %(partner_like)s;
            ANALYZE bench_gap_customer;
            """,
            **params,
        )
    )
    # 40 units per customer: one in 97 decommissioned a month ago, one in 13
    # the secondary equipment of the unit before it.
    cr.execute(
        SQL(
            """
            CREATE TEMPORARY TABLE bench_gap_lot (n int, id int) ON COMMIT DROP;
            WITH inserted AS (
                INSERT INTO stock_lot (name, product_id, company_id,
                    service_partner_id, service_commercial_partner_id,
                    service_delivery_date, service_state, decommission_date,
                    create_uid, create_date, write_uid, write_date)
                SELECT 'BENCH-GAP-SN-' || n,
                       (%(products)s::int[])[mod(n, 50) + 1], %(company)s, p.id,
                       p.id, %(today)s::date - 30 - mod(n, 900),
                       CASE WHEN mod(n, 97) = 0 THEN 'decommissioned'
                            ELSE 'in_service' END,
                       CASE WHEN mod(n, 97) = 0 THEN %(today)s::date - 30 END,
                       %(uid)s, now() AT TIME ZONE 'UTC', %(uid)s,
                       now() AT TIME ZONE 'UTC'
                  FROM generate_series(0, %(units)s - 1) AS n
                  JOIN bench_gap_customer p ON p.k = n / %(per_customer)s
                RETURNING id, name
            )
            INSERT INTO bench_gap_lot SELECT substr(name, 14)::int, id FROM inserted;
            ANALYZE bench_gap_lot;
            UPDATE stock_lot SET parent_lot_id = parent.id
              FROM bench_gap_lot child
              JOIN bench_gap_lot parent ON parent.n = child.n - 1
             WHERE stock_lot.id = child.id AND mod(child.n, 13) = 12;
            """,
            **params,
        )
    )
    # Ten contracts per customer: the first of one customer in four covers the
    # whole installed base, the second of another one in four is a points
    # contract, one in ten is expired; the type is the customer's.
    cr.execute(
        SQL(
            """
            INSERT INTO service_contract (name, active, partner_id,
                commercial_partner_id, company_id, user_id, contract_type, state,
                date_start, date_end, date_expiry, renewable,
                whole_installed_base, points_total, points_used,
                points_remaining, coverage_service_level, coverage_labor_rate,
                coverage_parts_rate, coverage_expense_rate,
                create_uid, create_date, write_uid, write_date)
            SELECT 'BENCH-GAP/' || n, TRUE, p.id, p.id, %(company)s, %(uid)s,
                   CASE WHEN mod(p.k, 4) = 1 AND mod(n, %(per_contract)s) = 1
                            THEN 'points'
                        WHEN mod(p.k, 2) = 0 THEN 'warranty'
                        ELSE 'maintenance' END,
                   CASE WHEN mod(n, 10) = 3 THEN 'expired' ELSE 'ready' END,
                   %(today)s::date - mod(n, 300),
                   %(today)s::date - mod(n, 300) + 364,
                   %(today)s::date - mod(n, 300) + 364,
                   FALSE, mod(p.k, 4) = 0 AND mod(n, %(per_contract)s) = 0,
                   0, 0, 0, 'standard', 100, 100, 50,
                   %(uid)s, now() AT TIME ZONE 'UTC', %(uid)s,
                   now() AT TIME ZONE 'UTC'
              FROM generate_series(0, %(contracts)s - 1) AS n
              JOIN bench_gap_customer p ON p.k = n / %(per_contract)s
            """,
            **params,
        )
    )
    # Lines of the listing contracts: the j-th contract of its customer lists
    # its units 3j to 3j + 2 (3j to 3j + 4, overlapping the next contract's,
    # at one customer in ten), a product line on one in four, a category line
    # on one in ten.
    cr.execute(
        SQL(
            """
            WITH c AS (
                SELECT c.id, c.commercial_partner_id, c.company_id,
                       c.contract_type, c.state, c.date_start, c.date_end,
                       mod(substr(c.name, 11)::int, %(per_contract)s) AS j,
                       substr(c.name, 11)::int AS n, p.k
                  FROM service_contract c
                  JOIN bench_gap_customer p ON p.id = c.commercial_partner_id
                 WHERE c.name LIKE %(contract_like)s AND NOT c.whole_installed_base
                   AND c.contract_type != 'points'
            ), lots AS (
                SELECT lot.id, lot.product_id,
                       lot.service_commercial_partner_id AS partner_id,
                       mod(b.n, %(per_customer)s) AS i
                  FROM bench_gap_lot b JOIN stock_lot lot ON lot.id = b.id
            )
            INSERT INTO service_contract_coverage (contract_id, company_id,
                partner_id, contract_type, contract_state, coverage_type, lot_id,
                product_id, categ_id, date_start, date_end, service_level,
                labor_rate, parts_rate, expense_rate, include_unlisted_components,
                authorized_loan, sequence,
                create_uid, create_date, write_uid, write_date)
            SELECT c.id, c.company_id, c.commercial_partner_id, c.contract_type,
                   c.state, 'lot', lots.id, lots.product_id, NULL::int,
                   c.date_start, c.date_end, 'standard', 100, 80, 50, TRUE, FALSE,
                   10, %(uid)s, now() AT TIME ZONE 'UTC', %(uid)s,
                   now() AT TIME ZONE 'UTC'
              FROM c JOIN lots ON lots.partner_id = c.commercial_partner_id
               AND lots.i BETWEEN 3 * c.j
                   AND 3 * c.j + CASE WHEN mod(c.k, 10) = 5 THEN 4 ELSE 2 END
            UNION ALL
            SELECT c.id, c.company_id, c.commercial_partner_id, c.contract_type,
                   c.state, 'product', NULL::int,
                   (%(products)s::int[])[mod(c.n, 50) + 1], NULL::int,
                   c.date_start, c.date_end, 'standard', 100, 100, 0, TRUE, FALSE,
                   10, %(uid)s, now() AT TIME ZONE 'UTC', %(uid)s,
                   now() AT TIME ZONE 'UTC'
              FROM c WHERE mod(c.n, 4) = 0
            UNION ALL
            SELECT c.id, c.company_id, c.commercial_partner_id, c.contract_type,
                   c.state, 'category', NULL::int, NULL::int,
                   (%(categs)s::int[])[mod(c.n, 5) + 1],
                   c.date_start, c.date_end, 'extended', 50, 50, 0, TRUE, FALSE,
                   10, %(uid)s, now() AT TIME ZONE 'UTC', %(uid)s,
                   now() AT TIME ZONE 'UTC'
              FROM c WHERE mod(c.n, 10) = 5
            """,
            **params,
        )
    )
    cr.execute(
        SQL(
            "SELECT coverage_type, count(*) FROM service_contract_coverage cov "
            "JOIN service_contract c ON c.id = cov.contract_id "
            "WHERE c.name LIKE %s GROUP BY 1 ORDER BY 1",
            "BENCH-GAP/%",
        )
    )
    lines = ", ".join(f"{count} {kind} lines" for kind, count in cr.fetchall())
    return (
        f"in {time.perf_counter() - started:.1f}s: {customers} customers, "
        f"{params['units']} units, {size} contracts, {lines}"
    )


def run(env, batch_size):
    from odoo.tools import SQL  # noqa: PLC0415

    Gap = env["service.contract.coverage.gap"]
    result = Gap._cron_detect_gaps(batch_size=batch_size)
    env.flush_all()
    env.cr.execute(
        SQL(
            "SELECT kind, count(*) FROM service_contract_coverage_gap "
            "WHERE state = 'open' GROUP BY 1 ORDER BY 1"
        )
    )
    print("  open gaps: " + ", ".join(f"{k}={c}" for k, c in env.cr.fetchall()))
    return result.done


def main():
    args = parse_args(__doc__.split("\n\n")[0])
    bench(args, "coverage gaps", seed, lambda env: run(env, args.batch_size), "gaps")
    return 0


if __name__ == "__main__":
    sys.exit(main())
