#!/usr/bin/env python3
"""The reliability suite: scheduled actions on committed data, in real processes.

Usage: python3 tools/reliability.py [--contracts 2000] [--seed N] [--keep]
       [--from-db DB] [--actions status,meter,gaps,invoicing,revaluation]

1. Installs the four addons (no demo data) on a throwaway database
   (``rel_seeded``; or copies ``--from-db``, where they are installed) and
   seeds committed data (``tools/reliability_seed.py``).
2. Copies it once per action (``CREATE DATABASE ... TEMPLATE``) and runs, in
   one process, every scheduled action once, cleanly, each on its copy: the
   reference.  Each run calls the method its ``ir.cron`` calls, as the cron's
   user, with the commit per batch of production and small batches.
3. On two other copies, per action: two processes started together behind
   a barrier; and a run whose connection PostgreSQL terminates
   (``pg_terminate_backend``) at a random point after some batches were
   committed, run again and killed with SIGKILL at a random point, then run
   again to its end.  The processes are forked from one that loaded Odoo once
   (``--worker zygote``): each opens its own registry and connections.
4. Compares each result with the reference (``tools/reliability_fingerprint.py``:
   invoices and their lines, renewals, revaluations, contract states and
   dates, meter dates, gap rows, chatter, ...) and checks that nothing is half
   written.
5. Prints per action the runs, kills and terminations made and the counts of
   duplicates, losses and changes; exits 1 when any is not 0 or a run failed
   unexpectedly.

``SC_RELIABILITY_BREAK_LOCK=1`` makes the toolkit's row lock
(``service.contract.batch.mixin._lock_rows``) lock nothing in the scenario
processes (not in the reference run): the suite must then report what it lets
through.  Run logs are kept in ``.reliability/``; the databases are dropped
at the end unless ``--keep``.
"""

import argparse
import contextlib
import json
import logging
import os
import queue
import random
import select
import signal
import subprocess
import sys
import threading
import time
import traceback
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))
sys.path.insert(0, str(ROOT / "bench"))

import reliability_fingerprint as fp  # noqa: E402

PREFIX = "rel"
MODULES = (
    "service_contract",
    "service_contract_coverage",
    "service_contract_meter",
    "service_contract_billing",
)
BREAK_LOCK_ENV = "SC_RELIABILITY_BREAK_LOCK"

#: action: (cron xml id, model, method, batch size for 2,000 contracts)
ACTIONS = {
    "status": (
        "service_contract.ir_cron_service_contract_update_state",
        "service.contract",
        "_cron_update_state",
        10,
    ),
    "meter": (
        "service_contract_meter.ir_cron_service_contract_meter_expiry",
        "service.contract",
        "_cron_update_meter_expiry",
        10,
    ),
    "gaps": (
        "service_contract_coverage.ir_cron_detect_coverage_gaps",
        "service.contract.coverage.gap",
        "_cron_detect_gaps",
        25,
    ),
    "invoicing": (
        "service_contract_billing.ir_cron_service_contract_create_invoices",
        "service.contract",
        "_cron_create_invoices",
        10,
    ),
    "revaluation": (
        "service_contract_billing.ir_cron_service_contract_revalue",
        "service.contract",
        "_cron_revalue",
        4,
    ),
}
SCENARIOS = ("concurrent", "interrupted")
LOG_DIR = ROOT / ".reliability"


# ----------------------------------------------------------------------------
# Worker side: one Odoo process
# ----------------------------------------------------------------------------
class _Counter(logging.Handler):
    """Counts the warnings and errors the addons log during a run."""

    def __init__(self):
        super().__init__(logging.WARNING)
        self.count = 0

    def emit(self, record):
        if record.name.startswith("odoo.addons.service_contract"):
            self.count += 1


def _break_lock():
    """The toolkit's row lock locks nothing (the suite must catch it)."""
    from odoo.addons.service_contract.models import (  # noqa: PLC0415
        service_contract_batch_mixin as toolkit,
    )

    def lock_nothing(self, records):
        return records

    toolkit.ServiceContractBatchMixin._lock_rows = lock_nothing


def _open(db):
    from _odoo import open_registry  # noqa: PLC0415

    import odoo  # noqa: PLC0415

    if odoo.tools.config.get("addons_path") and odoo.tools.config["db_name"]:
        return odoo.modules.registry.Registry(db)
    return open_registry(db, extra=["--max-cron-threads=0", "--no-http"])


def _say(*words):
    print(*words, flush=True)


def _run_action(registry, action, batch_size, go=None):
    """Run ``action`` as its scheduled action does; report each commit."""
    from odoo import SUPERUSER_ID, api  # noqa: PLC0415

    xmlid, model, method, _size = ACTIONS[action]
    counter = _Counter()
    logging.getLogger().addHandler(counter)
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        cron = env.ref(xmlid)
        if f"{method}(" not in cron.code or cron.model_id.model != model:
            raise RuntimeError(f"{xmlid} no longer calls {model}.{method}")
        records = env[model].with_user(cron.user_id)
        commits = []
        commit = cr.commit

        def counted_commit():
            commit()
            commits.append(time.monotonic())
            _say("COMMIT", len(commits))

        cr.commit = counted_commit
        _say("READY", os.getpid())
        while go and not os.path.exists(go):  # the barrier
            time.sleep(0.002)
        started = time.monotonic()
        result = getattr(records, method)(batch_size=batch_size)
        records.env.flush_all()
        counted_commit()
        seconds = time.monotonic() - started
    logging.getLogger().removeHandler(counter)
    if not isinstance(result, int):
        result = result.done + len(result.failed_ids)
    return {
        "action": action,
        "done": result,
        "commits": len(commits),
        "seconds": round(seconds, 2),
        "warnings": counter.count,
    }


def worker(cmd):
    """Run one command of the driver in this (forked) process."""
    mode, db = cmd["mode"], cmd["db"]
    batch_size_for = _batch_sizes(cmd["contracts"])
    if mode == "seed":
        import reliability_seed  # noqa: PLC0415

        from odoo import SUPERUSER_ID, api  # noqa: PLC0415

        with _open(db).cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            sizes = reliability_seed.seed(env, cmd["contracts"])
            cr.commit()  # pylint: disable=invalid-commit
        _say("RESULT " + json.dumps(sizes))
    elif mode == "reference":
        # One process, every action once, each on its own copy.
        for pair in db.split(","):
            db, action = pair.split(":")
            result = _run_action(_open(db), action, batch_size_for(action))
            _say("RESULT " + json.dumps(result))
    else:
        if cmd.get("broken"):
            _break_lock()
        action = cmd["action"]
        result = _run_action(_open(db), action, batch_size_for(action), cmd.get("go"))
        _say("RESULT " + json.dumps(result))
    return 0


def _child(cmd):
    """The forked process: its own output files, then the command."""
    code = 1
    try:
        log = os.open(cmd["log"], os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
        os.dup2(log, 2)
        os.dup2(log, 1)
        sys.stdout = open(cmd["out"], "w", buffering=1)  # noqa: SIM115
        random.seed()
        code = worker(cmd)
    except BaseException:  # noqa: BLE001 - reported in the log, exit 1
        traceback.print_exc()
    finally:
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(code)


def zygote(db):
    """Load Odoo and the addons once, then fork one process per command.

    Each command is a JSON line on stdin; the process forked for it prints
    ``PID <id> <pid>`` here, and ``EXIT <pid> <code>`` when it ended.  A
    forked process opens its own registry on its database (quick once the
    code is loaded) and its own connections: a real, separate OS process.
    """
    import odoo_test  # noqa: PLC0415

    # Odoo itself, not the namespace folder of pip-installed OCA addons
    odoo_test.ensure_odoo_importable()
    import odoo  # noqa: PLC0415

    _open(db)
    # Nothing shared with the children: no connection, no registry.
    odoo.modules.registry.Registry.delete_all()
    odoo.sql_db.close_all()
    _say("ZYGOTE", os.getpid())
    buffer = b""
    while True:
        while True:
            try:
                pid, status = os.waitpid(-1, os.WNOHANG)
            except ChildProcessError:
                break
            if not pid:
                break
            _say("EXIT", pid, os.waitstatus_to_exitcode(status))
        ready, _w, _x = select.select([0], [], [], 0.05)
        if not ready:
            continue
        data = os.read(0, 65536)
        if not data:
            return 0
        buffer += data
        while b"\n" in buffer:
            line, buffer = buffer.split(b"\n", 1)
            cmd = json.loads(line)
            pid = os.fork()
            if not pid:
                _child(cmd)
            _say("PID", cmd["id"], pid)


# ----------------------------------------------------------------------------
# Driver side
# ----------------------------------------------------------------------------
def sh(*argv, check=True):
    return subprocess.run(argv, check=check, capture_output=True, text=True)


def dropdb(db):
    sh("dropdb", "--if-exists", "--force", db, check=False)


def copy_db(source, target):
    dropdb(target)
    sh("createdb", "-T", source, target)


@contextlib.contextmanager
def cursor(db):
    """An autocommit cursor on ``db``, closed with its connection after use."""
    import psycopg2  # noqa: PLC0415

    connection = psycopg2.connect(dbname=db)
    connection.autocommit = True
    try:
        with connection.cursor() as cr:
            yield cr
    finally:
        connection.close()


def backends(db):
    """PIDs of the PostgreSQL backends serving ``db`` (not this one)."""
    with cursor("postgres") as cr:
        cr.execute(
            "SELECT pid FROM pg_stat_activity WHERE datname = %s "
            "AND pid != pg_backend_pid()",
            (db,),
        )
        return [row[0] for row in cr.fetchall()]


def terminate_backends(db):
    with cursor("postgres") as cr:
        cr.execute(
            "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
            "WHERE datname = %s AND pid != pg_backend_pid()",
            (db,),
        )
        return cr.fetchone()[0]


def wait_backends_gone(db, timeout=30.0):
    """Wait until a dead process's transactions are rolled back and gone
    (its rows unlocked), as they would be before the next cron run."""
    deadline = time.monotonic() + timeout
    while backends(db):
        if time.monotonic() > deadline:
            terminate_backends(db)
            time.sleep(0.5)
            return
        time.sleep(0.2)


class Zygote:
    """The fork server (``zygote()``) and what it reports."""

    def __init__(self, db):
        LOG_DIR.mkdir(exist_ok=True)
        self.log = open(LOG_DIR / "zygote.log", "w")  # noqa: SIM115
        self.proc = subprocess.Popen(
            [sys.executable, __file__, "--worker", "zygote", "--db", db],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=self.log,
            text=True,
        )
        self.pids = {}
        self.exits = {}
        self.changed = threading.Condition()
        self.count = 0
        first = self.proc.stdout.readline()
        if not first.startswith("ZYGOTE"):
            self.log.flush()
            tail = (LOG_DIR / "zygote.log").read_text().splitlines()[-15:]
            raise SystemExit("Odoo did not start:\n" + "\n".join(tail))
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self):
        for line in self.proc.stdout:
            words = line.split()
            with self.changed:
                if words[0] == "PID":
                    self.pids[words[1]] = int(words[2])
                elif words[0] == "EXIT":
                    self.exits[int(words[1])] = int(words[2])
                self.changed.notify_all()

    def start(self, cmd):
        """Fork a process for ``cmd``; return its pid."""
        self.count += 1
        cmd = dict(cmd, id=str(self.count))
        self.proc.stdin.write(json.dumps(cmd) + "\n")
        self.proc.stdin.flush()
        with self.changed:
            self.changed.wait_for(lambda: cmd["id"] in self.pids, timeout=60)
        return self.pids[cmd["id"]]

    def wait(self, pid, timeout=None):
        with self.changed:
            self.changed.wait_for(lambda: pid in self.exits, timeout=timeout)
        return self.exits.get(pid)

    def stop(self):
        self.proc.stdin.close()
        self.proc.wait(timeout=30)
        self.log.close()


class Worker:
    """One forked worker process; its output lines read as it writes them."""

    def __init__(self, suite, mode, db, name, action=None, barrier=False):
        LOG_DIR.mkdir(exist_ok=True)
        self.suite = suite
        self.log_path = LOG_DIR / f"{name}.log"
        out = LOG_DIR / f"{name}.out"
        out.write_text("")
        self.go_path = LOG_DIR / f"{name}.go"
        self.go_path.unlink(missing_ok=True)
        cmd = {
            "mode": mode,
            "db": db,
            "action": action,
            "contracts": suite.args.contracts,
            "log": str(self.log_path),
            "out": str(out),
            "go": str(self.go_path) if barrier else None,
            "broken": suite.broken and mode == "run",
        }
        self.results = []
        self.pid = suite.zygote.start(cmd)
        self.lines = queue.Queue()
        self.reader = threading.Thread(target=self._read, args=(out,), daemon=True)
        self.reader.start()

    @property
    def result(self):
        return self.results[0] if self.results else None

    def _read(self, out):
        with open(out) as lines:
            pending = ""
            ended = False
            while True:
                chunk = lines.readline()
                if chunk:
                    pending += chunk
                    if pending.endswith("\n"):
                        self._line(pending.strip())
                        pending = ""
                    continue
                if ended:
                    break
                ended = self.suite.zygote.wait(self.pid, timeout=0.02) is not None
        if pending.strip():
            self._line(pending.strip())
        self.lines.put(None)

    def _line(self, line):
        if line.startswith("RESULT "):
            self.results.append(json.loads(line[len("RESULT ") :]))
        self.lines.put(line)

    def wait_for(self, prefix, timeout=600):
        """The next output line starting with ``prefix`` (None once it ended)."""
        deadline = time.monotonic() + timeout
        while True:
            try:
                line = self.lines.get(timeout=max(deadline - time.monotonic(), 0.1))
            except queue.Empty:
                return None
            if line is None:
                return None
            if line.startswith(prefix):
                return line

    def go(self):
        self.go_path.write_text("go")

    def kill(self):
        os.kill(self.pid, signal.SIGKILL)

    def running(self):
        return self.suite.zygote.exits.get(self.pid) is None

    def wait(self):
        code = self.suite.zygote.wait(self.pid)
        self.reader.join()
        return code

    def log_errors(self):
        """ERROR / CRITICAL lines of the run's log."""
        text = self.log_path.read_text(errors="replace")
        lines = [line for line in text.splitlines() if " ERROR " in line]
        return lines[:3] or text.splitlines()[-3:]


class Tally:
    """What the scenarios of one action did and found."""

    def __init__(self, action):
        self.action = action
        self.runs = self.kills = self.terminations = 0
        self.duplicates = self.lost = self.changed = self.half_written = 0
        self.errors = []
        self.details = []

    def add_comparison(self, scenario, comparison, checks):
        sums = fp.totals(comparison)
        self.duplicates += sums["duplicates"]
        self.lost += sums["lost"]
        self.changed += sums["changed"]
        self.half_written += sum(checks.values())
        for table, found in comparison.items():
            if found["duplicates"] or found["lost"] or found["changed"]:
                self.details.append(
                    f"{scenario}: {table}: {found['duplicates']} duplicated, "
                    f"{found['lost']} lost, {found['changed']} changed; e.g. "
                    + json.dumps(found["examples"][:1])[:400]
                )
        for check, count in checks.items():
            if count:
                self.details.append(f"{scenario}: {check}: {count}")

    @property
    def ok(self):
        return not (
            self.duplicates
            or self.lost
            or self.changed
            or self.half_written
            or self.errors
        )

    def line(self):
        return (
            f"{self.action:12} runs {self.runs:2}, kills {self.kills}, "
            f"terminations {self.terminations}: duplicates {self.duplicates}, "
            f"lost {self.lost}, changed {self.changed}, half-written "
            f"{self.half_written}, unexpected errors {len(self.errors)}"
        )


class Suite:
    def __init__(self, args):
        self.args = args
        self.rng = random.Random(args.seed)
        self.actions = [a for a in args.actions.split(",") if a]
        self.broken = os.environ.get(BREAK_LOCK_ENV) == "1"
        self.created = []
        self.references = {}
        self.reference_runs = {}
        self.zygote = None

    def db(self, *parts):
        name = "_".join((PREFIX, *parts))
        self.created.append(name)
        return name

    # -- preparation ---------------------------------------------------------
    def prepare(self):
        seeded = self.db("seeded")
        started = time.monotonic()
        if self.args.from_db:
            copy_db(self.args.from_db, seeded)
        else:
            self.install(seeded)
            _say(f"installed the addons in {time.monotonic() - started:.0f} s")
        self.zygote = Zygote(seeded)
        started = time.monotonic()
        result = self.call("seed", seeded)[0]
        with cursor(seeded) as cr:
            cr.execute("SELECT count(*) FROM service_contract")
            total = cr.fetchone()[0]
        _say(
            f"seeded {total} contracts ("
            + ", ".join(f"{part} {count}" for part, count in result.items())
            + f") in {time.monotonic() - started:.0f} s"
        )
        return seeded

    def install(self, db):
        """The addons installed as the Odoo suites' runner installs them."""
        import odoo_test  # noqa: PLC0415
        from _odoo import addons_path  # noqa: PLC0415

        dropdb(db)
        proc = subprocess.run(
            odoo_test.install_command(
                db, addons_path(), MODULES, "--without-demo=all", "--log-level=warn"
            ),
            capture_output=True,
            text=True,
            # Odoo's own ``odoo`` package first, as the suites' runner starts
            # it (beside pip-installed OCA addons, see ``odoo_pythonpath``)
            env=odoo_test.odoo_environ(),
        )
        if proc.returncode:
            tail = "\n".join(proc.stderr.splitlines()[-15:])
            raise SystemExit(f"installing the addons failed:\n{tail}")

    def call(self, mode, db):
        """Run ``mode`` in one process to its end; return its results."""
        worker = Worker(self, mode, db, mode)
        code = worker.wait()
        if code or not worker.results:
            tail = worker.log_path.read_text().splitlines()[-20:]
            raise SystemExit(f"the {mode} process failed:\n" + "\n".join(tail))
        return worker.results

    def reference(self, seeded):
        pairs = []
        for action in self.actions:
            db = self.db("ref", action)
            copy_db(seeded, db)
            pairs.append(f"{db}:{action}")
        for result in self.call("reference", ",".join(pairs)):
            self.reference_runs[result["action"]] = result
            db = f"{PREFIX}_ref_{result['action']}"
            with cursor(db) as cr:
                self.references[result["action"]] = fp.fingerprint(cr)
                checks = fp.integrity(cr)
            rows = sum(map(len, self.references[result["action"]].values()))
            _say(
                f"reference {result['action']:12}: {result['done']} done in "
                f"{result['seconds']} s, {result['commits']} commits "
                f"(batches of {self.args.batch_size_for(result['action'])}); "
                f"{rows} rows fingerprinted"
                + (f"; INTEGRITY {checks}" if any(checks.values()) else "")
            )
            if result["warnings"] or any(checks.values()):
                raise SystemExit("the reference run is not clean")

    # -- scenarios -----------------------------------------------------------
    def scenario(self, seeded, action, scenario, tally):
        db = self.db(action, scenario)
        copy_db(seeded, db)
        name = f"{action}_{scenario}"
        if scenario == "concurrent":
            workers = [
                Worker(self, "run", db, f"{name}_{i}", action, barrier=True)
                for i in (1, 2)
            ]
            for w in workers:
                if not w.wait_for("READY"):
                    tally.errors.append(f"{name}: a process did not start")
            for w in workers:
                w.go()
            for w in workers:
                self.finish(w, name, tally)
            _say(
                f"  {name}: "
                + " + ".join(
                    str(w.result["done"]) if w.result else "failed" for w in workers
                )
                + " done"
            )
        else:
            # Cut off by PostgreSQL, run again and killed, run again to the end.
            commits = self.reference_runs[action]["commits"]
            first = self.rng.randint(1, max(commits // 3, 1))
            self.interrupt(db, action, f"{name}_terminated", "terminate", first, tally)
            wait_backends_gone(db)
            second = self.rng.randint(1, max((commits - first) // 2, 1))
            self.interrupt(db, action, f"{name}_killed", "kill", second, tally)
            wait_backends_gone(db)
            rerun = Worker(self, "run", db, f"{name}_rerun", action)
            self.finish(rerun, f"{name} rerun", tally)
        wait_backends_gone(db)
        with cursor(db) as cr:
            found = fp.fingerprint(cr)
            checks = fp.integrity(cr)
        tally.add_comparison(
            scenario, fp.compare(self.references[action], found), checks
        )
        if not self.args.keep:
            dropdb(db)

    def finish(self, worker, name, tally):
        code = worker.wait()
        tally.runs += 1
        result = worker.result
        if code or not result:
            tally.errors.append(f"{name}: exit {code}: {worker.log_errors()}")
        elif result["warnings"]:
            tally.errors.append(
                f"{name}: {result['warnings']} warnings, see {worker.log_path}"
            )

    def interrupt(self, db, action, name, scenario, after, tally):
        """A run stopped at a random point after its ``after``-th commit."""
        ref = self.reference_runs[action]
        batch_seconds = ref["seconds"] / max(ref["commits"], 1)
        delay = self.rng.uniform(0, batch_seconds)
        w = Worker(self, "run", db, name, action)
        tally.runs += 1
        seen = w.wait_for("READY") and w.wait_for(f"COMMIT {after}")
        if seen:
            time.sleep(delay)
        if seen and w.running():
            if scenario == "kill":
                w.kill()
                tally.kills += 1
            elif terminate_backends(db):
                tally.terminations += 1
        code = w.wait()
        if not code:
            # It finished first: a run to the end, not an interruption.
            _say(f"  {name}: ended before commit {after} + {delay:.2f} s")
            return
        if scenario == "kill" and code != -signal.SIGKILL:
            tally.errors.append(f"{name}: exit {code}: {w.log_errors()}")
        _say(f"  {name}: stopped after commit {after} + {delay:.2f} s (exit {code})")

    def run(self):
        started = time.monotonic()
        seeded = self.prepare()
        self.reference(seeded)
        tallies = []
        for action in self.actions:
            tally = Tally(action)
            for scenario in SCENARIOS:
                self.scenario(seeded, action, scenario, tally)
            tallies.append(tally)
            _say(tally.line())
            for detail in tally.details[:8]:
                _say(f"    {detail}")
            for error in tally.errors[:5]:
                _say(f"    error: {error}")
        failed = [t.action for t in tallies if not t.ok]
        _say(
            f"\nreliability: {len(tallies)} actions, "
            f"{sum(t.runs for t in tallies)} runs, "
            f"{sum(t.kills for t in tallies)} kills, "
            f"{sum(t.terminations for t in tallies)} terminations; "
            f"duplicates {sum(t.duplicates for t in tallies)}, "
            f"lost {sum(t.lost for t in tallies)}, "
            f"changed {sum(t.changed for t in tallies)}, "
            f"half-written {sum(t.half_written for t in tallies)}, "
            f"unexpected errors {sum(len(t.errors) for t in tallies)} "
            f"({time.monotonic() - started:.0f} s, seed {self.args.seed}"
            + (", LOCK BROKEN in the scenario runs" if self.broken else "")
            + ")"
        )
        if failed:
            _say("FAILED: " + ", ".join(failed))
        return 1 if failed else 0

    def cleanup(self):
        if self.zygote:
            self.zygote.stop()
        if not self.args.keep:
            for db in self.created:
                dropdb(db)


def _batch_sizes(contracts):
    """{action: batch size}: about as many batches whatever the size."""

    def batch_size_for(action):
        return max(2, round(ACTIONS[action][3] * contracts / 2000))

    return batch_size_for


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--contracts", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=None)
    parser.add_argument("--keep", action="store_true")
    parser.add_argument("--from-db", help="a database with the addons installed")
    parser.add_argument("--actions", default=",".join(ACTIONS))
    parser.add_argument("--worker", choices=["zygote"], help=argparse.SUPPRESS)
    parser.add_argument("--db", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.seed is None:
        args.seed = random.SystemRandom().randrange(10**6)
    args.batch_size_for = _batch_sizes(args.contracts)
    return args


def main(argv=None):
    args = parse_args(argv)
    if args.worker:
        return zygote(args.db)
    suite = Suite(args)
    try:
        return suite.run()
    finally:
        suite.cleanup()


if __name__ == "__main__":
    sys.exit(main())
