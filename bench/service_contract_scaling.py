#!/usr/bin/env python3
"""Benchmark: scaling out, the invoicing and status actions in several
processes at once on one PostgreSQL.

Usage: python3 bench/service_contract_scaling.py -d DB
       [--size 10000] [--processes 1,2,4] [--actions invoicing,status]
       (``--size 1000`` for a quick run)

DB is a database where the four addons are installed; it is never changed.
Per action the bench seeds ``--size`` contracts, committed, on a scratch copy
of DB (``DB_scaling_<action>``):

- invoicing: monthly maintenance contracts due today, as
  ``bench/service_contract_billing_invoices.py`` seeds them;
- status: contracts to expire and to reopen, as
  ``bench/service_contract_state.py`` inserts them.

Then, for each process count, on a fresh copy of that seed
(``scratch_database``), it starts that many OS processes, each loading Odoo
and opening its registry, and lets them all go at once behind a barrier: each
runs the scheduled action's method (``service.contract._cron_create_invoices``
or ``_cron_update_state``) as the cron does (OdooBot, a commit per batch,
the cron's batch size).  It measures the wall-clock time from the first start
to the last end and the throughput (contracts invoiced or moved per second),
and checks the result:

- duplicates: a period invoiced twice, a contract with two notes with the same
  text (e.g. for one move), a contract whose status was tracked twice, more
  contracts done than were due;
- losses: a contract still due after the run (a period not invoiced, a status
  not moved), a contract flagged with an invoicing error.

Rows (``bench/_report.py``): per action and process count, the ratio of the
throughput to one process's (goals >= 1.7 for 2 processes, >= 3 for 4), noted
with the cores the machine has and the cores this process may use: with fewer
cores than processes the goal cannot be reached and the row says so.
"""

import argparse
import json
import os
import subprocess
import sys
import time

from _odoo import open_registry, pg, scratch_database, use_orm_defaults
from _report import Measure, report

ACTIONS = ("invoicing", "status")
GOALS = {2: (">=", 1.7), 4: (">=", 3)}


# ----------------------------------------------------------------------------
# Worker side (one OS process each)
# ----------------------------------------------------------------------------
def _cron_env(cr):
    """The scheduled action's environment: its user (OdooBot), no context."""
    from odoo import SUPERUSER_ID, api  # noqa: PLC0415

    return api.Environment(cr, SUPERUSER_ID, {})


def _today(env):
    from odoo import fields  # noqa: PLC0415

    return fields.Date.context_today(env["service.contract"])


def _due_domain(env, action):
    Contract = env["service.contract"]
    if action == "invoicing":
        return Contract._get_invoicing_domain(_today(env))
    return Contract._get_state_update_domain(_today(env))


def worker_seed_status(db, size):
    """Contracts to expire and to reopen (the status bench's mix), committed."""
    from service_contract_state import insert_contracts  # noqa: PLC0415

    registry = open_registry(db)
    with registry.cursor() as cr:
        env = _cron_env(cr)
        use_orm_defaults(env, "service.contract")
        mix = insert_contracts(env, size)
        cr.commit()
    return {"mix": [list(row) for row in mix]}


def worker_before(db, action):
    """What is due before a run, and where the chatter stands."""
    registry = open_registry(db)
    with registry.cursor() as cr:
        env = _cron_env(cr)
        due = env["service.contract"].search_count(_due_domain(env, action))
        cr.execute("SELECT COALESCE(max(id), 0) FROM mail_message")
        return {"due": due, "last_message": cr.fetchone()[0]}


def worker_run(db, action):
    """Load Odoo, say READY, wait for GO on stdin, run the action."""
    registry = open_registry(db)
    with registry.cursor() as cr:
        env = _cron_env(cr)
        Contract = env["service.contract"]
        Contract.search_count(_due_domain(env, action))  # warm the registry
        cr.rollback()
        print("READY", flush=True)
        sys.stdin.readline()
        started = time.time()
        with Measure(cr) as measure:
            if action == "invoicing":
                done = Contract._cron_create_invoices()
            else:
                done = Contract._cron_update_state()
            cr.commit()
        ended = time.time()
    return {
        "done": done,
        "started": started,
        "ended": ended,
        "queries": measure.queries,
        "memory_kb": measure.memory_kb,
    }


def worker_check(db, action, last_message):
    """Duplicates and losses after a run."""
    from odoo.tools import SQL  # noqa: PLC0415

    registry = open_registry(db)
    with registry.cursor() as cr:
        env = _cron_env(cr)
        left = env["service.contract"].search_count(_due_domain(env, action))
        # Notes of the run: two with the same text on one contract is one
        # thing written twice (e.g. two notes for one invoice).
        cr.execute(
            SQL(
                "SELECT count(*) - count(DISTINCT (res_id, body::text)) "
                "FROM mail_message WHERE model = 'service.contract' "
                "AND id > %s AND body IS NOT NULL AND body::text != ''",
                last_message,
            )
        )
        notes_twice = cr.fetchone()[0]
        result = {"left": left, "notes_twice": notes_twice}
        if action == "invoicing":
            cr.execute(
                "SELECT count(*), "
                "count(DISTINCT (service_contract_id, service_period_start)) "
                "FROM account_move WHERE service_contract_id IS NOT NULL "
                "AND state != 'cancel'"
            )
            invoices, periods = cr.fetchone()
            cr.execute(
                "SELECT count(*) FROM service_contract WHERE billing_error IS NOT NULL"
            )
            result.update(
                invoices=invoices,
                periods_twice=invoices - periods,
                flagged=cr.fetchone()[0],
            )
        else:
            # A contract whose status was tracked twice in the run.
            cr.execute(
                SQL(
                    "SELECT count(*) - count(DISTINCT m.res_id) "
                    "FROM mail_tracking_value v "
                    "JOIN mail_message m ON m.id = v.mail_message_id "
                    "JOIN ir_model_fields f ON f.id = v.field_id "
                    "WHERE m.model = 'service.contract' AND f.name = 'state' "
                    "AND m.id > %s",
                    last_message,
                )
            )
            result["tracked_twice"] = cr.fetchone()[0]
        return result


def run_worker(args):
    if args.worker == "seed-status":
        result = worker_seed_status(args.db, args.size)
    elif args.worker == "before":
        result = worker_before(args.db, args.action)
    elif args.worker == "check":
        result = worker_check(args.db, args.action, args.last_message)
    else:
        result = worker_run(args.db, args.action)
    print("RESULT " + json.dumps(result), flush=True)
    return 0


# ----------------------------------------------------------------------------
# Driver side (no Odoo loaded here)
# ----------------------------------------------------------------------------
def _result(stdout, what):
    for line in stdout.splitlines():
        if line.startswith("RESULT "):
            return json.loads(line[len("RESULT ") :])
    raise RuntimeError(f"{what} gave no result")


def call_worker(*argv):
    proc = subprocess.run(
        [sys.executable, __file__, *argv], capture_output=True, text=True
    )
    try:
        return _result(proc.stdout, argv[:2])
    except RuntimeError:
        tail = "\n".join((proc.stderr or proc.stdout).splitlines()[-15:])
        raise RuntimeError(f"worker {argv[:2]} failed:\n{tail}") from None


def seed(db, action, size):
    """Seed ``size`` contracts for ``action`` on ``db``, committed."""
    if action == "status":
        call_worker("--worker", "seed-status", "--db", db, "--size", str(size))
        return
    import service_contract_billing_invoices as invoices  # noqa: PLC0415

    invoices.call_worker("--worker", "setup", "--db", db, "--size", str(size))


def run_at_once(db, action, processes):
    """Start ``processes`` workers, release them together, collect them."""
    argv = [sys.executable, __file__, "--worker", "run", "--db", db]
    workers = [
        subprocess.Popen(
            [*argv, "--action", action],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(processes)
    ]
    try:
        # The barrier: every process has loaded Odoo before any starts.
        for worker in workers:
            line = worker.stdout.readline()
            while line and line.strip() != "READY":
                line = worker.stdout.readline()
            if not line:
                raise RuntimeError(f"a {action} worker died before the start")
        for worker in workers:
            worker.stdin.write("GO\n")
            worker.stdin.flush()
        results = []
        for worker in workers:
            out, err = worker.communicate()
            if worker.returncode:
                tail = "\n".join(err.splitlines()[-15:])
                raise RuntimeError(f"a {action} worker failed:\n{tail}")
            results.append(_result(out, action))
        return results
    finally:
        for worker in workers:
            if worker.poll() is None:
                worker.kill()


def cores():
    count = os.cpu_count()
    try:
        available = len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        available = count
    return count, available


def measure(source, action, processes, seeded):
    """One run of ``action`` in ``processes`` processes on a fresh copy."""
    with scratch_database(seeded, f"p{processes}") as db:
        before = call_worker("--worker", "before", "--db", db, "--action", action)
        results = run_at_once(db, action, processes)
        check = call_worker(
            "--worker",
            "check",
            "--db",
            db,
            "--action",
            action,
            "--last-message",
            str(before["last_message"]),
        )
    wall = max(r["ended"] for r in results) - min(r["started"] for r in results)
    done = sum(r["done"] for r in results)
    duplicates = max(done - before["due"], 0) + check["notes_twice"]
    duplicates += check.get("periods_twice", 0) + check.get("tracked_twice", 0)
    losses = check["left"] + check.get("flagged", 0)
    return {
        "due": before["due"],
        "done": done,
        "per_process": [r["done"] for r in results],
        "seconds": wall,
        "queries": sum(r["queries"] for r in results),
        "memory_kb": max(r["memory_kb"] for r in results),
        "duplicates": duplicates,
        "losses": losses,
        "check": check,
    }


def bench_action(source, action, size, counts):
    count, available = cores()
    with scratch_database(source, f"scaling_{action}") as seeded:
        started = time.perf_counter()
        seed(seeded, action, size)
        print(
            f"\n== {action}: {size} contracts seeded and committed in "
            f"{time.perf_counter() - started:.1f} s",
            flush=True,
        )
        base = None
        for processes in counts:
            found = measure(source, action, processes, seeded)
            rate = found["done"] / found["seconds"] if found["seconds"] else 0.0
            if base is None:
                base = rate
            ratio = rate / base if base else 0.0
            print(
                f"{action}, {processes} process(es): {found['done']} of "
                f"{found['due']} due done in {found['seconds']:.2f} s "
                f"= {rate:.1f}/s, {ratio:.2f}x one process; per process "
                f"{found['per_process']}; duplicates {found['duplicates']}, "
                f"losses {found['losses']} ({found['check']})",
                flush=True,
            )
            report(
                f"scaling: {action}, {processes} process"
                + ("es" if processes > 1 else ""),
                size,
                found["seconds"],
                items=found["done"],
                queries=found["queries"],
                memory_kb=found["memory_kb"],
                ratio=ratio,
                versus=f"scaling: {action}, {counts[0]} process",
                goal=GOALS.get(processes),
                note=(
                    f"cores: {count} ({available} available); "
                    f"duplicates {found['duplicates']}, losses {found['losses']}; "
                    f"done per process {found['per_process']}; commit per batch"
                ),
            )


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("-d", "--db", required=True)
    parser.add_argument("--size", type=int, default=10_000)
    parser.add_argument("--processes", default="1,2,4")
    parser.add_argument("--actions", default=",".join(ACTIONS))
    parser.add_argument("--worker", choices=["seed-status", "before", "run", "check"])
    parser.add_argument("--action", choices=ACTIONS)
    parser.add_argument("--last-message", type=int, default=0)
    args = parser.parse_args()
    if args.worker:
        return run_worker(args)

    counts = [int(n) for n in args.processes.split(",") if n]
    count, available = cores()
    print(f"cores: {count} ({available} available to this process)", flush=True)
    if max(counts) > available:
        print(
            f"{max(counts)} processes on {available} cores: the ratio measured "
            "here cannot reach the goal, which needs that many cores.",
            flush=True,
        )
    pg("psql", "-q", "-d", args.db, "-c", "SELECT 1")  # DB answers
    for action in args.actions.split(","):
        bench_action(args.db, action, args.size, counts)
    return 0


if __name__ == "__main__":
    sys.exit(main())
