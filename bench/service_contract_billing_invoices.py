#!/usr/bin/env python3
"""Benchmark: invoicing monthly service contracts, against OCA ``contract``.

Usage: python3 bench/service_contract_billing_invoices.py -d DB
       [--sizes 1000,5000,10000] [--keep]

DB is a database where ``service_contract_billing`` is installed; it is never
changed.  The bench copies it to a scratch database (``DB_bench``), installs
the OCA ``contract`` addon there when it can be imported (``pip install
--no-deps odoo-addon-contract`` for 18.0), and for each size copies that to
``DB_bench_N``, where it creates N monthly contracts of each kind due today
(one product, a few customers), then runs, each in its own process:

- ours: ``service.contract._cron_create_invoices()``, committing per batch
  as the scheduled action does;
- the peer: ``contract.contract.cron_recurring_create_invoice()``.

Planner statistics are refreshed (``ANALYZE``) before each timed run.
It prints invoices per second, time (wall clock and the Odoo process's CPU,
which a busy machine disturbs less) and queries per contract and the peak
memory the run added, then the ratios of throughputs.

It also measures the floor both addons stand on: Odoo's own
``account.move.create()`` handed the very invoice values ours would create,
in the same batches, and nothing else (rolled back).  Any addon that creates
its invoices through ``account.move`` pays at least that, so the peer's time
per invoice divided by the floor is the highest ratio such an addon can
reach on this data.  With --concurrency N
it first runs two invoicing processes at once on N contracts and checks that
no period was invoiced twice.  Every scratch database
is dropped at the end (unless --keep).  When the peer cannot be installed or
fails, it says so and prints our figures only.
"""

import argparse
import json
import subprocess
import sys
import time

from _odoo import addons_path

CUSTOMERS = 50


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
    import odoo  # noqa: PLC0415
    from odoo.tools import config  # noqa: PLC0415

    if not _CONFIGURED:
        config.parse_config(
            [f"--addons-path={addons_path()}", "-d", db, "--max-cron-threads=0"]
        )
        _CONFIGURED.append(db)
    registry = odoo.modules.registry.Registry(db)
    cr = registry.cursor()
    env = odoo.api.Environment(
        cr,
        odoo.SUPERUSER_ID,
        {"tracking_disable": True, "mail_create_nolog": True, "mail_notrack": True},
    )
    return env


def _rss_kb(field):
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith(field + ":"):
                return int(line.split()[1])
    return 0


def _reset_peak():
    try:
        with open("/proc/self/clear_refs", "w") as refs:
            refs.write("5")
    except OSError:
        pass


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
    if engine == "ours":
        Contract = env["service.contract"]
        due = Contract.search_count(
            Contract._get_invoicing_domain(fields.Date.context_today(Contract))
        )
    else:
        due = env["contract.contract"].search_count(
            env["contract.contract"]._get_contracts_to_invoice_domain()
        )
    cr.commit()
    env.invalidate_all()
    rss_before = _rss_kb("VmRSS")
    _reset_peak()
    queries_before = cr.sql_log_count
    started = time.perf_counter()
    cpu_started = time.process_time()
    made = None
    if engine == "ours":
        made = env["service.contract"]._cron_create_invoices()
    else:
        env["contract.contract"].cron_recurring_create_invoice()
    cr.commit()
    elapsed = time.perf_counter() - started
    cpu = time.process_time() - cpu_started
    queries = cr.sql_log_count - queries_before
    peak = _rss_kb("VmHWM")
    env.invalidate_all()
    created = Move.search_count([]) - before_moves
    if made is not None:
        created = made  # what this run made, even with another run at once
    cr.close()
    return {
        "engine": engine,
        "due": due,
        "invoices": created,
        "seconds": elapsed,
        "cpu_seconds": cpu,
        "queries": queries,
        "peak_mb": max(peak - rss_before, 0) / 1024.0,
    }


def worker_floor(db, batch_size=100):
    """Odoo's ``account.move.create()`` alone on the invoices ours would make."""
    from odoo import fields  # noqa: PLC0415

    env = _env(db)
    cr = env.cr
    Contract = env["service.contract"]
    Move = env["account.move"]
    today = fields.Date.context_today(Contract)
    contracts = Contract.search(Contract._get_invoicing_domain(today), order="id")
    invoices = queries = 0
    seconds = cpu = 0.0
    for offset in range(0, len(contracts), batch_size):
        vals_list = contracts[offset : offset + batch_size]._prepare_due_invoices(today)
        env.flush_all()
        queries_before = cr.sql_log_count
        started = time.perf_counter()
        cpu_started = time.process_time()
        Move.create(vals_list)
        env.flush_all()
        seconds += time.perf_counter() - started
        cpu += time.process_time() - cpu_started
        queries += cr.sql_log_count - queries_before
        invoices += len(vals_list)
        cr.rollback()
        env.invalidate_all()
    cr.close()
    return {
        "engine": "floor",
        "invoices": invoices,
        "seconds": seconds,
        "cpu_seconds": cpu,
        "queries": queries,
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


def fmt(result, size):
    if not result:
        return "n/a"
    rate = result["invoices"] / result["seconds"] if result["seconds"] else 0.0
    return (
        f"{result['invoices']:>6} invoices in {result['seconds']:7.1f} s "
        f"= {rate:7.1f} invoices/s, {1000 * result['seconds'] / size:6.2f} ms "
        f"(Odoo process CPU {1000 * result['cpu_seconds'] / size:5.2f} ms) and "
        f"{result['queries'] / size:5.1f} queries per contract, "
        f"peak +{result['peak_mb']:.0f} MB"
    )


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("-d", "--db", required=True)
    parser.add_argument("--sizes", default="1000,5000,10000")
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
        print(f"peer: {peer_problem}; our figures only.", flush=True)
    rows = []
    try:
        if args.concurrency:
            check_concurrency(base, args.concurrency)
        for size in sizes:
            db = f"{base}_{size}"
            copy_db(base, db)
            try:
                print(f"\n== {size} monthly contracts (setting up...)", flush=True)
                argv = ["--worker", "setup", "--db", db, "--size", str(size)]
                call_worker(*argv, *(["--with-peer"] if with_peer else []))
                floor = timed_run("floor", db)
                print(
                    f"floor: Odoo's account.move.create() alone on the same "
                    f"invoices: {ms_per_invoice(floor):6.2f} ms (CPU "
                    f"{ms_per_invoice(floor, 'cpu_seconds'):5.2f} ms) and "
                    f"{floor['queries'] / floor['invoices']:4.1f} queries per invoice",
                    flush=True,
                )
                ours = timed_run("ours", db)
                print(f"ours: {fmt(ours, size)}", flush=True)
                peer = None
                if with_peer:
                    try:
                        peer = timed_run("peer", db)
                        print(f"peer: {fmt(peer, size)}", flush=True)
                    except RuntimeError as error:
                        print(f"peer: failed, our figures only.\n{error}", flush=True)
                if peer and peer["invoices"] and ours["invoices"]:
                    ratio = (ours["invoices"] / ours["seconds"]) / (
                        peer["invoices"] / peer["seconds"]
                    )
                    cpu_ratio = (ours["invoices"] / ours["cpu_seconds"]) / (
                        peer["invoices"] / peer["cpu_seconds"]
                    )
                    print(
                        f"ratio: ours / peer throughput = {ratio:.1f}x wall clock, "
                        f"{cpu_ratio:.1f}x Odoo process CPU",
                        flush=True,
                    )
                    ceiling = ms_per_invoice(peer) / ms_per_invoice(floor)
                    print(
                        "ceiling: an addon invoicing through account.move.create()"
                        f" can reach at most {ceiling:.1f}x the peer here",
                        flush=True,
                    )
                rows.append((size, ours, peer, floor))
            finally:
                if not args.keep:
                    psql("dropdb", "--if-exists", db, check=False)
    finally:
        if not args.keep:
            psql("dropdb", "--if-exists", base, check=False)
    print("\nsummary (ms per contract: flat means the cost does not grow):")
    for size, ours, peer, floor in rows:
        line = f"{size:>6}: ours {1000 * ours['seconds'] / size:6.2f} ms/contract"
        line += f", floor {ms_per_invoice(floor):6.2f} ms/invoice"
        if peer:
            line += f", peer {1000 * peer['seconds'] / size:6.2f} ms/contract"
        print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
