"""Date arithmetic of contracts: durations, end dates, effective expiry."""

import datetime

from dateutil.relativedelta import relativedelta

DURATION_UNITS = ("day", "week", "month", "year")


def duration_delta(duration, unit):
    """The ``relativedelta`` of ``duration`` units of ``unit``."""
    if unit not in DURATION_UNITS:
        raise ValueError(f"Unknown duration unit: {unit!r}")
    if duration < 0:
        raise ValueError("A duration cannot be negative.")
    return relativedelta(**{f"{unit}s": duration})


def end_date(start, duration, unit):
    """The last day covered by a contract of ``duration`` ``unit`` from ``start``.

    A contract starting on 1 January for one year ends on 31 December: the end
    date is inclusive.  A duration of zero gives no end date (open-ended).
    Month arithmetic clamps to the month's last day (31 January + 1 month is
    28 or 29 February, so the contract ends the day before).
    """
    if not start or not duration:
        return None
    return start + duration_delta(duration, unit) - datetime.timedelta(days=1)


def effective_expiry(date_end, *other_dates):
    """The date a contract really ends: the earliest of the known dates.

    ``None`` values are ignored; with no date at all, the contract has no
    expiry.
    """
    known = [d for d in (date_end, *other_dates) if d]
    return min(known) if known else None


def days_until(date, today):
    """Whole days from ``today`` to ``date`` (negative once it is past)."""
    return (date - today).days
