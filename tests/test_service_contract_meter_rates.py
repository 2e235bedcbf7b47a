"""Daily utilisation rate computed from the reading history."""

import datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from service_contract_meter_rules import rates

TODAY = datetime.date(2026, 6, 1)


def day(offset):
    return TODAY - datetime.timedelta(days=offset)


@pytest.mark.parametrize(
    ("readings", "window", "rate", "count"),
    [
        ([], 365, 0.0, 0),
        ([(day(10), 1_000)], 365, 0.0, 1),  # one reading: unknown
        ([(day(10), 1_000), (day(0), 4_000)], 365, 300.0, 2),
        ([(day(100), 0), (day(50), 10_000), (day(0), 30_000)], 365, 300.0, 3),
        # the oldest reading falls out of a 60-day window
        ([(day(100), 0), (day(50), 10_000), (day(0), 30_000)], 60, 400.0, 2),
        # window of 365 days ends today: day(364) is in, day(365) is out
        ([(day(365), 0), (day(364), 100), (day(0), 3_740)], 365, 10.0, 2),
        ([(day(3), 50), (day(3), 80)], 365, 0.0, 2),  # same day: no rate
        ([(day(20), 500), (day(10), 400)], 365, 0.0, 2),  # never negative
    ],
)
def test_daily_rate_table(readings, window, rate, count):
    assert rates.daily_rate(readings, TODAY, window) == (pytest.approx(rate), count)


@pytest.mark.parametrize(
    ("manual", "computed", "expected"),
    [(0.0, 12.5, 12.5), (40.0, 12.5, 40.0), (0.0, 0.0, 0.0)],
)
def test_manual_rate_wins(manual, computed, expected):
    assert rates.effective_rate(manual, computed) == expected


def test_window_start():
    assert rates.window_start(TODAY) == day(364)
    assert rates.window_start(TODAY, 1) == TODAY


history = st.lists(
    st.tuples(
        st.integers(min_value=0, max_value=800),
        st.floats(min_value=0, max_value=1_000, allow_nan=False),
    ),
    max_size=30,
)


@given(history, st.integers(min_value=1, max_value=800))
def test_rate_is_average_increase_over_window(steps, window):
    """Build a cumulative history; the rate is first-to-last over the window."""
    steps = sorted(steps, key=lambda s: -s[0])
    readings = []
    net = 0.0
    for offset, usage in steps:
        net += usage
        readings.append((day(offset), net))
    rate, count = rates.daily_rate(readings, TODAY, window)
    used = [r for r in readings if r[0] >= rates.window_start(TODAY, window)]
    assert count == len(used)
    assert rate >= 0
    if count >= 2 and used[-1][0] > used[0][0]:
        days = (used[-1][0] - used[0][0]).days
        assert rate == pytest.approx((used[-1][1] - used[0][1]) / days)
    else:
        assert rate == 0.0


@given(
    st.floats(min_value=0, max_value=1e5, allow_nan=False),
    st.integers(min_value=1, max_value=365),
    st.integers(min_value=2, max_value=20),
)
def test_steady_usage_gives_its_rate(per_day, spacing, readings_count):
    readings = [
        (day(spacing * (readings_count - 1 - i)), per_day * spacing * i)
        for i in range(readings_count)
    ]
    rate, _count = rates.daily_rate(readings, TODAY, 100_000)
    assert rate == pytest.approx(per_day)


@settings(max_examples=200, deadline=None)
@given(offset=st.integers(-3, 400), window=st.integers(-1, 400))
def test_in_window_sql_is_in_window(pg, offset, window):
    """The daily recalculation's SQL reads the same window as the rule."""
    reading_date = day(offset)
    pg.execute(
        f"SELECT {rates.IN_WINDOW_SQL}",
        {"date": reading_date, "today": TODAY, "window_days": window},
    )
    assert pg.fetchone()[0] is rates.in_window(reading_date, TODAY, window)
