#!/usr/bin/env python3
"""Time the daily expiry-by-meter recalculation on many contracts.

Usage: python3 bench/service_contract_meter_expiry.py -d DB [--contracts N]
       [--batch-size 1000]

On a throwaway copy of DB (``scratch_database``: DB itself is never written;
``service_contract_meter`` must be installed there) it inserts with
set-based SQL N contracts (100,000 by default, the issue's size; e.g.
``--contracts 10000`` for a quick run), each on its own unit with two meters
(an odometer and an hour counter), two readings per unit meter, and commits
them.  Then it runs ``service.contract._cron_update_meter_expiry()`` twice
in one transaction, rolled back, without the per-batch commits (as under
tests): the first run computes every date (``dates change``), the second,
the same day, finds that nothing changed since (``nothing changed``); then
the same two runs on the same data as the scheduled action runs them, with
a commit per batch, on a copy of the data as inserted (made before the
first run: both regimes start from the same tables).  Between the two, the
floor (``bench/_floor.py``):
PostgreSQL writing, on a copy, the very rows the first run wrote (unit
meters, contract meters, contracts, their chatter messages and tracking
values), one set-based statement a table, and committing; ours is printed
as a ratio to it.  It prints the time, the SQL queries (per batch when dates
change, in all when nothing changed) and the memory of each run, one row of
``bench/_report.py`` each, with the issue's goals: at most 20 s and 5 s at
100,000 contracts (scaled to the size run).
"""

import argparse
import os
import threading
import time
from contextlib import contextmanager

from _floor import (
    capture_writes,
    describe_reads,
    report_writes,
    time_and_print,
    time_reads_committed,
)
from _odoo import open_registry, scratch_database, use_orm_defaults
from _report import Measure, report

#: The issue's goals at 100,000 contracts, in seconds.
GOAL_SIZE = 100_000
GOALS = {"dates change": 20.0, "nothing changed": 5.0}


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
    # the flag the ORM keeps for contracts with contract meters
    cr.execute(
        SQL(
            "UPDATE service_contract SET has_meters = true WHERE id = ANY(%s)",
            contract_ids,
        )
    )
    cr.execute(
        "ANALYZE stock_lot, service_asset_meter, service_meter_reading, "
        "service_contract, service_contract_meter"
    )
    env.invalidate_all()
    return contract_ids


def read_statements(env):
    """``[(label, SQL text)]``: what a run that computes every date reads,
    each table once, set-based: the contracts due (the action's own
    search, with the columns of the fields it reads), their contract
    meters, their unit meters, and the readings' statistics (the action's
    own statement, for every unit meter at once)."""
    from odoo import fields  # noqa: PLC0415
    from odoo.tools import SQL  # noqa: PLC0415

    cr = env.cr
    Contract = env["service.contract"]
    today = fields.Date.context_today(Contract)
    due = Contract._search(Contract._get_meter_recompute_domain(today))
    fnames = Contract._get_meter_expiry_input_fields() | {
        "date_expiry",
        "date_expiry_calculated",
        "meter_expiry_checked_on",
    }
    columns = sorted(
        fname
        for fname in fnames
        if Contract._fields[fname].store and Contract._fields[fname].column_type
    )
    contracts = due.select(*(SQL.identifier("service_contract", c) for c in columns))
    lines = SQL(
        "SELECT * FROM service_contract_meter WHERE contract_id IN (%s)",
        due.subselect(),
    )
    meters = SQL(
        "SELECT * FROM service_asset_meter WHERE id IN "
        "(SELECT asset_meter_id FROM service_contract_meter WHERE contract_id IN (%s))",
        due.subselect(),
    )
    cr.execute(meters)
    asset_meters = env["service.asset.meter"].browse(row[0] for row in cr.fetchall())
    stats = asset_meters._get_reading_stats_sql(today)
    return [
        (label, cr.mogrify(sql.code, sql.params).decode())
        for label, sql in (
            ("contracts", contracts),
            ("contract meters", lines),
            ("unit meters", meters),
            ("reading stats", stats),
        )
    ]


@contextmanager
def toolkit_time():
    """Seconds spent inside the batch toolkit's ``_bulk_update`` and, of
    those, its tracking (``_bulk_track``): ``{"update": s, "track": s}``."""
    from odoo.addons.service_contract.models import (  # noqa: PLC0415
        service_contract_batch_mixin as toolkit,
    )

    mixin = toolkit.ServiceContractBatchMixin
    spent = {"update": 0.0, "track": 0.0}

    def timed(name, method):
        def wrapper(*args, **kwargs):
            start = time.perf_counter()
            try:
                return method(*args, **kwargs)
            finally:
                spent[name] += time.perf_counter() - start

        return wrapper

    update, track = mixin._bulk_update, mixin._bulk_track
    mixin._bulk_update = timed("update", update)
    mixin._bulk_track = timed("track", track)
    try:
        yield spent
    finally:
        mixin._bulk_update, mixin._bulk_track = update, track


def timed_run(env, label, batch_size):
    """Run the action once; returns ``(done, measure, toolkit seconds)``."""
    cr = env.cr
    env.flush_all()
    env.invalidate_all()
    with toolkit_time() as spent, Measure(cr) as measure:
        done = env["service.contract"]._cron_update_meter_expiry(batch_size=batch_size)
        env.flush_all()
    print(
        f"{label}: {done} contracts in {measure.seconds:.2f} s "
        f"({done / measure.seconds if measure.seconds else 0:.0f}/s), "
        f"{measure.queries} SQL queries (batch size {batch_size}) taking "
        f"{measure.sql_seconds:.2f} s; "
        f"{spent['update']:.2f} s of it in the toolkit's _bulk_update "
        f"({spent['track']:.2f} s its tracking)"
    )
    return done, measure, spent


#: The tables the run rewrites rows of.
UPDATED_TABLES = ("service_asset_meter", "service_contract_meter", "service_contract")


def print_row_versions(cr):
    """How many rows this transaction updated in each table, and how many
    of them in their own page (HOT: no index entry written)."""
    cr.execute(
        "SELECT relname, n_tup_upd, n_tup_hot_upd FROM pg_stat_xact_user_tables "
        "WHERE relname = ANY(%s) ORDER BY relname",
        [list(UPDATED_TABLES)],
    )
    print(
        "  rows updated (of them in their own page, HOT): "
        + "; ".join(f"{table} {upd} ({hot})" for table, upd, hot in cr.fetchall())
    )


def outcome(cr):
    """What the runs computed, to compare one regime with the other."""
    cr.execute(
        "SELECT count(*), min(date_expiry_calculated), "
        "max(date_expiry_calculated), count(*) FILTER (WHERE state = 'expired'), "
        "count(*) FILTER (WHERE meter_expiry_checked_on IS NOT NULL) "
        "FROM service_contract WHERE name LIKE 'BENCH/%'"
    )
    total, first, last, expired, stamped = cr.fetchone()
    print(
        f"  {total} bench contracts: calculated expiry {first} .. {last}, "
        f"{expired} expired, {stamped} stamped computed today"
    )
    return total, first, last, expired


def report_runs(runs, size, batch_size, regime, note):
    """One row per run: ``runs`` is ``[(what, done, measure)]``."""
    for what, done, measure, spent in runs:
        batches = max(-(-done // batch_size), 1)
        per_batch = what == "dates change"
        goal = GOALS[what] * size / GOAL_SIZE if per_batch else GOALS[what]
        report(
            f"meter expiry: {what}{regime}",
            size,
            measure.seconds,
            items=size,
            queries=round(measure.queries / batches, 1)
            if per_batch
            else measure.queries,
            queries_per="batch" if per_batch else None,
            memory_kb=measure.memory_kb,
            goal=("<=", round(goal, 3)),
            note=f"{note}; {done} recomputed; "
            f"{measure.sql_seconds:.2f} s in SQL statements; "
            f"{spent['update']:.2f} s in _bulk_update "
            f"({spent['track']:.2f} s tracking); goal "
            f"{GOALS[what]:g} s at {GOAL_SIZE:,}"
            + (" scaled to the size" if per_batch and size != GOAL_SIZE else ""),
        )


def run_twice(env, batch_size, written=None):
    """Run the action twice; ``written`` (a dict), when given, receives the
    rows the first run wrote (``bench/_floor.py``)."""
    first = timed_run(env, "first run (every date computed)", batch_size)
    result = outcome(env.cr)
    if written is not None:  # one transaction: its own statistics
        print_row_versions(env.cr)
        written.update(capture_writes(env.cr))
    second = timed_run(env, "second run (nothing changed)", batch_size)
    if outcome(env.cr) != result:
        raise SystemExit("the second run changed the results")
    return result, [("dates change", *first), ("nothing changed", *second)]


def run_in_transaction(registry, size, batch_size):
    """1. Both runs in one transaction, rolled back (the data stays as
    inserted); returns their dates and the rows the first run wrote."""
    from odoo import SUPERUSER_ID, api  # noqa: PLC0415

    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        print("in one transaction, rolled back (no per-batch commits):")
        written = {}
        try:
            in_transaction, runs = run_twice(env, batch_size, written)
        finally:
            cr.rollback()
    report_runs(
        runs,
        size,
        batch_size,
        " (one transaction)",
        "one transaction, no per-batch commits (as under tests)",
    )
    return in_transaction, written


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("-d", "--database", required=True)
    parser.add_argument("--contracts", type=int, default=GOAL_SIZE)
    parser.add_argument("--batch-size", type=int, default=1000)
    args = parser.parse_args()

    from odoo import SUPERUSER_ID, api  # noqa: PLC0415
    from odoo.modules.registry import Registry  # noqa: PLC0415
    from odoo.sql_db import close_db  # noqa: PLC0415

    with scratch_database(args.database, "meter_bench") as database:
        registry = open_registry(
            database, log_level=os.environ.get("BENCH_LOG_LEVEL", "warn")
        )
        thread = threading.current_thread()
        thread.testing = True  # no commit until the runs that commit per batch
        with registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            use_orm_defaults(env, "service.contract")
            start = time.perf_counter()
            create_data(env, args.contracts)
            cr.commit()  # pylint: disable=invalid-commit
            print(
                f"data: {args.contracts} contracts, {2 * args.contracts} contract "
                f"meters, {4 * args.contracts} readings inserted in "
                f"{time.perf_counter() - start:.1f} s (on the copy {database})"
            )
            reads = read_statements(env)
        # Both regimes start from the data as inserted: the runs that commit
        # per batch on their own copy of it, made now, rather than on tables
        # a rolled-back run has just rewritten.
        close_db(database)  # a template must have no connection
        with scratch_database(database, "committed") as fresh:
            in_transaction, written = run_in_transaction(
                registry, args.contracts, args.batch_size
            )
            # 2. The floor: PostgreSQL writing the same rows, on a copy of
            #    the data as inserted, committed.
            floor = time_and_print(database, written)
            read = time_reads_committed(database, reads)
            print(
                f"floor of the reads: {read.seconds:.2f} s on the committed data "
                f"({describe_reads(read)})"
            )
            # 3. The same data, as the scheduled action: a commit per batch.
            committed_registry = Registry(fresh)
            with committed_registry.cursor() as cr:
                env = api.Environment(cr, SUPERUSER_ID, {})
                print(
                    f"with a commit per batch, as the scheduled action (on the "
                    f"copy {fresh} of the data as inserted):"
                )
                thread.testing = False
                try:
                    committed, runs = run_twice(env, args.batch_size)
                finally:
                    thread.testing = True
            if committed != in_transaction:
                raise SystemExit("both regimes should compute the same dates")
            report_runs(
                runs,
                args.contracts,
                args.batch_size,
                "",
                "a commit per batch, as the scheduled action",
            )
        first = runs[0][2]
        goal = GOALS["dates change"] * args.contracts / GOAL_SIZE
        report_writes(
            ("meter expiry: PostgreSQL writes + COMMIT", "meter expiry: ratio"),
            args.contracts,
            args.contracts,
            written,
            floor,
            (
                first.seconds,
                "dates change, a commit per batch / the same rows written "
                "set-based and committed",
            ),
            goal=(
                ("<=", round(goal, 3)),
                f"the dates-change goal ({GOALS['dates change']:g} s at "
                f"{GOAL_SIZE:,}), which ours cannot beat",
            ),
        )
        floors = floor.seconds + read.seconds
        report(
            "meter expiry: PostgreSQL reads + writes",
            args.contracts,
            floors,
            items=args.contracts,
            queries=floor.queries + read.queries,
            goal=("<=", round(goal, 3)),
            note=f"reads {read.seconds:.2f} s ({describe_reads(read)}) + "
            f"writes and COMMIT {floor.seconds:.2f} s: what PostgreSQL alone "
            f"spends on the run's inputs and outputs, {floors / goal:.2f} of "
            f"the goal; ours {first.seconds / floors:.2f}x it",
        )
    print("dropped the copy: the database is unchanged")


if __name__ == "__main__":
    main()
