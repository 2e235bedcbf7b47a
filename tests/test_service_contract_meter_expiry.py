"""Business rule 2: the date a contract meter runs out."""

import datetime
import math

import pytest
from hypothesis import given
from hypothesis import strategies as st
from service_contract_meter_rules import expiry

TODAY = datetime.date(2026, 6, 1)


@pytest.mark.parametrize(
    ("value_end", "net_value", "rate", "days"),
    [
        (100_000, 66_000, 300, 113),  # the worked example of rule 2
        (100_000, 99_999, 300, 0),  # runs out during today
        (100_000, 100_000, 300, 0),  # end value reached: today
        (100_000, 100_100, 300, -1),  # passed a third of a day ago: yesterday
        (100_000, 100_300, 300, -1),  # passed exactly one day ago
        (100_000, 100_301, 300, -2),  # floor, not truncation, below zero
        (5_000, 0, 8, 625),
        (0.3, 0.0, 0.1, 3),  # float noise does not lose a day
        (0.7, 0.1, 0.2, 3),
        (1_000, 0, 7, 142),
    ],
)
def test_days_left_table(value_end, net_value, rate, days):
    assert expiry.days_left(value_end, net_value, rate) == days


def test_worked_example_date():
    assert expiry.expiry_date(
        100_000, 66_000, 300, TODAY
    ) == TODAY + datetime.timedelta(days=113)


@pytest.mark.parametrize("rate", [0, 0.0, None, -5])
def test_zero_rate_never_expires(rate):
    assert expiry.days_left(100_000, 66_000, rate) is None
    assert expiry.expiry_date(100_000, 200_000, rate, TODAY) is None


def test_negative_days_give_a_past_date():
    date = expiry.expiry_date(100_000, 106_000, 300, TODAY)
    assert date == TODAY - datetime.timedelta(days=20)
    assert date < TODAY


@pytest.mark.parametrize(
    ("dates", "expected"),
    [
        ([], None),
        ([None, None], None),
        (
            [datetime.date(2027, 1, 1), datetime.date(2026, 3, 1)],
            datetime.date(2026, 3, 1),
        ),
        (
            [None, datetime.date(2025, 1, 1), datetime.date(2030, 1, 1)],
            datetime.date(2025, 1, 1),
        ),
    ],
)
def test_earliest_table(dates, expected):
    assert expiry.earliest(dates) == expected


values = st.floats(min_value=0, max_value=10_000_000, allow_nan=False)
rates = st.floats(min_value=0.01, max_value=100_000, allow_nan=False)


@given(value_end=values, net_value=values, rate=rates)
def test_days_left_is_the_floor(value_end, net_value, rate):
    days = expiry.days_left(value_end, net_value, rate)
    exact = (value_end - net_value) / rate
    assert days == math.floor(round(exact, 9))
    # the remaining value lasts ``days`` whole days but not one more
    assert days <= exact + 1e-6
    assert days + 1 > exact - 1e-6


@given(value_end=values, net_value=values, extra=values, rate=rates)
def test_more_usage_never_gives_a_later_date(value_end, net_value, extra, rate):
    assert expiry.expiry_date(
        value_end, net_value + extra, rate, TODAY
    ) <= expiry.expiry_date(value_end, net_value, rate, TODAY)


@given(value_end=values, net_value=values, rate=rates)
def test_expired_exactly_when_end_value_reached(value_end, net_value, rate):
    date = expiry.expiry_date(value_end, net_value, rate, TODAY)
    if net_value >= value_end:
        assert date <= TODAY
    if value_end - net_value >= rate * 1.001:
        assert date > TODAY


@given(value_end=values, net_value=values)
def test_zero_rate_never_expires_property(value_end, net_value):
    assert expiry.expiry_date(value_end, net_value, 0, TODAY) is None


@given(st.lists(st.one_of(st.none(), st.dates()), max_size=6))
def test_earliest_meter_wins(dates):
    result = expiry.earliest(dates)
    known = [d for d in dates if d]
    if not known:
        assert result is None
    else:
        assert result in known
        assert all(result <= d for d in known)


@pytest.mark.parametrize(
    ("net_value", "rate", "expected"),
    [(0, 1e-12, datetime.date.max), (1e12, 1, datetime.date.min)],
)
def test_dates_beyond_the_calendar_are_clamped(net_value, rate, expected):
    assert expiry.expiry_date(100_000, net_value, rate, TODAY) == expected


@pytest.mark.parametrize(
    "value_end, net_value, rate, expected",
    [
        # the quotient overflows a float: still the calendar's last day
        (100.0, 0.0, 5e-324, datetime.date.max),
        # overrun by so much at so low a rate: the calendar's first day
        (0.0, 100.0, 5e-324, datetime.date.min),
        (1e308, -1e308, 1.0, datetime.date.max),
    ],
)
def test_rates_too_low_for_a_float_are_clamped(value_end, net_value, rate, expected):
    today = datetime.date(2026, 6, 1)
    assert expiry.expiry_date(value_end, net_value, rate, today) == expected


@pytest.mark.parametrize(
    ("state", "manager", "days_to_expiry", "warning_days", "due"),
    [
        ("ready", True, 10, 30, True),  # within the window
        ("ready", True, 0, 30, True),  # expires today: still warned
        ("ready", True, 30, 30, True),  # the window's last day
        ("ready", True, 31, 30, False),  # beyond the window
        ("ready", True, -1, 30, False),  # already past: no warning
        ("ready", True, 10, 0, False),  # warnings off for the company
        ("ready", False, 10, 30, False),  # nobody to warn
        ("draft", True, 10, 30, False),  # not running
        ("expired", True, 10, 30, False),
        ("ready", True, None, 30, False),  # no date by meter
    ],
)
def test_warning_due_table(state, manager, days_to_expiry, warning_days, due):
    date = (
        None
        if days_to_expiry is None
        else TODAY + datetime.timedelta(days=days_to_expiry)
    )
    assert expiry.warning_due(state, manager, date, warning_days, TODAY) is due


@given(
    days_to_expiry=st.integers(-400, 400),
    warning_days=st.integers(-5, 400),
)
def test_warning_due_is_the_window(days_to_expiry, warning_days):
    date = TODAY + datetime.timedelta(days=days_to_expiry)
    assert expiry.warning_due("ready", 7, date, warning_days, TODAY) == (
        warning_days > 0 and 0 <= days_to_expiry <= warning_days
    )
