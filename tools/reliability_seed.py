"""Committed data for the reliability suite (``tools/reliability.py``).

It runs inside an Odoo process on a database where the four addons are
installed, and commits a realistic mix of about ``contracts`` contracts:

- status: the status benchmark's mix (ready and past their expiry date,
  expired with dates moved into the future, running), inserted by its SQL
  (``bench/service_contract_state.py``);
- meter expiry: the meter benchmark's units, unit meters, readings and
  contract meters (``bench/service_contract_meter_expiry.py``), whose
  readings move the contracts' expiry dates;
- coverage gaps: the entitlement benchmark's installed base, contracts and
  coverage lines by serial, product and category, with decommissioned units
  and points contracts (``bench/service_contract_coverage_entitlement.py``),
  plus second contracts listing the same serials (units covered twice);
- invoicing and revaluation: contracts from a renewable template, created
  through the ORM in batches, with billing schedules due (several periods
  each), ended auto-renewable contracts that invoicing renews, and contracts
  revalued by an index (with its values) on their schedule, or by a
  percentage at invoicing.

The benchmarks' seeding code is used as it is, not copied.
"""

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

# The mix, as shares of the requested number of contracts.
SHARES = {"status": 0.38, "meter": 0.15, "coverage": 0.35, "billing": 0.12}
UNITS_PER_COVERAGE_CONTRACT = 4


def _bench(name):
    import importlib  # noqa: PLC0415

    return importlib.import_module(name)


def seed(env, contracts):
    """Insert and commit the mix; return the number of contracts of each part."""
    from _odoo import use_orm_defaults  # noqa: PLC0415

    cr = env.cr
    sizes = {part: max(int(contracts * share), 10) for part, share in SHARES.items()}
    use_orm_defaults(env, "service.contract")
    # Coverage first: its line SQL walks every 'BENCH/%' contract.
    coverage = _bench("service_contract_coverage_entitlement")
    coverage.insert_data(
        env, sizes["coverage"] * UNITS_PER_COVERAGE_CONTRACT, sizes["coverage"]
    )
    sizes["coverage"] += _add_overlapping_contracts(env)
    cr.commit()  # pylint: disable=invalid-commit
    _bench("service_contract_state").insert_contracts(env, sizes["status"])
    cr.commit()  # pylint: disable=invalid-commit
    _bench("service_contract_meter_expiry").create_data(env, sizes["meter"])
    cr.commit()  # pylint: disable=invalid-commit
    _create_billing_contracts(env, sizes["billing"])
    cr.commit()  # pylint: disable=invalid-commit
    cr.execute("ANALYZE")
    env.invalidate_all()
    return sizes


def _add_overlapping_contracts(env):
    """Second contracts of the same type for one customer in ten that lists
    serials, listing the same serials over overlapping dates: units covered
    twice, which gap detection reports."""
    from odoo.tools import SQL  # noqa: PLC0415

    cr = env.cr
    cr.execute(
        SQL(
            """
            WITH src AS (
                SELECT DISTINCT c.id FROM service_contract c
                  JOIN service_contract_coverage cov ON cov.contract_id = c.id
                 WHERE c.name LIKE %(bench)s AND cov.coverage_type = 'lot'
            ), picked AS (
                SELECT id FROM (
                    SELECT id, row_number() OVER (ORDER BY id) AS n FROM src
                ) numbered WHERE mod(n, 2) = 1
            )
            INSERT INTO service_contract (name, active, partner_id,
                commercial_partner_id, company_id, user_id, contract_type, state,
                date_start, date_end, date_expiry, renewable, whole_installed_base,
                points_total, points_used, points_remaining, coverage_service_level,
                coverage_labor_rate, coverage_parts_rate, coverage_expense_rate,
                create_uid, create_date, write_uid, write_date, note)
            SELECT 'REL-OVERLAP/' || c.id, TRUE, c.partner_id,
                   c.commercial_partner_id, c.company_id, c.user_id, c.contract_type,
                   'ready', c.date_start + 90, c.date_end + 90, c.date_end + 90,
                   FALSE, FALSE, 0, 0, 0, c.coverage_service_level,
                   c.coverage_labor_rate, c.coverage_parts_rate,
                   c.coverage_expense_rate, c.create_uid, c.create_date,
                   c.write_uid, c.write_date, c.id::text
              FROM service_contract c JOIN picked ON picked.id = c.id
            RETURNING id
            """,
            bench="BENCH/%",
        )
    )
    added = len(cr.fetchall())
    cr.execute(
        SQL(
            """
            INSERT INTO service_contract_coverage (contract_id, company_id,
                partner_id, contract_type, contract_state, coverage_type, lot_id,
                product_id, categ_id, date_start, date_end, service_level,
                labor_rate, parts_rate, expense_rate, include_unlisted_components,
                authorized_loan, sequence, create_uid, create_date, write_uid,
                write_date)
            SELECT o.id, cov.company_id, cov.partner_id, cov.contract_type,
                   'ready', 'lot', cov.lot_id, cov.product_id, NULL::int,
                   o.date_start, o.date_end, cov.service_level, cov.labor_rate,
                   cov.parts_rate, cov.expense_rate,
                   cov.include_unlisted_components, cov.authorized_loan,
                   cov.sequence, cov.create_uid, cov.create_date, cov.write_uid,
                   cov.write_date
              FROM service_contract o
              JOIN service_contract_coverage cov
                ON cov.contract_id = o.note::int AND cov.coverage_type = 'lot'
             WHERE o.name LIKE %s
            """,
            "REL-OVERLAP/%",
        )
    )
    cr.execute(
        SQL(
            "UPDATE service_contract SET note = NULL WHERE name LIKE %s",
            "REL-OVERLAP/%",
        )
    )
    return added


def _create_billing_contracts(env, count, chunk=250):
    """Contracts from a renewable template, with their billing schedule, in
    batches through the ORM (their computed schedule is the ORM's)."""
    from dateutil.relativedelta import relativedelta  # noqa: PLC0415

    from odoo import fields  # noqa: PLC0415

    env = env(
        context=dict(
            env.context,
            tracking_disable=True,
            mail_create_nolog=True,
            mail_notrack=True,
        )
    )
    today = fields.Date.context_today(env.user)
    partners = env["res.partner"].create(
        [{"name": f"Reliability Customer {i}", "is_company": True} for i in range(40)]
    )
    product = env["product.product"].create(
        {"name": "Reliability Maintenance Fee", "type": "service", "list_price": 90.0}
    )
    template = env["service.contract.template"].create(
        {
            "name": "Reliability Maintenance",
            "contract_type": "maintenance",
            "duration": 12,
            "duration_unit": "month",
            "renewable": True,
        }
    )
    index = env["service.contract.index"].create(
        {
            "name": "Reliability Labour Index",
            "code": "REL-IDX",
            "value_ids": [
                (0, 0, {"date": today - relativedelta(months=m), "value": 100 + 30 - m})
                for m in range(30)
            ],
        }
    )
    kinds = ("monthly", "renewal", "index", "percent", "yearly")
    for offset in range(0, count, chunk):
        vals_list = []
        for n in range(offset, min(offset + chunk, count)):
            vals = _billing_contract_vals(kinds[n % len(kinds)], n, today)
            vals.update(
                partner_id=partners[n % len(partners)].id,
                template_id=template.id,
                billing_line_ids=[
                    (
                        0,
                        0,
                        {
                            "product_id": product.id,
                            "price_unit": 50.0 + n % 7 * 10,
                            "quantity": 1 + n % 3,
                        },
                    )
                ],
            )
            if vals.get("revaluation_method") == "index":
                vals["index_id"] = index.id
            vals_list.append(vals)
        env["service.contract"].create(vals_list)
        env.flush_all()
        env.cr.commit()  # pylint: disable=invalid-commit
        env.invalidate_all()


def _billing_contract_vals(kind, n, today):
    """The billing terms of the ``n``-th contract of ``kind``."""
    from dateutil.relativedelta import relativedelta  # noqa: PLC0415

    start = today - relativedelta(days=15 + n % 45)
    vals = {
        "name": f"REL/{kind}/{n}",
        "contract_type": "maintenance",
        "state": "ready",
        "date_start": start,
        "date_end": start + relativedelta(years=1, days=-1),
        "billing_period": "month",
        "auto_renew": False,
    }
    if kind == "renewal":
        # ended: invoicing renews it first, then invoices the new term
        start = today - relativedelta(months=12, days=20 + n % 40)
        vals.update(
            date_start=start,
            date_end=start + relativedelta(years=1, days=-1),
            billing_period="year",
            renewable=True,
            auto_renew=True,
            renewal_duration=12,
            renewal_duration_unit="month",
        )
    elif kind == "index":
        vals.update(
            date_start=today - relativedelta(days=60 + n % 60),
            billing_period="quarter",
            revaluation_method="index",
            revaluation_interval=1,
        )
    elif kind == "percent":
        vals.update(
            revaluation_method="percent",
            revaluation_percent=2.5,
            revaluation_trigger="invoicing",
            revaluation_interval=1,
        )
    elif kind == "yearly":
        vals.update(billing_period="year", invoice_timing="start")
    return vals
