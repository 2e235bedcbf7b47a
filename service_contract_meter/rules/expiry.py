"""Meter expiry (business rule 2).

Days left = (contract meter end value - last active reading's life-to-date
value) / daily utilisation; expiration date = today + days left, rounded
down.  The earliest contract meter's date, even in the past, is the
contract's calculated expiration date.

Worked example: end 100,000, reading 66,000, 300 a day: 34,000 / 300 =
113.33 days, so the meter runs out 113 days from today.

"Today" is the day of the computation, as the business rule states: the
date is recomputed when a reading or a rate changes and by the daily
scheduled action.  Without new readings, the life-to-date value stays that
of the last reading, so the date moves on by one day each day until a
reading comes in (keep readings and rates up to date, or set a manual rate).

Rounding down is a floor, for negative values too.  ``floor`` gives the
last whole day on which the remaining value still lasts, i.e. the day the
end value is reached when usage runs at the daily rate from the start of
today:

- 0.5 day left: the end value is reached during today -> today (+0);
- exactly 0 left: the end value is reached -> today (+0), so the contract
  expires today (an expiry of today counts as reached, rule 1);
- -0.5 day left: the end value was passed half a day of usage ago, during
  yesterday -> yesterday (-1), not today.

Truncating towards zero instead would map both -0.9 and +0.9 to today, a
two-day-wide bucket around zero, and would date an overrun meter later than
it really ran out.  The floor keeps the date monotonic (more usage never
gives a later date) and every bucket one day wide.

A daily rate of zero (or less, or unknown) means the meter never runs out:
no date by meter.  The quotient is rounded to 9 decimals before the floor,
so that binary float noise (``0.3 / 0.1 == 2.9999999999999996``) does not
lose a whole day.  Dates beyond the calendar are clamped to its first or
last day.
"""

import datetime
import math

_PRECISION = 9
#: More days than any calendar holds: what a quotient too large for a float
#: (a rate such as 5e-324) counts as, before the date is clamped.
_BEYOND_CALENDAR = (datetime.date.max - datetime.date.min).days + 1


def days_left(value_end, net_value, daily_rate):
    """Whole days the remaining value lasts at ``daily_rate`` (floor).

    Negative once the end value is passed; ``None`` when the rate is zero
    or negative (the meter never runs out).
    """
    if not daily_rate or daily_rate <= 0:
        return None
    exact = (value_end - net_value) / daily_rate
    if not math.isfinite(exact):
        return int(math.copysign(_BEYOND_CALENDAR, exact))
    return math.floor(round(exact, _PRECISION))


def expiry_date(value_end, net_value, daily_rate, today):
    """The date a contract meter runs out, or ``None`` (never by meter)."""
    days = days_left(value_end, net_value, daily_rate)
    if days is None:
        return None
    # Clamp to the calendar: an absurdly low rate or a meter overrun by
    # thousands of years still gives a date (the first or last one).
    days = max(
        min(days, (datetime.date.max - today).days), (datetime.date.min - today).days
    )
    return today + datetime.timedelta(days=days)


def earliest(dates):
    """The earliest known date (``None`` values ignored), past dates included."""
    known = [date for date in dates if date]
    return min(known) if known else None


def warning_due(state, has_manager, date_expiry, warning_days, today):
    """Whether a contract's account manager must be warned on ``today`` that
    it expires by meter: a running (``ready``) contract with an account
    manager, a calculated expiry, and that date within the next
    ``warning_days`` days (today included; none when the days are 0)."""
    return bool(
        state == "ready"
        and has_manager
        and date_expiry
        and warning_days > 0
        and today <= date_expiry <= today + datetime.timedelta(days=warning_days)
    )
