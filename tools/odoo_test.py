#!/usr/bin/env python3
"""Run the addons' Odoo tests on a fresh, throwaway database.

Usage: python3 tools/odoo_test.py [--modules a,b] [--db NAME] [--keep-db]
       [--tags TAGS] [-- extra odoo options]

It needs an importable Odoo 18.0 (``python3 -c "import odoo"``) and a
PostgreSQL server the current user may create databases on.  The addons path
is Odoo's own ``addons`` folder (found next to the ``odoo`` package, or given
in ``ODOO_ADDONS_PATH``) followed by this repository.

The run fails on any failed, erroring or skipped test, on any ERROR or
CRITICAL log line or Python warning, and when no test ran at all.  It ends with the line
``odoo: N passed, N failed``.
"""

import argparse
import importlib.util
import os
import re
import shlex
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

RESULT_RE = re.compile(
    r"odoo\.tests\.result: (\d+) failed, (\d+) error\(s\) of (\d+) tests"
)
LOG_LEVEL_RE = re.compile(r"^\S+ \S+ \d+ (ERROR|CRITICAL) ")
# Python warnings (deprecations, fields declared wrongly) are defects too.
PY_WARNING_RE = re.compile(r"^\S+ \S+ \d+ WARNING \S+ py\.warnings: ")
# A translatable string that cannot find the user's language (``_()`` in a
# frame without ``self``) shows untranslated: a defect too.
NO_LANG_RE = re.compile(r" WARNING \S+ odoo\.tools\.translate: no translation language")


def is_defect_line(line):
    """Whether an Odoo log line reports a defect: an ERROR / CRITICAL line,
    a Python warning, or a string shown untranslated for want of a language."""
    return bool(
        LOG_LEVEL_RE.match(line) or PY_WARNING_RE.match(line) or NO_LANG_RE.search(line)
    )


# Odoo skips browser tests (tours) silently when it cannot drive Chromium.
SKIPPED_RE = re.compile(r" odoo\.addons\.\S+: skipped ")


def repo_addons():
    return sorted(p.parent.name for p in ROOT.glob("*/__manifest__.py"))


def odoo_package_dir(required=True):
    """The folder of Odoo's ``odoo`` package.

    OCA addons installed from the package registry (``make odoo-deps``) live
    in ``site-packages/odoo/addons``.  Beside Odoo installed by ``pip install
    -e`` (an import hook, not a path), that bare ``site-packages/odoo`` makes
    ``import odoo`` a namespace package without Odoo's code, whose modules
    the hook still finds: ask for one of them.  Without Odoo, exit with a
    message, or return ``None`` when not ``required``."""
    try:
        spec = importlib.util.find_spec("odoo.release")
    except ModuleNotFoundError:  # no ``odoo`` at all
        spec = None
    if spec is None or not spec.origin:
        if not required:
            return None
        sys.exit("Cannot import Odoo 18.0: `python3 -c 'import odoo'` must work.")
    return Path(spec.origin).resolve().parent


def odoo_pythonpath():
    """PYTHONPATH with the folder holding Odoo's ``odoo`` package first, so
    that ``import odoo`` finds Odoo itself (a regular package wins over a
    namespace folder such as ``site-packages/odoo``), then its ``odoo.addons``
    gathers every ``odoo/addons`` folder on the path (the pip-installed OCA
    addons)."""
    package = odoo_package_dir(required=False)
    # Without Odoo here, Odoo's own start reports it (not this helper).
    paths = [str(package.parent)] if package else []
    paths += [p for p in os.environ.get("PYTHONPATH", "").split(os.pathsep) if p]
    return os.pathsep.join(dict.fromkeys(paths))


def odoo_environ():
    """The environment Odoo runs in (see ``odoo_pythonpath``)."""
    return {**os.environ, "PYTHONPATH": odoo_pythonpath()}


def ensure_odoo_importable():
    """In this process, make ``import odoo`` find Odoo (see ``odoo_pythonpath``)."""
    root = str(odoo_package_dir().parent)
    if root not in sys.path:
        sys.path.insert(0, root)
    module = sys.modules.get("odoo")
    if module is not None and getattr(module, "__file__", None) is None:
        # the namespace package imported by odoo_package_dir: import again
        for name in [n for n in sys.modules if n == "odoo" or n.startswith("odoo.")]:
            del sys.modules[name]


def pip_addons_dirs():
    """The ``odoo/addons`` folders on the path that hold addons installed from
    the package registry (OCA's ``web_view_leaflet_map``, ...)."""
    core = odoo_package_dir() / "addons"
    found = []
    for entry in sys.path:
        folder = Path(entry or ".").resolve() / "odoo" / "addons"
        if folder != core and folder.is_dir() and any(folder.glob("*/__manifest__.py")):
            found.append(str(folder))
    return list(dict.fromkeys(found))


def odoo_addons_path():
    configured = os.environ.get("ODOO_ADDONS_PATH")
    if configured:
        return configured
    core = odoo_package_dir().parent / "addons"
    if not core.is_dir():
        sys.exit(
            "Cannot find Odoo's addons folder next to the odoo package; "
            "set ODOO_ADDONS_PATH."
        )
    return ",".join([str(core), *pip_addons_dirs()])


def odoo_command(python=None, package_dir=None):
    """The command starting an Odoo server that can re-execute itself.

    Odoo reloads itself (after installing modules, or when a worker dies) by
    running ``sys.executable sys.argv...`` again; started as ``python -m
    odoo``, ``sys.argv[0]`` is ``odoo/__main__.py`` and that re-execution
    fails to import.  So the server starts through a script: the ``odoo``
    console entry point next to the interpreter (``pip install -e`` of Odoo),
    else ``odoo-bin`` next to the ``odoo`` package, else ``odoo`` on PATH."""
    python = Path(python or sys.executable)
    entry_point = python.parent / "odoo"
    if entry_point.is_file():
        return [str(python), str(entry_point)]
    if package_dir is None:
        package_dir = odoo_package_dir()
    odoo_bin = Path(package_dir).parent / "odoo-bin"
    if odoo_bin.is_file():
        return [str(python), str(odoo_bin)]
    on_path = shutil.which("odoo")
    if on_path:
        return [on_path]
    sys.exit(
        "Cannot find Odoo's `odoo` entry point nor its odoo-bin; "
        "install Odoo with `pip install -e`."
    )


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def install_command(db, addons_path, modules, *options):
    """The command installing ``modules`` on database ``db`` and stopping:
    no cron thread, a free HTTP port, then ``options``."""
    return [
        sys.executable,
        "-m",
        "odoo",
        "-d",
        db,
        f"--addons-path={addons_path}",
        "-i",
        ",".join(modules),
        "--stop-after-init",
        "--max-cron-threads=0",
        f"--http-port={free_port()}",
        *options,
    ]


def dropdb(name):
    subprocess.run(
        ["dropdb", "--if-exists", name],
        check=False,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--modules", default=os.environ.get("MODULES", ""))
    parser.add_argument("--db", default=os.environ.get("ODOO_TEST_DB", ""))
    parser.add_argument("--tags", default=os.environ.get("TEST_TAGS", ""))
    parser.add_argument("--keep-db", action="store_true")
    parser.add_argument(
        "--print-addons-path",
        action="store_true",
        help="print the addons path these tests use, and stop",
    )
    parser.add_argument(
        "--print-odoo-command",
        action="store_true",
        help="print the command that starts an Odoo server (make run), and stop",
    )
    parser.add_argument(
        "--print-pythonpath",
        action="store_true",
        help="print the PYTHONPATH Odoo runs with (make run), and stop",
    )
    parser.add_argument("extra", nargs="*")
    args = parser.parse_args()

    if args.print_addons_path:
        print(f"{odoo_addons_path()},{ROOT}")
        return 0
    if args.print_pythonpath:
        print(odoo_pythonpath())
        return 0
    if args.print_odoo_command:
        print(shlex.join(odoo_command()))
        return 0
    modules = [m for m in args.modules.split(",") if m] or repo_addons()
    db = args.db or f"sc_test_{os.getpid()}"
    tags = args.tags or ",".join(f"/{m}" for m in modules)
    addons_path = f"{odoo_addons_path()},{ROOT}"
    logdir = ROOT / ".odoo-test"
    logdir.mkdir(exist_ok=True)
    logfile = logdir / f"{db}.log"

    dropdb(db)
    cmd = install_command(
        db,
        addons_path,
        modules,
        "--test-enable",
        f"--test-tags={tags}",
        "--log-level=test",
        *args.extra,
    )
    print("$", " ".join(cmd), flush=True)
    started = time.monotonic()
    errors = []
    skipped = []
    results = []
    with open(logfile, "w") as log:
        proc = subprocess.Popen(
            cmd,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            env=odoo_environ(),
        )
        for line in proc.stdout:
            log.write(line)
            match = RESULT_RE.search(line)
            if match:
                results.append(tuple(int(g) for g in match.groups()))
            if is_defect_line(line):
                errors.append(line.rstrip())
            if SKIPPED_RE.search(line):
                skipped.append(line.rstrip())
                sys.stdout.write(line)
            if errors and errors[-1] == line.rstrip() or "odoo.tests.result" in line:
                sys.stdout.write(line)
        returncode = proc.wait()
    if not args.keep_db:
        dropdb(db)

    # Odoo logs one cumulative result line at the end of the run.
    failed, erred, total = results[-1] if results else (0, 0, 0)
    failed += erred
    elapsed = time.monotonic() - started
    print(f"log: {logfile} ({elapsed:.0f}s)")
    problems = []
    if returncode:
        problems.append(f"odoo exited with {returncode}")
    if not total:
        problems.append("no test ran")
    if failed:
        problems.append(f"{failed} test(s) failed or erred")
    if errors:
        problems.append(f"{len(errors)} ERROR/CRITICAL or Python warning log line(s)")
    if skipped:
        problems.append(f"{len(skipped)} test(s) skipped")
    passed = max(total - failed, 0)
    print(f"odoo: {passed} passed, {max(failed, 1 if problems else 0)} failed")
    if problems:
        print("FAILED: " + "; ".join(problems))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
