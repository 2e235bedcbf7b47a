"""The benchmarks' one table: rows, goals and the printed table."""

import json
import sys
import threading
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))
sys.path.insert(0, str(ROOT / "tools"))

import _report  # noqa: E402
import bench_table  # noqa: E402


@pytest.mark.parametrize(
    ("values", "met"),
    [
        ({"ratio": 4.9, "goal": ("<=", 5)}, True),
        ({"ratio": 5.0, "goal": ("<=", 5)}, True),
        ({"ratio": 5.1, "goal": ("<=", 5)}, False),
        ({"ratio": 1.4, "goal": (">=", 1.4)}, True),
        ({"ratio": 1.39, "goal": (">=", 1.4)}, False),
        # without a ratio the goal bounds the time
        ({"goal": ("<=", 10)}, True),
        ({"goal": ("<=", 9)}, False),
        ({}, None),
    ],
)
def test_a_goal_bounds_the_ratio_or_else_the_time(values, met):
    assert _report.row("status", 100, 9.5, **values)["met"] is met


def test_time_per_item_is_divided_by_the_items_or_the_size():
    assert _report.row("x", 1000, 2.0)["per_item_ms"] == 2.0
    assert _report.row("x", 1000, 2.0, items=500)["per_item_ms"] == 4.0


def test_report_appends_json_lines_to_the_file_the_environment_names(
    tmp_path, monkeypatch, capsys
):
    path = tmp_path / "report.jsonl"
    monkeypatch.setenv(_report.REPORT_ENV, str(path))
    _report.report("status", 10, 1.0, queries=8, queries_per="batch")
    _report.report("meter", 20, 2.0, ratio=6.0, versus="floor", goal=("<=", 5))
    lines = [json.loads(text) for text in path.read_text().splitlines()]
    assert [line["action"] for line in lines] == ["status", "meter"]
    assert capsys.readouterr().out.count("BENCH ") == 2


def test_the_table_has_one_line_per_row_and_says_which_goal_is_missed(tmp_path, capsys):
    path = tmp_path / "report.jsonl"
    rows = [
        _report.row("status", 100000, 8.0, queries=9, queries_per="batch"),
        _report.row(
            "status: ours / UPDATE",
            100000,
            8.0,
            ratio=4.0,
            versus="UPDATE",
            goal=("<=", 5),
        ),
        _report.row("check", 1000, 0.002, items=1, ratio=7, goal=("<=", 5)),
    ]
    path.write_text("".join(json.dumps(row) + "\n" for row in rows))
    assert bench_table.main([str(path)]) == 1
    out = capsys.readouterr().out.splitlines()
    assert out[0].split()[:3] == ["action", "size", "time"]
    assert len(out) == 2 + 3 + 1
    assert "9/batch" in out[2]
    assert "4.00x UPDATE" in out[3] and "<= 5 met" in out[3]
    assert "NOT MET" in out[4]
    assert out[-1] == "goals not met: check"


def test_measure_counts_the_queries_of_the_cursor_it_is_given():
    class Cursor:
        sql_log_count = 3

    cursor = Cursor()
    with _report.Measure(cursor) as measure:
        cursor.sql_log_count = 10
        _block = [0] * 100_000
    assert measure.queries == 7
    assert measure.seconds >= 0
    assert measure.memory_kb >= 0
    with _report.Measure() as measure:
        pass
    assert measure.queries is None


def test_measure_adds_up_the_time_of_the_statements():
    """Odoo's cursor adds each statement's time to the thread's
    ``query_time``; a measure inside another is counted by both."""
    thread = threading.current_thread()
    with _report.Measure() as outer:
        thread.query_time += 0.25
        with _report.Measure() as inner:
            thread.query_time += 0.5
            thread.query_count += 1
        thread.query_time += 0.125
    assert inner.sql_seconds == 0.5
    assert outer.sql_seconds == 0.875
    assert not hasattr(thread, "query_time")
