"""Billing period grid and what is left to invoice (service_contract_billing)."""

import datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from service_contract_billing_rules import periods

D = datetime.date


@pytest.mark.parametrize(
    ("day", "period", "anchor", "expected"),
    [
        (D(2026, 1, 15), "month", None, (D(2026, 1, 1), D(2026, 1, 31))),
        (D(2026, 2, 28), "month", None, (D(2026, 2, 1), D(2026, 2, 28))),
        (D(2028, 2, 10), "month", None, (D(2028, 2, 1), D(2028, 2, 29))),
        (D(2026, 5, 20), "quarter", None, (D(2026, 4, 1), D(2026, 6, 30))),
        (D(2026, 12, 31), "quarter", None, (D(2026, 10, 1), D(2026, 12, 31))),
        (D(2026, 7, 1), "semester", None, (D(2026, 7, 1), D(2026, 12, 31))),
        (D(2026, 3, 3), "year", None, (D(2026, 1, 1), D(2026, 12, 31))),
        (D(2026, 2, 20), "month", D(2026, 1, 16), (D(2026, 2, 16), D(2026, 3, 15))),
        (D(2026, 2, 10), "month", D(2026, 1, 16), (D(2026, 1, 16), D(2026, 2, 15))),
        (D(2026, 3, 15), "month", D(2026, 1, 31), (D(2026, 2, 28), D(2026, 3, 30))),
        (D(2027, 1, 10), "year", D(2026, 4, 1), (D(2026, 4, 1), D(2027, 3, 31))),
        (D(2025, 12, 1), "quarter", D(2026, 1, 15), (D(2025, 10, 15), D(2026, 1, 14))),
    ],
)
def test_grid_period(day, period, anchor, expected):
    assert periods.grid_period(day, period, anchor) == expected


@pytest.mark.parametrize(
    ("start", "end", "period", "prorata", "expected"),
    [
        (
            D(2026, 1, 16),
            D(2026, 4, 15),
            "month",
            True,
            [
                (D(2026, 1, 16), D(2026, 1, 31)),
                (D(2026, 2, 1), D(2026, 2, 28)),
                (D(2026, 3, 1), D(2026, 3, 31)),
                (D(2026, 4, 1), D(2026, 4, 15)),
            ],
        ),
        (
            D(2026, 1, 16),
            D(2026, 4, 15),
            "month",
            False,
            [
                (D(2026, 1, 16), D(2026, 2, 15)),
                (D(2026, 2, 16), D(2026, 3, 15)),
                (D(2026, 3, 16), D(2026, 4, 15)),
            ],
        ),
        (
            D(2026, 2, 1),
            D(2026, 12, 31),
            "semester",
            True,
            [(D(2026, 2, 1), D(2026, 6, 30)), (D(2026, 7, 1), D(2026, 12, 31))],
        ),
    ],
)
def test_grid(start, end, period, prorata, expected):
    assert [
        piece for piece, _full in periods.grid(start, end, period, prorata)
    ] == expected


@pytest.mark.parametrize(
    ("interval", "taken", "expected"),
    [
        ((D(2026, 1, 1), D(2026, 3, 31)), [], [(D(2026, 1, 1), D(2026, 3, 31))]),
        (
            (D(2026, 1, 1), D(2026, 3, 31)),
            [(D(2026, 1, 1), D(2026, 1, 31))],
            [(D(2026, 2, 1), D(2026, 3, 31))],
        ),
        (
            (D(2026, 1, 1), D(2026, 3, 31)),
            [(D(2026, 2, 1), D(2026, 2, 28))],
            [(D(2026, 1, 1), D(2026, 1, 31)), (D(2026, 3, 1), D(2026, 3, 31))],
        ),
        ((D(2026, 1, 1), D(2026, 1, 31)), [(D(2025, 12, 1), D(2026, 2, 28))], []),
    ],
)
def test_subtract(interval, taken, expected):
    assert periods.subtract(interval, taken) == expected


@pytest.mark.parametrize(
    ("timing", "until", "invoiced", "expected"),
    [
        ("start", D(2026, 3, 15), [], [D(2026, 1, 1), D(2026, 2, 1), D(2026, 3, 1)]),
        ("end", D(2026, 3, 15), [], [D(2026, 1, 31), D(2026, 2, 28)]),
        (
            "start",
            D(2026, 3, 15),
            [(D(2026, 2, 1), D(2026, 2, 28))],
            [D(2026, 1, 1), D(2026, 3, 1)],
        ),
    ],
)
def test_open_periods_invoice_dates(timing, until, invoiced, expected):
    pieces = periods.open_periods(
        D(2026, 1, 1), D(2026, 12, 31), "month", invoiced, True, timing, until
    )
    assert [p["invoice_date"] for p in pieces] == expected


def test_next_open_period_and_invoiced_until():
    invoiced = [(D(2026, 1, 1), D(2026, 1, 31)), (D(2026, 3, 1), D(2026, 3, 31))]
    nxt = periods.next_open_period(D(2026, 1, 1), D(2026, 12, 31), "month", invoiced)
    assert (nxt["start"], nxt["end"]) == (D(2026, 2, 1), D(2026, 2, 28))
    assert periods.invoiced_until(D(2026, 1, 1), invoiced) == D(2026, 1, 31)
    assert periods.invoiced_until(D(2026, 1, 1), []) == D(2025, 12, 31)
    open_ended = periods.next_open_period(
        D(2026, 1, 1), None, "quarter", [(D(2026, 1, 1), D(2026, 6, 30))]
    )
    assert open_ended["start"] == D(2026, 7, 1)
    assert (
        periods.next_open_period(
            D(2026, 1, 1), D(2026, 1, 31), "month", [(D(2026, 1, 1), D(2026, 1, 31))]
        )
        is None
    )


def test_unknown_values_refused():
    with pytest.raises(ValueError):
        periods.months_of("week")
    with pytest.raises(ValueError):
        periods.invoice_date((D(2026, 1, 1), D(2026, 1, 31)), None, "middle")
    with pytest.raises(ValueError):
        periods.grid(D(2026, 1, 1), None, "month")


dates = st.dates(min_value=D(2000, 1, 1), max_value=D(2060, 12, 31))
period_names = st.sampled_from(sorted(periods.PERIOD_MONTHS))


@settings(max_examples=200, deadline=None)
@given(
    start=dates, days=st.integers(0, 1500), period=period_names, prorata=st.booleans()
)
def test_grid_tiles_the_contract_exactly(start, days, period, prorata):
    end = start + datetime.timedelta(days=days)
    grid = periods.grid(start, end, period, prorata)
    assert grid[0][0][0] == start
    assert grid[-1][0][1] == end
    for (piece, _full), (nxt, _f) in zip(grid, grid[1:], strict=False):
        assert nxt[0] == piece[1] + datetime.timedelta(days=1)
    for piece, full in grid:
        assert full[0] <= piece[0] <= piece[1] <= full[1]


@settings(max_examples=200, deadline=None)
@given(
    start=dates,
    days=st.integers(0, 800),
    period=period_names,
    prorata=st.booleans(),
    timing=st.sampled_from(periods.INVOICE_TIMINGS),
    cut=st.integers(0, 30),
    drop=st.sets(st.integers(0, 30), max_size=5),
)
def test_no_day_invoiced_twice_or_lost(start, days, period, prorata, timing, cut, drop):
    """Invoice some pieces, forget (delete) some, invoice again: every day once."""
    end = start + datetime.timedelta(days=days)
    first = periods.open_periods(start, end, period, [], prorata, timing)
    invoiced = [
        (p["start"], p["end"]) for i, p in enumerate(first[:cut]) if i not in drop
    ]
    rest = periods.open_periods(start, end, period, invoiced, prorata, timing)
    covered = sorted(invoiced + [(p["start"], p["end"]) for p in rest])
    day = start
    for piece_start, piece_end in covered:
        assert piece_start == day
        day = piece_end + datetime.timedelta(days=1)
    assert day == end + datetime.timedelta(days=1)
    for piece in rest:
        assert piece["invoice_date"] >= piece["start"] >= start
