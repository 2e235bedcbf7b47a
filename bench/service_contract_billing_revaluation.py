#!/usr/bin/env python3
"""Time the daily revaluation of service contracts at several sizes.

Usage: python3 bench/service_contract_billing_revaluation.py -d DB
       [--sizes 10000,100000] [--batch-size 500] [--no-commit] [--profile]
       [--addons-path PATH]

DB must have ``service_contract_billing`` installed.  For each size the
script inserts, with set-based SQL, that many contracts with two invoicing
elements each: nine in ten due for their scheduled revaluation (half by an
index with monthly values, half by a percentage), one in ten not due yet.
It runs ``service.contract._cron_revalue()`` as the scheduled action does,
with a commit per batch on a throwaway copy of DB, and again inside one
transaction on DB (rolled back), and prints the time, the time per contract,
the queries per batch and, at the largest size, the ratio of its time per
contract to the smallest size's (goal: flat, at most 1.25x).  DB itself is
left unchanged.
"""

import sys

from _odoo import use_orm_defaults
from _scaling import bench, parse_args


def seed(env, size):
    """Insert ``size`` contracts with a revaluation on their schedule."""
    from dateutil.relativedelta import relativedelta  # noqa: PLC0415

    from odoo.tools import SQL  # noqa: PLC0415

    if "service.contract.revaluation" not in env:
        sys.exit(f"service_contract_billing is not installed on {env.cr.dbname}")
    use_orm_defaults(env, "service.contract")
    use_orm_defaults(env, "service.contract.billing.line")
    today = env.cr.now().date()
    index = env["service.contract.index"].create(
        {
            "name": "Bench Labour Index",
            "code": "BENCH-REVAL",
            "value_ids": [
                (
                    0,
                    0,
                    {
                        "date": today - relativedelta(months=months),
                        "value": 100.0 + (36 - months) * 0.5,
                    },
                )
                for months in range(36)
            ],
        }
    )
    product = env["product.product"].create(
        {"name": "Bench Maintenance Fee", "type": "service", "list_price": 100.0}
    )
    partners = env["res.partner"].create(
        [{"name": f"Bench Revalued {i}", "is_company": True} for i in range(50)]
    )
    env.flush_all()
    params = {
        "uid": env.uid,
        "company": env.company.id,
        "currency": env.company.currency_id.id,
        "partners": partners.ids,
        "index": index.id,
        "product": product.id,
        "size": size,
        "today": today,
        "like": "BENCH-REVAL/%",
    }
    # Started 12 to 22 months ago, revalued every 12 months: due once (one
    # in ten: not due before next month).
    env.cr.execute(
        SQL(
            """
            INSERT INTO service_contract (name, active, partner_id,
                commercial_partner_id, company_id, currency_id, user_id,
                contract_type, state, date_start, date_end, date_expiry,
                renewable, whole_installed_base, points_total, points_used,
                points_remaining, billable, billing_period, revaluation_method,
                revaluation_percent, index_id, revaluation_trigger,
                revaluation_interval, index_date_base, date_next_revaluation,
                create_uid, create_date, write_uid, write_date)
            SELECT 'BENCH-REVAL/' || n, TRUE, p.id, p.id, %(company)s,
                   %(currency)s, %(uid)s, 'maintenance', 'ready', s.day,
                   s.day + 1094, s.day + 1094, FALSE, FALSE, 0, 0, 0, TRUE,
                   'month',
                   CASE WHEN mod(n, 2) = 0 THEN 'index' ELSE 'percent' END,
                   CASE WHEN mod(n, 2) = 0 THEN 0 ELSE 2.5 END,
                   CASE WHEN mod(n, 2) = 0 THEN %(index)s END,
                   'schedule', 12, s.day,
                   CASE WHEN mod(n, 10) = 9 THEN %(today)s::date + 30
                        ELSE (s.day + interval '12 months')::date END,
                   %(uid)s, now() AT TIME ZONE 'UTC', %(uid)s,
                   now() AT TIME ZONE 'UTC'
              FROM generate_series(1, %(size)s) AS n,
                   LATERAL (SELECT (%(today)s::date - interval '12 months')::date
                                   - 1 - mod(n, 300) AS day) AS s,
                   LATERAL (SELECT (%(partners)s::int[])[mod(n, 50) + 1] AS id) AS p
            """,
            **params,
        )
    )
    env.cr.execute(
        SQL(
            """
            INSERT INTO service_contract_billing_line (contract_id, company_id,
                sequence, product_id, name, quantity, price_basis, price_unit,
                discount, points, per_covered_unit,
                create_uid, create_date, write_uid, write_date)
            SELECT c.id, c.company_id, 10 * k, %(product)s, 'Bench fee ' || k,
                   k, 'period', 50 + mod(c.id, 7) * 10, 0, 0, FALSE,
                   %(uid)s, now() AT TIME ZONE 'UTC', %(uid)s,
                   now() AT TIME ZONE 'UTC'
              FROM service_contract c, generate_series(1, 2) AS k
             WHERE c.name LIKE %(like)s
            """,
            **params,
        )
    )
    env.cr.execute(
        SQL(
            "SELECT revaluation_method, date_next_revaluation <= %s, count(*) "
            "FROM service_contract WHERE name LIKE %s GROUP BY 1, 2 ORDER BY 1, 2",
            today,
            "BENCH-REVAL/%",
        )
    )
    return ", ".join(
        f"{method} {'due' if due else 'not due'}: {count}"
        for method, due, count in env.cr.fetchall()
    )


def run(env, batch_size):
    return env["service.contract"]._cron_revalue(batch_size=batch_size)


def main():
    args = parse_args(__doc__.split("\n\n")[0])
    bench(
        args,
        "revaluation",
        seed,
        lambda env: run(env, args.batch_size),
        "revaluation",
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
