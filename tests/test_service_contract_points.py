"""Business rule 8: the points ledger, as plain Python."""

import pytest
from hypothesis import given
from hypothesis import strategies as st
from service_contract_rules import points

AMOUNTS = st.floats(min_value=-1e6, max_value=1e6, allow_nan=False).map(
    lambda value: round(value, 2)
)
ROWS = st.lists(st.tuples(st.sampled_from(points.COUNTERS), AMOUNTS))


@pytest.mark.parametrize(
    ("kind", "counter", "expected"),
    [
        ("initial", None, "total"),
        ("purchase", None, "total"),
        ("purchase", "total", "total"),
        ("consumption", None, "used"),
        ("consumption", "used", "used"),
        ("adjustment", "total", "total"),
        ("adjustment", "used", "used"),
    ],
)
def test_counter_for(kind, counter, expected):
    assert points.counter_for(kind, counter) == expected


@pytest.mark.parametrize(
    ("kind", "counter"),
    [
        ("consumption", "total"),
        ("initial", "used"),
        ("purchase", "used"),
        ("adjustment", None),
        ("refund", None),
    ],
)
def test_counter_for_refuses(kind, counter):
    with pytest.raises(ValueError):
        points.counter_for(kind, counter)


def test_counters_example():
    # 100 granted, 20 bought, 35 then 5 used, 10 given back by a manager.
    rows = [
        ("total", 100.0),
        ("total", 20.0),
        ("used", -35.0),
        ("used", -5.0),
        ("used", 10.0),
    ]
    assert points.counters(rows) == (120.0, 30.0)
    assert points.counters([]) == (0.0, 0.0)


@given(ROWS)
def test_points_left_is_the_sum_of_the_rows(rows):
    total, used = points.counters(rows)
    assert total - used == pytest.approx(sum(value for _counter, value in rows))


@given(ROWS, st.sampled_from(points.COUNTERS), AMOUNTS)
def test_an_adjustment_reaches_its_target(rows, counter, target):
    before = dict(zip(points.COUNTERS, points.counters(rows), strict=True))
    row = points.adjustment(counter, before[counter], target)
    after = dict(
        zip(points.COUNTERS, points.counters([*rows, (counter, row)]), strict=True)
    )
    assert after[counter] == pytest.approx(target, abs=1e-6)
    other = next(c for c in points.COUNTERS if c != counter)
    assert after[other] == before[other]


def test_signed_points():
    assert points.signed_points("total", 5.0) == 5.0
    assert points.signed_points("used", 5.0) == -5.0
    with pytest.raises(ValueError):
        points.signed_points("left", 5.0)
