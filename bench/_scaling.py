"""Cost per contract of a scheduled action from one size to the next.

The revaluation and coverage gap benchmarks share it: for each size they
seed the data, run the action once as the real scheduled action runs it (a
commit per batch, on a throwaway copy of the database) and once inside one
transaction (rolled back), count the queries of each batch, and report the
rows of the table, the largest size with the ratio of its time per contract
to the smallest size's.
"""

import argparse
import cProfile
import io
import pstats
import statistics
import threading
from contextlib import contextmanager

from _odoo import open_registry, scratch_database
from _report import Measure, report

#: Time per contract at the largest size over the smallest size: "flat".
FLAT_BOUND = 1.25


def parse_args(description, default_sizes="10000,100000"):
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("-d", "--database", required=True)
    parser.add_argument(
        "--sizes",
        default=default_sizes,
        help="comma-separated numbers of contracts (default: %(default)s)",
    )
    parser.add_argument("--batch-size", type=int, default=500)
    parser.add_argument(
        "--no-commit",
        action="store_true",
        help="only the in-transaction run (no throwaway copy of the database)",
    )
    parser.add_argument(
        "--profile",
        action="store_true",
        help="print a cProfile of the in-transaction run at the smallest size",
    )
    parser.add_argument("--addons-path", default=None)
    args = parser.parse_args()
    args.sizes = sorted(int(size) for size in args.sizes.split(","))
    return args


@contextmanager
def batch_queries(cr):
    """Record the cursor's query count as each batch of the batch toolkit
    starts; yields the list of those counts (their differences are the
    queries of each complete batch cycle: its lock, work, commit and the
    search of the next one)."""
    from unittest.mock import patch  # noqa: PLC0415

    from odoo.addons.service_contract.models.service_contract_batch_mixin import (  # noqa: PLC0415
        ServiceContractBatchMixin,
    )

    marks = []
    original = ServiceContractBatchMixin._batch_one

    def counted(self, *args, **kwargs):
        marks.append(cr.sql_log_count)
        return original(self, *args, **kwargs)

    with patch.object(ServiceContractBatchMixin, "_batch_one", counted):
        yield marks


def _environment(registry, testing):
    from odoo import SUPERUSER_ID, api  # noqa: PLC0415

    threading.current_thread().testing = testing
    cr = registry.cursor()
    return api.Environment(cr, SUPERUSER_ID, {})


def _run(env, seed, run, size, profile=False):
    """Seed ``size`` contracts, run the action; return the figures."""
    info = seed(env, size)
    if not threading.current_thread().testing:
        env.cr.commit()  # pylint: disable=invalid-commit
    env.cr.execute("ANALYZE")
    env.invalidate_all()
    profiler = cProfile.Profile() if profile else None
    with batch_queries(env.cr) as marks, Measure(env.cr) as measure:
        if profiler:
            profiler.enable()
        done = run(env)
        env.flush_all()
        if profiler:
            profiler.disable()
    if profiler:
        out = io.StringIO()
        pstats.Stats(profiler, stream=out).sort_stats("cumulative").print_stats(30)
        print(out.getvalue())
    return info, done, measure, marks


def _row(action, size, done, measure, marks, note, smallest=None):
    per_batch = [b - a for a, b in zip(marks, marks[1:], strict=False)]
    queries = statistics.median_low(per_batch) if per_batch else measure.queries
    spread = f"{min(per_batch)}-{max(per_batch)}" if per_batch else "-"
    print(
        f"{action}: {size:,} contracts, {done:,} done in {measure.seconds:.2f}s "
        f"({1000 * measure.seconds / size:.3f} ms per contract), "
        f"{measure.queries} queries, {queries:g} per batch ({spread}), "
        f"{measure.memory_kb / 1024:.1f} MiB added"
    )
    values = {}
    if smallest:
        base_size, base_seconds = smallest
        values = {
            "ratio": (measure.seconds / size) / (base_seconds / base_size),
            "versus": f"per contract at {base_size:,}",
            "goal": ("<=", FLAT_BOUND),
        }
    report(
        action,
        size,
        measure.seconds,
        items=size,
        queries=queries,
        queries_per="batch",
        memory_kb=measure.memory_kb,
        note=f"{note}; {len(marks)} batches, {done:,} done, "
        f"queries per batch {spread}; flat: time per contract at most "
        f"{FLAT_BOUND}x the smallest size's",
        **values,
    )


def bench(args, action, seed, run, suffix):
    """Run ``run(env)`` (the action; returns how many it did) after
    ``seed(env, size)`` at each size of ``args.sizes``, with commits per
    batch on a throwaway copy and in one transaction; report the rows."""
    from odoo.modules.registry import Registry  # noqa: PLC0415
    from odoo.sql_db import close_db  # noqa: PLC0415

    registry = open_registry(args.database, args.addons_path)
    firsts = {}
    for size in args.sizes:
        if not args.no_commit:
            close_db(args.database)  # a template must have no connection
            with scratch_database(args.database, suffix) as target:
                env = _environment(Registry(target), testing=False)
                try:
                    info, done, measure, marks = _run(env, seed, run, size)
                finally:
                    env.cr.close()
                    Registry.delete(target)
            print(f"  seeded: {info}")
            regime = "commit per batch"
            _row(
                f"{action} (commit per batch)",
                size,
                done,
                measure,
                marks,
                "commits per batch as the real scheduled action does, on a "
                "throwaway copy",
                firsts.get(regime),
            )
            firsts.setdefault(regime, (size, measure.seconds))
        env = _environment(registry, testing=True)
        try:
            info, done, measure, marks = _run(
                env, seed, run, size, profile=args.profile and size == args.sizes[0]
            )
        finally:
            env.cr.rollback()
            env.cr.close()
        print(f"  seeded: {info}")
        regime = "in transaction"
        _row(
            f"{action} (one transaction)",
            size,
            done,
            measure,
            marks,
            "no commit: one transaction, rolled back",
            firsts.get(regime),
        )
        firsts.setdefault(regime, (size, measure.seconds))
    print("rolled back: the database is unchanged")
