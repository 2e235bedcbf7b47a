#!/usr/bin/env python3
"""Benchmark: invoicing monthly service contracts, against Odoo's floor and
the OCA ``contract`` peer.

Usage: python3 bench/service_contract_billing_invoices.py -d DB
       [--sizes 10000] [--repeats 3] [--keep] [--concurrency N]
       (``--sizes 1000`` for a quick run)

DB is a database where ``service_contract_billing`` is installed; it is never
changed.  The bench copies it to a scratch database (``DB_bench``), installs
the OCA ``contract`` addon there when it can be imported (``pip install
--no-deps odoo-addon-contract`` for 18.0), and for each size copies that to
``DB_bench_N``, where it creates N monthly contracts of each kind due today
(one product, a few customers).  Then, ``--repeats`` times, on a fresh copy of
that each time (``DB_bench_N_rK``), it runs in its own process each:

- ours: ``service.contract._cron_create_invoices()``, committing per batch
  as the scheduled action does;
- the peer: ``contract.contract.cron_recurring_create_invoice()`` (one
  transaction, as the peer's own scheduled action);

alternating which of the two runs first, and on another fresh copy
(``DB_bench_N_fK``) the floor both stand on: Odoo's own
``account.move.create()`` handed the very invoice values ours would create,
in the same batches, each batch flushed and committed as the real action
does, and nothing else.  Every run is made as the scheduled actions run:
as their user (OdooBot), with the chatter and tracking they would write.

Planner statistics are refreshed (``ANALYZE``) before each timed run.
It prints, per run, invoices per second, time (wall clock and the Odoo
process's CPU, which a busy machine disturbs less), queries per contract and
the memory the run added, then the medians and spread (min-max) of the
repeats and the ratios: ours / floor (time per invoice; goal <= 1.15) and
ours vs peer (throughput; goal >= 1.4).  Each row goes to the benchmark
table (``bench/_report.py``).  With --concurrency N it first runs two
invoicing processes at once on N contracts and checks that no period was
invoiced twice.  Every scratch database is dropped at the end (unless
--keep).  When the peer cannot be installed or fails, it says so and prints
the other figures.
"""

import argparse
import json
import statistics
import subprocess
import sys
import time

from _odoo import addons_path
from _report import Measure, report

CUSTOMERS = 50
#: Contracts per batch (and per commit) of our action, as its cron runs it.
BATCH_SIZE = 100


def psql(*args, check=True):
    return subprocess.run(args, check=check, capture_output=True, text=True)


def analyze(db):
    """Fresh planner statistics, so that no run pays for another's inserts."""
    psql("psql", "-q", "-d", db, "-c", "ANALYZE")


def copy_db(source, target):
    psql("dropdb", "--if-exists", target)
    psql("createdb", "-T", source, target)


def peer_importable():
    import importlib.util  # noqa: PLC0415

    try:
        return importlib.util.find_spec("odoo.addons.contract") is not None
    except ImportError:
        return False


# ----------------------------------------------------------------------------
# Worker side (runs inside one process per measurement)
# ----------------------------------------------------------------------------
_CONFIGURED = []


def _env(db):
    """The environment the scheduled actions run in: their user (OdooBot),
    no context switching chatter or tracking off."""
    import odoo  # noqa: PLC0415
    from odoo.tools import config  # noqa: PLC0415

    if not _CONFIGURED:
        config.parse_config(
            [f"--addons-path={addons_path()}", "-d", db, "--max-cron-threads=0"]
        )
        _CONFIGURED.append(db)
    registry = odoo.modules.registry.Registry(db)
    cr = registry.cursor()
    return odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})


def worker_setup(db, size, with_peer):
    env = _env(db)
    cr = env.cr
    partners = env["res.partner"].create(
        [{"name": f"Bench Customer {i}", "is_company": True} for i in range(CUSTOMERS)]
    )
    product = env["product.product"].create(
        {"name": "Bench Maintenance Fee", "type": "service", "list_price": 100.0}
    )
    from odoo import fields  # noqa: PLC0415

    today = fields.Date.context_today(env.user)
    end = fields.Date.add(today, years=1, days=-1)
    cr.commit()
    chunk = 500
    for offset in range(0, size, chunk):
        count = min(chunk, size - offset)
        env["service.contract"].create(
            [
                {
                    "partner_id": partners[(offset + i) % CUSTOMERS].id,
                    "contract_type": "maintenance",
                    "state": "ready",
                    "date_start": today,
                    "date_end": end,
                    "billing_period": "month",
                    "billing_line_ids": [
                        (0, 0, {"product_id": product.id, "price_unit": 100.0})
                    ],
                }
                for i in range(count)
            ]
        )
        if with_peer:
            env["contract.contract"].create(
                [
                    {
                        "name": f"Bench {offset + i}",
                        "partner_id": partners[(offset + i) % CUSTOMERS].id,
                        "line_recurrence": True,
                        "contract_line_ids": [
                            (
                                0,
                                0,
                                {
                                    "product_id": product.id,
                                    "name": "Bench Maintenance Fee",
                                    "quantity": 1.0,
                                    "uom_id": product.uom_id.id,
                                    "price_unit": 100.0,
                                    "recurring_rule_type": "monthly",
                                    "recurring_interval": 1,
                                    "recurring_invoicing_type": "pre-paid",
                                    "date_start": today,
                                    "date_end": end,
                                },
                            )
                        ],
                    }
                    for i in range(count)
                ]
            )
        cr.commit()
        env.invalidate_all()
    cr.close()
    return {"ok": True}


def worker_run(db, engine):
    from odoo import fields  # noqa: PLC0415

    env = _env(db)
    cr = env.cr
    Move = env["account.move"]
    before_moves = Move.search_count([])
    Contract = env["service.contract"]
    today = fields.Date.context_today(Contract)
    if engine == "ours":
        due = Contract.search_count(Contract._get_invoicing_domain(today))
    else:
        due = env["contract.contract"].search_count(
            env["contract.contract"]._get_contracts_to_invoice_domain()
        )
    # The floor prepares its values untimed, which loads what reading a
    # contract needs (access rules, field metadata, translations): the same
    # warm-up here, rolled back, so that no engine pays it in its time.
    if engine == "ours":
        first = Contract.search(Contract._get_invoicing_domain(today), limit=1)
        first._prepare_due_invoices(today)
    else:
        Peer = env["contract.contract"]
        first = Peer.search(Peer._get_contracts_to_invoice_domain(), limit=1)
        first._prepare_recurring_invoices_values()
    cr.rollback()
    env.invalidate_all()
    made = None
    cpu_started = time.process_time()
    with Measure(cr) as measure:
        if engine == "ours":
            made = env["service.contract"]._cron_create_invoices(batch_size=BATCH_SIZE)
        else:
            env["contract.contract"].cron_recurring_create_invoice()
        cr.commit()
    cpu = time.process_time() - cpu_started
    env.invalidate_all()
    created = Move.search_count([]) - before_moves
    if made is not None:
        created = made  # what this run made, even with another run at once
    cr.close()
    return {
        "engine": engine,
        "due": due,
        "invoices": created,
        "seconds": measure.seconds,
        "cpu_seconds": cpu,
        "queries": measure.queries,
        "memory_kb": measure.memory_kb,
    }


def worker_floor(db, batch_size=BATCH_SIZE):
    """Odoo's ``account.move.create()`` alone on the invoices ours would
    make, batch by batch, each batch flushed and committed as the real
    action commits it."""
    from odoo import fields  # noqa: PLC0415

    env = _env(db)
    cr = env.cr
    Contract = env["service.contract"]
    Move = env["account.move"]
    today = fields.Date.context_today(Contract)
    ids = Contract.search(Contract._get_invoicing_domain(today), order="id").ids
    cr.commit()
    invoices = queries = memory_kb = 0
    seconds = cpu = 0.0
    for offset in range(0, len(ids), batch_size):
        contracts = Contract.browse(ids[offset : offset + batch_size])
        vals_list = contracts._prepare_due_invoices(today)
        env.flush_all()
        cpu_started = time.process_time()
        with Measure(cr) as measure:
            Move.create(vals_list)
            env.flush_all()
            cr.commit()
        cpu += time.process_time() - cpu_started
        seconds += measure.seconds
        queries += measure.queries
        memory_kb = max(memory_kb, measure.memory_kb)
        invoices += len(vals_list)
        env.invalidate_all()
    cr.close()
    return {
        "engine": "floor",
        "invoices": invoices,
        "seconds": seconds,
        "cpu_seconds": cpu,
        "queries": queries,
        "memory_kb": memory_kb,
    }


def worker_check(db):
    """Invoices per contract and period, and how many periods were repeated."""
    env = _env(db)
    cr = env.cr
    cr.execute(
        "SELECT count(*), count(DISTINCT (service_contract_id, service_period_start))"
        " FROM account_move WHERE service_contract_id IS NOT NULL"
        " AND state != 'cancel'"
    )
    invoices, periods = cr.fetchone()
    cr.close()
    return {"invoices": invoices, "periods": periods}


def check_concurrency(base, size):
    """Two invoicing runs at once on the same contracts: no period twice."""
    db = f"{base}_concurrent"
    copy_db(base, db)
    try:
        call_worker("--worker", "setup", "--db", db, "--size", str(size))
        argv = [sys.executable, __file__, "--worker", "ours", "--db", db]
        runs = [subprocess.Popen(argv, stdout=subprocess.PIPE, text=True) for _ in "ab"]
        results = []
        for run in runs:
            out, _err = run.communicate()
            line = [x for x in out.splitlines() if x.startswith("RESULT ")]
            results.append(json.loads(line[0][7:]) if line else None)
        check = call_worker("--worker", "check", "--db", db)
        made = [r["invoices"] if r else "failed" for r in results]
        verdict = (
            "no period twice" if check["invoices"] == check["periods"] else "DUPLICATES"
        )
        print(
            f"two runs at once on {size} contracts: runs created {made} "
            f"invoices; {check['invoices']} live invoices for "
            f"{check['periods']} distinct contract periods ({verdict})",
            flush=True,
        )
    finally:
        psql("dropdb", "--if-exists", db, check=False)


def run_worker(args):
    if args.worker == "setup":
        result = worker_setup(args.db, args.size, args.with_peer)
    elif args.worker == "check":
        result = worker_check(args.db)
    elif args.worker == "floor":
        result = worker_floor(args.db)
    else:
        result = worker_run(args.db, args.worker)
    print("RESULT " + json.dumps(result), flush=True)


# ----------------------------------------------------------------------------
# Driver side
# ----------------------------------------------------------------------------
def call_worker(*argv):
    proc = subprocess.run(
        [sys.executable, __file__, *argv], capture_output=True, text=True
    )
    for line in proc.stdout.splitlines():
        if line.startswith("RESULT "):
            return json.loads(line[len("RESULT ") :])
    tail = "\n".join((proc.stderr or proc.stdout).splitlines()[-15:])
    raise RuntimeError(f"worker {argv[:2]} failed:\n{tail}")


def install_peer(db):
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "odoo",
            "-d",
            db,
            f"--addons-path={addons_path()}",
            "-i",
            "contract",
            "--stop-after-init",
            "--no-http",
            "--max-cron-threads=0",
            "--without-demo=all",
        ],
        capture_output=True,
        text=True,
    )
    if proc.returncode:
        tail = "\n".join(proc.stderr.splitlines()[-10:])
        return f"installing the OCA contract addon failed:\n{tail}"
    return None


def ms_per_invoice(result, key="seconds"):
    return 1000 * result[key] / result["invoices"]


def timed_run(engine, db):
    """One measured run in its own process, on fresh planner statistics."""
    analyze(db)
    return call_worker("--worker", engine, "--db", db)


def fmt(result):
    rate = result["invoices"] / result["seconds"] if result["seconds"] else 0.0
    invoices = result["invoices"] or 1
    return (
        f"{result['invoices']:>6} invoices in {result['seconds']:7.1f} s "
        f"= {rate:7.1f} invoices/s, {ms_per_invoice(result):6.2f} ms "
        f"(Odoo process CPU {ms_per_invoice(result, 'cpu_seconds'):5.2f} ms) and "
        f"{result['queries'] / invoices:5.1f} queries per invoice, "
        f"+{result['memory_kb'] / 1024:.0f} MB"
    )


def summary(runs):
    """Median and spread (min-max) of the time per invoice of ``runs``."""
    per_invoice = [ms_per_invoice(run) for run in runs]
    return {
        "ms": statistics.median(per_invoice),
        "min": min(per_invoice),
        "max": max(per_invoice),
        "seconds": statistics.median(run["seconds"] for run in runs),
        "invoices": round(statistics.median(run["invoices"] for run in runs)),
        "queries": round(statistics.median(run["queries"] for run in runs)),
        "memory_kb": round(statistics.median(run["memory_kb"] for run in runs)),
        "runs": len(runs),
    }


def spread(stats):
    return (
        f"median {stats['ms']:.2f} ms/invoice over {stats['runs']} runs, "
        f"spread {stats['min']:.2f}-{stats['max']:.2f}"
    )


def report_size(size, runs):
    """The rows of one size: each engine, then the two ratios."""
    labels = {
        "ours": "invoicing: ours",
        "floor": "invoicing: floor",
        "peer": "invoicing: OCA contract",
    }
    notes = {
        "ours": f"commit per batch of {BATCH_SIZE}, as the scheduled action",
        "floor": "account.move.create() on our values, "
        f"commit per batch of {BATCH_SIZE}",
        "peer": "one transaction, as the peer's scheduled action",
    }
    stats = {engine: summary(found) for engine, found in runs.items() if found}
    for engine, label in labels.items():
        if engine not in stats:
            continue
        found = stats[engine]
        report(
            label,
            size,
            found["seconds"],
            items=found["invoices"],
            queries=round(found["queries"] / max(found["invoices"], 1), 1),
            queries_per="invoice",
            memory_kb=found["memory_kb"],
            note=f"{notes[engine]}; {spread(found)}",
        )
    ours = stats.get("ours")
    ratios = [
        # (row, other engine, ratio of ours to it, goal, what is compared)
        ("ours / floor", "floor", lambda o, f: o / f, ("<=", 1.15), "time per invoice"),
        ("ours vs peer", "peer", lambda o, p: p / o, (">=", 1.4), "throughput"),
    ]
    for action, other, ratio, goal, what in ratios:
        if not ours or other not in stats:
            continue
        report(
            action,
            size,
            ours["seconds"],
            items=ours["invoices"],
            ratio=ratio(ours["ms"], stats[other]["ms"]),
            versus=labels[other],
            goal=goal,
            note=f"{what}; ours {spread(ours)}; {other} {spread(stats[other])}",
        )
    return stats


def measure_size(size, base, with_peer, repeats, keep):
    """Seed ``size`` contracts once, then time each engine ``repeats`` times,
    each run on a fresh copy of the seeded database."""
    seeded = f"{base}_{size}"
    copy_db(base, seeded)
    runs = {"ours": [], "peer": [], "floor": []}
    copies = []
    try:
        print(f"\n== {size} monthly contracts (setting up...)", flush=True)
        argv = ["--worker", "setup", "--db", seeded, "--size", str(size)]
        call_worker(*argv, *(["--with-peer"] if with_peer else []))
        for repeat in range(repeats):
            # Alternate which of ours and the peer's runs first on a copy.
            order = ["ours", "peer"] if repeat % 2 == 0 else ["peer", "ours"]
            if not with_peer:
                order = ["ours"]
            run_db = f"{seeded}_r{repeat}"
            floor_db = f"{seeded}_f{repeat}"
            copies += [run_db, floor_db]
            copy_db(seeded, floor_db)
            floor = timed_run("floor", floor_db)
            runs["floor"].append(floor)
            print(f"run {repeat + 1} floor: {fmt(floor)}", flush=True)
            if not keep:
                psql("dropdb", "--if-exists", floor_db, check=False)
            copy_db(seeded, run_db)
            for engine in order:
                try:
                    result = timed_run(engine, run_db)
                except RuntimeError as error:
                    if engine == "ours":
                        raise
                    print(f"peer: failed, the other figures only.\n{error}")
                    with_peer = False
                    continue
                runs[engine].append(result)
                print(f"run {repeat + 1} {engine}: {fmt(result)}", flush=True)
            if not keep:
                psql("dropdb", "--if-exists", run_db, check=False)
        stats = report_size(size, runs)
        for engine in ("floor", "ours", "peer"):
            if engine in stats:
                print(f"{engine:>5}: {spread(stats[engine])}", flush=True)
        if "floor" in stats:
            ratio = stats["ours"]["ms"] / stats["floor"]["ms"]
            print(f"ours / floor, time per invoice: {ratio:.2f}x (goal <= 1.15)")
        if "peer" in stats:
            ratio = stats["peer"]["ms"] / stats["ours"]["ms"]
            ceiling = stats["peer"]["ms"] / stats["floor"]["ms"]
            print(f"ours vs peer, throughput: {ratio:.2f}x (goal >= 1.4)")
            print(
                "ceiling: an addon invoicing through account.move.create()"
                f" can reach at most {ceiling:.2f}x the peer here",
                flush=True,
            )
        return stats
    finally:
        if not keep:
            for db in [seeded, *copies]:
                psql("dropdb", "--if-exists", db, check=False)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("-d", "--db", required=True)
    parser.add_argument("--sizes", default="10000")
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--keep", action="store_true")
    parser.add_argument("--worker", choices=["setup", "ours", "peer", "check", "floor"])
    parser.add_argument(
        "--concurrency",
        type=int,
        default=0,
        help="also run two invoicing runs at once on this many contracts",
    )
    parser.add_argument("--size", type=int, default=0)
    parser.add_argument("--with-peer", action="store_true")
    parser.add_argument("--no-peer", action="store_true")
    args = parser.parse_args()
    if args.worker:
        return run_worker(args)

    sizes = [int(s) for s in args.sizes.split(",") if s]
    base = f"{args.db}_bench"
    print(f"copying {args.db} to {base}", flush=True)
    copy_db(args.db, base)
    peer_problem = None
    if args.no_peer:
        peer_problem = "skipped (--no-peer)"
    elif not peer_importable():
        peer_problem = (
            "the OCA contract addon is not importable "
            "(pip install --no-deps 'odoo-addon-contract>=18.0,<18.1')"
        )
    else:
        print("installing the OCA contract addon in the scratch copy", flush=True)
        peer_problem = install_peer(base)
    with_peer = peer_problem is None
    if not with_peer:
        print(f"peer: {peer_problem}; the other figures only.", flush=True)
    rows = []
    try:
        if args.concurrency:
            check_concurrency(base, args.concurrency)
        for size in sizes:
            stats = measure_size(size, base, with_peer, args.repeats, args.keep)
            rows.append((size, stats))
    finally:
        if not args.keep:
            psql("dropdb", "--if-exists", base, check=False)
    print("\nsummary (median ms per invoice: flat means the cost does not grow):")
    for size, stats in rows:
        print(
            f"{size:>7}: "
            + ", ".join(
                f"{engine} {stats[engine]['ms']:6.2f}"
                for engine in ("ours", "floor", "peer")
                if engine in stats
            )
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
