"""Date arithmetic of contracts, as plain Python."""

import datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st
from service_contract_rules import dates

D = datetime.date


@pytest.mark.parametrize(
    ("start", "duration", "unit", "end"),
    [
        (D(2026, 1, 1), 1, "year", D(2026, 12, 31)),
        (D(2026, 1, 1), 2, "year", D(2027, 12, 31)),
        (D(2026, 3, 15), 6, "month", D(2026, 9, 14)),
        (D(2026, 1, 31), 1, "month", D(2026, 2, 27)),  # clamps to 28 Feb, minus a day
        (D(2028, 1, 31), 1, "month", D(2028, 2, 28)),  # leap year: 29 Feb minus a day
        (D(2028, 2, 29), 1, "year", D(2029, 2, 27)),
        (D(2026, 11, 23), 2, "week", D(2026, 12, 6)),
        (D(2026, 11, 23), 1, "day", D(2026, 11, 23)),
        (D(2026, 11, 23), 30, "day", D(2026, 12, 22)),
        (D(2026, 11, 23), 0, "year", None),  # open-ended
        (None, 1, "year", None),
    ],
)
def test_end_date(start, duration, unit, end):
    assert dates.end_date(start, duration, unit) == end


def test_unknown_unit_is_refused():
    with pytest.raises(ValueError):
        dates.end_date(D(2026, 1, 1), 1, "fortnight")


def test_negative_duration_is_refused():
    with pytest.raises(ValueError):
        dates.end_date(D(2026, 1, 1), -1, "year")


@pytest.mark.parametrize(
    ("date_end", "others", "expected"),
    [
        (D(2026, 12, 31), [], D(2026, 12, 31)),
        (D(2026, 12, 31), [D(2026, 6, 1)], D(2026, 6, 1)),
        (D(2026, 12, 31), [D(2027, 6, 1)], D(2026, 12, 31)),
        (None, [D(2027, 6, 1)], D(2027, 6, 1)),
        (D(2026, 12, 31), [None], D(2026, 12, 31)),
        (None, [], None),
        (None, [None, None], None),
        (D(2026, 12, 31), [D(2025, 1, 1)], D(2025, 1, 1)),  # even in the past
    ],
)
def test_effective_expiry(date_end, others, expected):
    assert dates.effective_expiry(date_end, *others) == expected


some_dates = st.dates(min_value=D(1990, 1, 1), max_value=D(2200, 12, 31))


@given(
    start=some_dates,
    duration=st.integers(min_value=1, max_value=50),
    unit=st.sampled_from(dates.DURATION_UNITS),
)
def test_end_is_on_or_after_start_and_next_period_starts_after(start, duration, unit):
    end = dates.end_date(start, duration, unit)
    assert end >= start
    assert end + datetime.timedelta(days=1) == start + dates.duration_delta(
        duration, unit
    )


@given(start=some_dates, years=st.integers(min_value=1, max_value=20))
def test_years_are_twelve_months(start, years):
    assert dates.end_date(start, years, "year") == dates.end_date(
        start, 12 * years, "month"
    )


@given(
    date_end=st.one_of(st.none(), some_dates),
    others=st.lists(st.one_of(st.none(), some_dates)),
)
def test_effective_expiry_is_the_earliest_known(date_end, others):
    result = dates.effective_expiry(date_end, *others)
    known = [d for d in [date_end, *others] if d]
    if not known:
        assert result is None
    else:
        assert result in known
        assert all(result <= d for d in known)


@given(a=some_dates, b=some_dates)
def test_days_until(a, b):
    assert b + datetime.timedelta(days=dates.days_until(a, b)) == a
