"""Revaluation of a contract's amounts (business rule 7).

By a fixed percentage: new = old x (1 + percent / 100).  By an index:
new = old x (index value at the revaluation date / index value at the base
date), the value at a date being the last one published on or before it.
Choosing index revaluation without an index is refused.

A contract is revalued on its schedule (``trigger`` ``schedule``, by the
daily scheduled action) or when it is invoiced (``invoicing``);
``is_revaluation_due`` says whether one is due, and ``due_domain`` is the
same rule as a search domain on ``service.contract``.
"""

import datetime

from dateutil.relativedelta import relativedelta

METHODS = ("percent", "index")
TRIGGERS = ("schedule", "invoicing")
NO_INDEX_MESSAGE = "No index has been specified for the contract re-evaluation."


class RevaluationError(ValueError):
    """A revaluation cannot be computed."""


def by_percent(amount, percent):
    """``amount`` raised (or lowered) by ``percent`` per cent."""
    return amount * (1 + percent / 100.0)


def by_index(amount, base_value, new_value):
    """``amount`` x (``new_value`` / ``base_value``)."""
    if not base_value:
        raise RevaluationError("The index value at the base date must not be zero.")
    return amount * new_value / base_value


def value_at(values, day):
    """The value in force on ``day``: the last of ``(date, value)`` on or before it."""
    known = [(d, v) for d, v in values if d <= day]
    if not known:
        raise RevaluationError(f"The index has no value on or before {day}.")
    return max(known)[1]


def check_method(method, index):
    """Refuse an index revaluation without an index (rule 7)."""
    if method not in METHODS:
        raise RevaluationError(f"Unknown revaluation method: {method!r}")
    if method == "index" and not index:
        raise RevaluationError(NO_INDEX_MESSAGE)


def factor(method, percent=0.0, base_value=None, new_value=None):
    """Multiplier a revaluation applies to every amount of the contract."""
    if method == "percent":
        return by_percent(1.0, percent)
    return by_index(1.0, base_value, new_value)


def next_date(last_date, months):
    """The next scheduled revaluation after ``last_date``."""
    if months <= 0:
        raise ValueError("A revaluation interval must be positive.")
    return last_date + relativedelta(months=months)


def is_due(date_next, day):
    """Whether a revaluation scheduled on ``date_next`` is due on ``day``."""
    return isinstance(date_next, datetime.date) and date_next <= day


def is_revaluation_due(method, trigger, date_next, day, when):
    """Whether a contract revalued by ``method`` on ``trigger`` is due for a
    revaluation on ``day``, on the occasion ``when`` (one of ``TRIGGERS``)."""
    return bool(method) and trigger == when and is_due(date_next, day)


def due_domain(when, day):
    """``is_revaluation_due`` as one domain term on ``service.contract``."""
    return [
        "&",
        "&",
        ("revaluation_method", "!=", False),
        ("revaluation_trigger", "=", when),
        ("date_next_revaluation", "<=", day),
    ]
