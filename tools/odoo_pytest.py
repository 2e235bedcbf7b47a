#!/usr/bin/env python3
"""Run one addon's Odoo tests under pytest-odoo, on a throwaway database.

Usage: python tools/odoo_pytest.py [--module ADDON] [--db NAME] [--keep-db]
       [-- extra pytest options]

The interpreter running this script must import both Odoo 18.0 and
pytest-odoo (``make test-pytest-odoo`` makes such a virtual environment in
``.venv-odoo``, on top of Odoo's Python).  The script installs the addon on a
new database (with demo data, as ``tools/odoo_test.py`` does), runs
``pytest --odoo-database=DB <addon>/tests`` and drops the database.

It fails when pytest fails, when pytest collected no test (pytest's exit
code 5), and on any ERROR or CRITICAL log line or Python warning, as
``tools/odoo_test.py`` does.  pytest-odoo skips browser tests (``HttpCase``
tours) unless it is given ``--odoo-http``; ``make test-odoo`` remains the
full run.  It ends with the line ``pytest-odoo: N passed, N failed, N skipped``.
"""

import argparse
import os
import re
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from odoo_test import (  # noqa: E402
    ROOT,
    dropdb,
    install_command,
    is_defect_line,
    odoo_addons_path,
    odoo_environ,
)

# pytest's exit code when it collected no test.
NO_TESTS_COLLECTED = 5
COUNT_RE = re.compile(r"(\d+) (passed|failed|errors?|skipped)")


def summary_counts(output):
    """The counts of pytest's last summary line, as a dict
    (``passed``, ``failed``, ``skipped``; errors count as failed)."""
    counts = {"passed": 0, "failed": 0, "skipped": 0}
    lines = [line for line in output.splitlines() if COUNT_RE.search(line)]
    if lines:
        for number, word in COUNT_RE.findall(lines[-1]):
            key = "failed" if word.startswith("error") else word
            counts[key] += int(number)
    return counts


# pytest-odoo imports Odoo's test framework itself before it turns Odoo's
# test mode on (for each test module only), and Odoo logs this as an error.
# Turning test mode on for the whole run instead (--odoo-extra=test-enable)
# makes loading the registry reset the thread's testing flag, so that code
# which commits outside tests would commit under them.
PYTEST_ODOO_IMPORT = "odoo.tests.common: Importing test framework"


def log_problems(output):
    """The log lines of ``output`` that report a defect (``is_defect_line``)."""
    return [
        line
        for line in output.splitlines()
        if is_defect_line(line) and PYTEST_ODOO_IMPORT not in line
    ]


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--module", default=os.environ.get("MODULE", "service_contract_meter")
    )
    parser.add_argument("--db", default=os.environ.get("ODOO_TEST_DB", ""))
    parser.add_argument("--keep-db", action="store_true")
    parser.add_argument("extra", nargs="*", help="extra pytest options")
    args = parser.parse_args()

    try:
        import pytest_odoo  # noqa: F401
    except ImportError:
        sys.exit(
            f"{sys.executable} cannot import pytest_odoo: "
            "run `make test-pytest-odoo`, or pip install pytest-odoo"
        )
    tests = ROOT / args.module / "tests"
    if not tests.is_dir():
        sys.exit(f"{args.module} has no tests folder")
    db = args.db or f"sc_pytest_{os.getpid()}"
    addons_path = f"{odoo_addons_path()},{ROOT}"
    logdir = ROOT / ".odoo-test"
    logdir.mkdir(exist_ok=True)
    logfile = logdir / f"{db}.log"
    started = time.monotonic()

    dropdb(db)
    try:
        install = install_command(db, addons_path, [args.module], "--log-level=warn")
        print("$", " ".join(install), flush=True)
        installed = subprocess.run(
            install,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            env=odoo_environ(),
        )
        logfile.write_text(installed.stdout)
        problems = log_problems(installed.stdout)
        if installed.returncode or problems:
            print("\n".join(problems))
            print(f"FAILED: installing {args.module} failed; log: {logfile}")
            return 1

        run = [
            sys.executable,
            "-m",
            "pytest",
            "-p",
            "no:cacheprovider",
            f"--odoo-database={db}",
            f"--odoo-addons-path={addons_path}",
            "--odoo-log-level=warn",
            str(tests.relative_to(ROOT)),
            *args.extra,
        ]
        print("$", " ".join(run), flush=True)
        proc = subprocess.run(
            run,
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            env=odoo_environ(),
        )
        sys.stdout.write(proc.stdout)
        with open(logfile, "a") as log:
            log.write(proc.stdout)
    finally:
        if not args.keep_db:
            dropdb(db)

    counts = summary_counts(proc.stdout)
    print(f"log: {logfile} ({time.monotonic() - started:.0f}s)")
    print(
        f"pytest-odoo: {counts['passed']} passed, {counts['failed']} failed, "
        f"{counts['skipped']} skipped"
    )
    if proc.returncode == NO_TESTS_COLLECTED:
        print(f"FAILED: pytest collected no test in {tests.relative_to(ROOT)}")
        return 1
    if proc.returncode or not counts["passed"]:
        print(f"FAILED: pytest exited with {proc.returncode}")
        return 1
    problems = log_problems(proc.stdout)
    if problems:
        print(f"FAILED: {len(problems)} ERROR/CRITICAL or Python warning log line(s)")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
