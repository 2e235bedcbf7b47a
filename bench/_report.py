"""One table for every benchmark.

Each benchmark measures what it times with :class:`Measure` and hands the
figures to :func:`report`, which prints the row and, when the environment
variable ``SC_BENCH_REPORT`` names a file, appends it there as one JSON line.
``make bench`` collects those lines and prints them as one table with
``tools/bench_table.py`` (action, size, time, time per item, queries, memory
added, ratio to the floor or peer, and whether the goal is met).

No Odoo import here: ``tools/bench_table.py`` and the plain tests use it.
"""

import json
import os
import resource
import threading
import time

REPORT_ENV = "SC_BENCH_REPORT"


def _rss_kb():
    """The process's resident memory now, in KiB (Linux ``/proc``)."""
    try:
        with open("/proc/self/statm", encoding="ascii") as statm:
            pages = int(statm.read().split()[1])
        return pages * os.sysconf("SC_PAGE_SIZE") // 1024
    except (OSError, ValueError, IndexError):  # not Linux: the peak instead
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


class Measure:
    """Time, SQL queries and memory added of the block it wraps.

    ``with Measure(cr) as m: ...`` then ``m.seconds``, ``m.queries`` (from
    the cursor's own ``sql_log_count``; ``None`` without a cursor, e.g. for a
    run in other processes, which then count their own) and ``m.memory_kb``
    (peak resident memory the block added: the high-water mark of the
    process after it, less the resident memory before it), and
    ``m.sql_seconds``: the time the block's statements took, from the
    statement being sent to its answer, as Odoo's cursor adds it up for the
    thread (``query_time``); what is left of ``m.seconds`` is Python.
    """

    def __init__(self, cr=None):
        self.cr = cr
        self.seconds = None
        self.queries = None
        self.memory_kb = None
        self.sql_seconds = None

    def __enter__(self):
        self._rss = _rss_kb()
        self._peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        self._queries = self.cr.sql_log_count if self.cr is not None else None
        # Odoo's cursor adds to these when the thread has them.
        thread = threading.current_thread()
        self._outer = (
            getattr(thread, "query_count", None),
            getattr(thread, "query_time", None),
        )
        thread.query_count, thread.query_time = 0, 0.0
        self._started = time.perf_counter()
        return self

    def __exit__(self, *exc):
        self.seconds = time.perf_counter() - self._started
        thread = threading.current_thread()
        self.sql_seconds = thread.query_time
        count, spent = self._outer
        if spent is None:
            del thread.query_count, thread.query_time
        else:
            # A measure inside another: the outer one counts these too.
            thread.query_count = count + thread.query_count
            thread.query_time = spent + self.sql_seconds
        if self.cr is not None:
            self.queries = self.cr.sql_log_count - self._queries
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        # A peak the process had reached before the block tells nothing of
        # the block: then what it still holds after it.
        added = peak - self._rss if peak > self._peak else _rss_kb() - self._rss
        self.memory_kb = max(added, 0)
        return False


def row(  # noqa: PLR0913 - one keyword per column of the table
    action,
    size,
    seconds,
    items=None,
    queries=None,
    queries_per=None,
    memory_kb=None,
    ratio=None,
    versus=None,
    goal=None,
    note="",
):
    """One row of the table, as a dict.

    :param str action: what was timed (``status``, ``status: PostgreSQL
        UPDATE``, ``invoicing: ours``...).
    :param int size: the data size it ran on (contracts, units...).
    :param float seconds: wall-clock time.
    :param int items: what the time is divided by for "time per item"
        (default: ``size``).
    :param queries: SQL queries (a number or a text such as ``"22/batch"``).
    :param str queries_per: what ``queries`` counts per (``"batch"``,
        ``"check"``...); the total is given when omitted.
    :param int memory_kb: peak memory the run added.
    :param float ratio: the ratio to the floor or peer named by ``versus``.
    :param goal: ``(operator, bound)``, e.g. ``("<=", 5)``: the row says
        whether the figure it bounds (the ratio, else the time) meets it.
    :param str note: anything else the reader needs (commits per batch on
        or off, cores, spread of repeats...).
    """
    items = size if items is None else items
    figure = ratio if ratio is not None else seconds
    met = None
    if goal is not None:
        operator, bound = goal
        met = figure <= bound if operator == "<=" else figure >= bound
    return {
        "action": action,
        "size": size,
        "seconds": round(seconds, 4),
        "per_item_ms": round(1000 * seconds / items, 4) if items else None,
        "queries": queries,
        "queries_per": queries_per,
        "memory_kb": memory_kb,
        "ratio": None if ratio is None else round(ratio, 3),
        "versus": versus,
        "goal": None if goal is None else f"{goal[0]} {goal[1]}",
        "met": met,
        "note": note,
    }


def report(action, size, seconds, **values):
    """Print one row of the table and append it to ``$SC_BENCH_REPORT``."""
    line = row(action, size, seconds, **values)
    print("BENCH " + json.dumps(line, sort_keys=True), flush=True)
    path = os.environ.get(REPORT_ENV)
    if path:
        with open(path, "a", encoding="utf-8") as out:
            out.write(json.dumps(line, sort_keys=True) + "\n")
    return line
