"""Daily utilisation rate of a unit's meter, from its reading history.

The computed rate is the average daily increase of the life-to-date (net)
value over a window of days ending today (365 by default): between the
earliest and the latest reading dated in the window,
``(last net - first net) / days between them``.  It rests on the number of
readings in the window; with fewer than two readings on different days the
rate is unknown and taken as 0 (the meter then never runs out by itself:
enter a manual rate).  A manual rate, when set, wins.

The daily recalculation reads the window in SQL: ``IN_WINDOW_SQL`` is
``in_window`` as a SQL condition, and ``tests/`` checks on PostgreSQL that
both agree.
"""

import datetime

DEFAULT_WINDOW_DAYS = 365


def window_start(today, window_days=DEFAULT_WINDOW_DAYS):
    """The first day of the window of ``window_days`` days ending ``today``."""
    return today - datetime.timedelta(days=max(window_days, 1) - 1)


def in_window(day, today, window_days=DEFAULT_WINDOW_DAYS):
    """Whether a reading dated ``day`` is in the window ending ``today``."""
    return window_start(today, window_days) <= day <= today


# ``in_window`` as a SQL condition on the expressions ``date`` (the
# reading's), ``today`` and ``window_days``: the model passes column
# references and today's date (``odoo.tools.SQL``), the tests values.
IN_WINDOW_SQL = (
    "(%(date)s >= %(today)s::date - (GREATEST(%(window_days)s, 1) - 1)"
    " AND %(date)s <= %(today)s::date)"
)


def select_window(readings, today, window_days=DEFAULT_WINDOW_DAYS):
    """The ``(date, net_value)`` readings dated in the window, oldest first.

    ``readings`` is an iterable of ``(date, net_value)`` in date order (ties
    keep their order).
    """
    return [
        reading for reading in readings if in_window(reading[0], today, window_days)
    ]


def rate_between(first, last):
    """Average daily increase from reading ``first`` to ``last``.

    Both are ``(date, net_value)``; 0 when they are on the same day.  Net
    values never decrease, but a negative result (hand-made data) is
    clamped to 0.
    """
    days = (last[0] - first[0]).days
    if days <= 0:
        return 0.0
    return max((last[1] - first[1]) / days, 0.0)


def rate_from_window(first, last, count):
    """The rate given the first and last of ``count`` readings in the window."""
    if count < 2:
        return 0.0
    return rate_between(first, last)


def daily_rate(readings, today, window_days=DEFAULT_WINDOW_DAYS):
    """``(rate, count)``: the computed rate and the readings it rests on."""
    used = select_window(readings, today, window_days)
    if not used:
        return 0.0, 0
    return rate_from_window(used[0], used[-1], len(used)), len(used)


def effective_rate(manual_rate, computed_rate):
    """The rate used for expiry: the manual one when set, else the computed."""
    return manual_rate if manual_rate else computed_rate
