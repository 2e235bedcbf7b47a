#!/usr/bin/env python3
"""Time the entitlement API over HTTP on a large installed base.

Usage: python3 bench/service_contract_api.py -d DB
       [--units 100000] [--contracts 20000] [--calls 1000] [--addons-path PATH]

DB must have the ``service_contract_coverage`` addon installed.  The script
seeds the installed base and the contracts exactly as
``service_contract_coverage_entitlement.py`` does (its ``seed``),
creates a service desk user with an API key, and makes ``--calls`` requests
through Odoo's whole HTTP stack (``odoo.http.root``, the WSGI application:
routing, ``auth='bearer'`` with the key, the controller, JSON): nine in ten
``GET /api/service-contract/v1/units/<serial>/entitlement`` on random units,
one in ten ``GET /api/service-contract/v1/contracts/<name>``.  It prints the
p50 and p95 latency and the SQL queries per call, by endpoint, then rolls
everything back: the database is left as it was.

As in Odoo's own HTTP tests, the registry is put in test mode, so that the
requests run on the benchmark's transaction and see its uncommitted data.
"""

import argparse
import random
import re
import statistics
import sys
import threading
import time
from datetime import timedelta

from _odoo import open_registry
from _report import report
from service_contract_coverage_entitlement import seed

API = "/api/service-contract/v1"


def percentile(values, share):
    """The ``share`` (0-1) percentile of ``values``, nearest rank."""
    ordered = sorted(values)
    return ordered[max(0, min(len(ordered) - 1, round(share * len(ordered)) - 1))]


def create_api_key(env):
    """A service desk user of the current company and their API key."""
    from odoo import Command, fields  # noqa: PLC0415

    user = env["res.users"].create(
        {
            "name": "Bench Service Desk",
            "login": "bench_service_desk_api",
            "company_id": env.company.id,
            "company_ids": [Command.set(env.company.ids)],
            "groups_id": [
                Command.set(
                    [env.ref("service_contract.group_service_contract_user").id]
                )
            ],
        }
    )
    key = (
        env["res.users.apikeys"]
        .with_user(user)
        .sudo()
        ._generate(None, "Benchmark", fields.Datetime.now() + timedelta(days=1))
    )
    return user, key


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("-d", "--database", required=True)
    parser.add_argument("--units", type=int, default=100_000)
    parser.add_argument("--contracts", type=int, default=20_000)
    parser.add_argument("--calls", type=int, default=1_000)
    parser.add_argument("--addons-path", default=None)
    args = parser.parse_args()

    # One database for the requests to find without a session.
    registry = open_registry(
        args.database,
        args.addons_path,
        extra=[f"--db-filter=^{re.escape(args.database)}$"],
    )
    from werkzeug.test import Client  # noqa: PLC0415

    from odoo import SUPERUSER_ID, api, http  # noqa: PLC0415
    from odoo.tools import SQL  # noqa: PLC0415

    threading.current_thread().testing = True
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {"tracking_disable": True})
        lot_ids = seed(env, args.units, args.contracts)
        _user, key = create_api_key(env)
        env.flush_all()
        rng = random.Random(42)
        cr.execute(SQL("SELECT name FROM stock_lot WHERE id = ANY(%s)", lot_ids))
        serials = [row[0] for row in cr.fetchall()]
        cr.execute(
            SQL("SELECT name FROM service_contract WHERE name LIKE %s", "BENCH/%")
        )
        contracts = [row[0] for row in cr.fetchall()]
        calls = [
            ("contract", f"{API}/contracts/{rng.choice(contracts)}")
            if n % 10 == 9
            else ("entitlement", f"{API}/units/{rng.choice(serials)}/entitlement")
            for n in range(args.calls)
        ]
        client = Client(http.root)
        headers = {"Authorization": f"Bearer {key}"}
        timings = {"entitlement": [], "contract": []}
        queries = {"entitlement": [], "contract": []}
        statuses = {}
        covered = 0
        registry.enter_test_mode(cr)
        try:
            for endpoint, url in calls:
                before = cr.sql_log_count
                started = time.perf_counter()
                response = client.get(url, headers=headers)
                timings[endpoint].append(time.perf_counter() - started)
                queries[endpoint].append(cr.sql_log_count - before)
                statuses[response.status_code] = (
                    statuses.get(response.status_code, 0) + 1
                )
                if endpoint == "entitlement" and response.status_code == 200:
                    covered += response.get_json()["covered"]
        finally:
            registry.leave_test_mode()
        print(f"{args.calls} API calls, HTTP statuses {dict(sorted(statuses.items()))}")
        for endpoint in ("entitlement", "contract"):
            times = timings[endpoint]
            if not times:
                continue
            counts = queries[endpoint]
            print(
                f"  {endpoint}: {len(times)} calls, p50 "
                f"{1000 * percentile(times, 0.5):.1f} ms, p95 "
                f"{1000 * percentile(times, 0.95):.1f} ms; "
                f"{statistics.mean(counts):.1f} SQL queries per call "
                f"(at most {max(counts)})"
            )
            report(
                f"API {endpoint} p50",
                args.units,
                percentile(times, 0.5),
                items=1,
                queries=round(statistics.mean(counts), 2),
                queries_per="call",
                note=f"p95 {1000 * percentile(times, 0.95):.1f} ms, at most "
                f"{max(counts)} queries; whole HTTP stack, bearer API key",
            )
        every = timings["entitlement"] + timings["contract"]
        print(
            f"  all: p50 {1000 * percentile(every, 0.5):.1f} ms, "
            f"p95 {1000 * percentile(every, 0.95):.1f} ms; "
            f"{statistics.mean(queries['entitlement'] + queries['contract']):.1f} "
            f"SQL queries per call; {covered} units covered"
        )
        cr.rollback()
    print("rolled back: the database is unchanged")
    return 0


if __name__ == "__main__":
    sys.exit(main())
