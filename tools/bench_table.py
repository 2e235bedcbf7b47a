#!/usr/bin/env python3
"""Print the rows the benchmarks reported as one table.

Usage: python3 tools/bench_table.py REPORT.jsonl

REPORT.jsonl holds one JSON row per line, as ``bench/_report.py`` writes
them (``make bench`` sets ``SC_BENCH_REPORT`` to it).  Exits 1 when a row
with a goal does not meet it, so that ``make bench`` says so.
"""

import json
import sys

COLUMNS = (
    ("action", "action"),
    ("size", "size"),
    ("time", "time"),
    ("per_item", "time/item"),
    ("queries", "queries"),
    ("memory", "memory"),
    ("ratio", "ratio"),
    ("goal", "goal"),
    ("note", "note"),
)


def _seconds(value):
    return f"{value:.2f} s" if value >= 1 else f"{1000 * value:.1f} ms"


def _per_item(value):
    if value is None:
        return ""
    return f"{value:.3f} ms" if value >= 0.01 else f"{1000 * value:.2f} µs"


def cells(line):
    """The printed cells of one row."""
    queries = line.get("queries")
    if queries is None:
        queries = ""
    elif line.get("queries_per"):
        queries = f"{queries}/{line['queries_per']}"
    memory = line.get("memory_kb")
    ratio = line.get("ratio")
    goal = line.get("goal") or ""
    if goal:
        goal = f"{goal} {'met' if line.get('met') else 'NOT MET'}"
    return {
        "action": line["action"],
        "size": f"{line['size']:,}",
        "time": _seconds(line["seconds"]),
        "per_item": _per_item(line.get("per_item_ms")),
        "queries": str(queries),
        "memory": "" if memory is None else f"{memory / 1024:.1f} MiB",
        "ratio": ""
        if ratio is None
        else f"{ratio:.2f}x {line.get('versus') or ''}".strip(),
        "goal": goal,
        "note": line.get("note") or "",
    }


def table(lines):
    """The table of ``lines`` (dicts), as text."""
    rows = [cells(line) for line in lines]
    widths = {
        key: max([len(title)] + [len(row[key]) for row in rows])
        for key, title in COLUMNS
    }
    out = [
        "  ".join(title.ljust(widths[key]) for key, title in COLUMNS).rstrip(),
        "  ".join("-" * widths[key] for key, _title in COLUMNS),
    ]
    out += [
        "  ".join(row[key].ljust(widths[key]) for key, _title in COLUMNS).rstrip()
        for row in rows
    ]
    return "\n".join(out)


def read(path):
    with open(path, encoding="utf-8") as report:
        return [json.loads(text) for text in report if text.strip()]


def main(argv=None):
    argv = sys.argv[1:] if argv is None else argv
    if len(argv) != 1:
        print(__doc__.split("\n\n")[1], file=sys.stderr)
        return 2
    lines = read(argv[0])
    print(table(lines))
    missed = [line["action"] for line in lines if line.get("met") is False]
    if missed:
        print("goals not met: " + ", ".join(missed))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
