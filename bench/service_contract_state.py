#!/usr/bin/env python3
"""Time the daily status update of service contracts on many contracts.

Usage: python3 bench/service_contract_state.py -d DB [--count 100000]
       [--batch-size 1000] [--addons-path PATH]

DB must have the ``service_contract`` addon installed; it is never written:
the script works on a throwaway copy (``DB_status``, dropped at the end).
It inserts ``--count`` contracts with plain SQL inserts (half of them ready
and past their expiry date, a tenth expired but with dates moved into the
future, the rest ready and running: 60% move) and commits them, then times,
on that same data:

- ``status (no commits)``: ``service.contract._cron_update_state()`` in one
  transaction (the commits per batch off), rolled back;
- ``status: PostgreSQL UPDATE``: PostgreSQL's own set-based ``UPDATE
  service_contract SET state = ... WHERE <the same conditions>``, the floor,
  rolled back;
- ``status: PostgreSQL writes + COMMIT``: PostgreSQL writing, on a copy,
  the very rows the first run wrote (the contracts, their chatter messages
  and tracking values: ``bench/_floor.py``), one set-based statement a
  table, and committing;
- ``status``: the action as the scheduled action runs it, a commit per batch;

and reports each with its queries per batch, then ``status: ratio``, ours
(with commits) to the floor, and ours to the writes.  Goals (issue 14):
ours at most 10 s at 100,000 contracts, at most 5 times the floor.
"""

import argparse
import inspect
import sys
import threading

from _floor import capture_writes, report_writes, time_and_print
from _odoo import open_registry, scratch_database, use_orm_defaults
from _report import Measure, report

#: What the scheduled action must do to these contracts, as one statement:
#: the status rules (``service_contract/rules/status.py``) as SQL.
FLOOR_UPDATE = """
    UPDATE service_contract
       SET state = CASE WHEN state = 'ready' THEN 'expired' ELSE 'ready' END,
           write_uid = %(uid)s, write_date = now() AT TIME ZONE 'UTC'
     WHERE (state = 'ready' AND date_expiry <= %(today)s)
        OR (state = 'expired' AND (date_expiry IS NULL OR date_expiry > %(today)s))
"""


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
    env.cr.execute(SQL("ANALYZE service_contract"))
    return states(env, with_expiry=True)


def states(env, with_expiry=False):
    """How many bench contracts are in each status (and past expiry)."""
    from odoo.tools import SQL  # noqa: PLC0415

    env.cr.execute(
        SQL(
            "SELECT state, %s, count(*) FROM service_contract "
            "WHERE name LIKE %s GROUP BY 1, 2 ORDER BY 1, 2",
            SQL("date_expiry <= %s", env.cr.now().date()) if with_expiry else None,
            "BENCH/%",
        )
    )
    return env.cr.fetchall()


def messages(env):
    """How many chatter notes the bench contracts have."""
    from odoo.tools import SQL  # noqa: PLC0415

    env.cr.execute(
        SQL(
            "SELECT count(*) FROM mail_message m JOIN service_contract c "
            "ON m.model = %s AND m.res_id = c.id WHERE c.name LIKE %s",
            "service.contract",
            "BENCH/%",
        )
    )
    return env.cr.fetchone()[0]


def run_action(env, batch_size):
    """Run the status action; return (moved, measure)."""
    env.invalidate_all()
    env.cr.flush()
    with Measure(env.cr) as measure:
        moved = env["service.contract"]._cron_update_state(batch_size=batch_size)
        env.flush_all()
        env.cr.flush()
    return moved, measure


def time_floor_committed(database, uid):
    """Time the floor ``UPDATE`` and its commit on a copy of ``database``
    (the same committed rows); return the measure."""
    from odoo.sql_db import db_connect  # noqa: PLC0415
    from odoo.tools import SQL  # noqa: PLC0415

    with (
        scratch_database(database, "floor") as copy,
        db_connect(copy).cursor() as cr,
    ):
        cr.execute(SQL("SELECT (now() AT TIME ZONE 'UTC')::date"))
        today = cr.fetchone()[0]
        with Measure(cr) as measure:
            cr.execute(SQL(FLOOR_UPDATE, uid=uid, today=today))
            cr.commit()
        print(
            f"PostgreSQL UPDATE and COMMIT: {cr.rowcount} rows in "
            f"{measure.seconds:.3f}s (on a copy)"
        )
    return measure


def main():  # noqa: PLR0915 - one straight story: data, three runs, a table
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("-d", "--database", required=True)
    parser.add_argument("--count", type=int, default=100_000)
    parser.add_argument("--batch-size", type=int, default=None)
    parser.add_argument("--addons-path", default=None)
    args = parser.parse_args()

    from odoo import SUPERUSER_ID, api  # noqa: PLC0415
    from odoo.sql_db import close_db  # noqa: PLC0415
    from odoo.tools import SQL  # noqa: PLC0415

    with scratch_database(args.database, "status") as database:
        registry = open_registry(database, args.addons_path)
        with registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            if "service.contract" not in env:
                sys.exit(f"service_contract is not installed on {args.database}")
            Contract = env["service.contract"]
            batch_size = args.batch_size or (
                inspect.signature(type(Contract)._cron_update_state)
                .parameters["batch_size"]
                .default
            )
            use_orm_defaults(env, "service.contract")
            with Measure(cr) as inserted:
                mix = insert_contracts(env, args.count)
            cr.commit()
            print(f"inserted {args.count} contracts in {inserted.seconds:.1f}s")
            for state, past, count in mix:
                print(f"  {state:8} {'past' if past else 'future':6} expiry: {count}")
        # 0. The floor as durable as ours: the UPDATE and its commit, on a
        #    copy of the same committed data.
        close_db(database)
        floor_committed = time_floor_committed(database, env.uid)
        with registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            before_messages = messages(env)

            # 1. In one transaction (no commit per batch), rolled back.
            threading.current_thread().testing = True
            moved, no_commits = run_action(env, batch_size)
            after_in_transaction = states(env)
            notes_in_transaction = messages(env) - before_messages
            written = capture_writes(cr)
            cr.rollback()
            batches = -(-moved // batch_size) or 1
            print(
                f"no commits: {moved} contracts moved in {no_commits.seconds:.2f}s, "
                f"{no_commits.queries} SQL queries "
                f"({no_commits.queries / batches:.1f} per batch of {batch_size}), "
                f"{notes_in_transaction} chatter notes"
            )

            # 2. The floor: PostgreSQL's own UPDATE of the same rows, rolled back.
            env.invalidate_all()
            with Measure(cr) as floor:
                cr.execute(SQL(FLOOR_UPDATE, uid=env.uid, today=cr.now().date()))
                floor_rows = cr.rowcount
                cr.flush()
            after_floor = states(env)
            cr.rollback()
            print(f"PostgreSQL UPDATE: {floor_rows} rows in {floor.seconds:.3f}s")

        # 3. PostgreSQL writing the rows the run wrote, chatter included, on
        #    a copy of the same committed data.
        writes = time_and_print(database, written)
        with registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            # 4. As the scheduled action runs: a commit per batch.
            threading.current_thread().testing = False
            moved_committed, committed = run_action(env, batch_size)
            cr.commit()
            after_committed = states(env)
            notes_committed = messages(env) - before_messages
            print(
                f"with commits: {moved_committed} contracts moved in "
                f"{committed.seconds:.2f}s, {committed.queries} SQL queries "
                f"({committed.queries / batches:.1f} per batch of {batch_size}), "
                f"{notes_committed} chatter notes"
            )
            after = ", ".join(f"{s}={c}" for s, _past, c in after_committed)
            print(f"  after: {after}")
            same = (
                after_in_transaction == after_floor == after_committed
                and moved == moved_committed == floor_rows
                and notes_in_transaction == notes_committed == moved
            )
            if not same:
                print(
                    "MISMATCH: the three runs did not move the same contracts "
                    f"({after_in_transaction} / {after_floor} / {after_committed}, "
                    f"notes {notes_in_transaction} / {notes_committed})"
                )

        per_batch = f"{batch_size} a batch, {batches} batches"
        report(
            "status",
            args.count,
            committed.seconds,
            items=moved_committed,
            queries=round(committed.queries / batches, 1),
            queries_per="batch",
            memory_kb=committed.memory_kb,
            goal=("<=", 10),
            note=f"a commit per batch, as the scheduled action; {per_batch}; "
            f"{moved_committed} moved, each with its chatter note; "
            f"{committed.sql_seconds:.2f} s in SQL statements",
        )
        report(
            "status (no commits)",
            args.count,
            no_commits.seconds,
            items=moved,
            queries=round(no_commits.queries / batches, 1),
            queries_per="batch",
            memory_kb=no_commits.memory_kb,
            note=f"commits per batch off (one transaction); {per_batch}; "
            f"{no_commits.sql_seconds:.2f} s in SQL statements",
        )
        report(
            "status: PostgreSQL UPDATE",
            args.count,
            floor.seconds,
            items=floor_rows,
            queries=1,
            memory_kb=floor.memory_kb,
            note="one set-based UPDATE of the same rows, no chatter",
        )
        report(
            "status: PostgreSQL UPDATE + COMMIT",
            args.count,
            floor_committed.seconds,
            items=floor_rows,
            queries=1,
            note="the same UPDATE and its commit, on a copy of the same data",
        )
        report_writes(
            ("status: PostgreSQL writes + COMMIT", "status: ratio to the writes"),
            args.count,
            floor_rows,
            written,
            writes,
            (
                committed.seconds,
                "ours with a commit per batch / the same rows, chatter "
                "included, written set-based and committed",
            ),
        )
        report(
            "status: ratio",
            args.count,
            committed.seconds,
            items=moved_committed,
            ratio=committed.seconds / floor_committed.seconds,
            versus="PostgreSQL UPDATE + COMMIT",
            goal=("<=", 5),
            note="ours with a commit per batch / the UPDATE committed",
        )
        report(
            "status: ratio (no commits)",
            args.count,
            no_commits.seconds,
            items=moved,
            ratio=no_commits.seconds / floor.seconds,
            versus="PostgreSQL UPDATE",
            goal=("<=", 5),
            note="both in one transaction, rolled back",
        )
    return 0 if same else 1


if __name__ == "__main__":
    sys.exit(main())
