"""Renewal of a contract (business rule 6).

A renewable contract can be renewed once its end date is reached, or once it
has been invoiced up to its end date; it is renewed automatically when an
invoice is created with a date after its end date.  A renewal extends the end
date by the renewal term, starting the day after the old end date, so no
date is ever lost between two terms.

``can_renew_domain`` is ``can_renew`` as a search domain on
``service.contract``, where "invoiced up to its end date" is the stored flag
``invoiced_to_end``.
"""

import datetime

from dateutil.relativedelta import relativedelta

UNITS = ("day", "week", "month", "year")


def can_renew(renewable, date_end, today, invoiced_until=None):
    """Whether a contract may be renewed on ``today``."""
    if not renewable or date_end is None:
        return False
    if today >= date_end:
        return True
    return invoiced_until is not None and invoiced_until >= date_end


def can_renew_domain(today):
    """``can_renew`` as one domain term, for searching contracts on ``today``."""
    return [
        "&",
        "&",
        ("renewable", "=", True),
        ("date_end", "!=", False),
        "|",
        ("date_end", "<=", today),
        ("invoiced_to_end", "=", True),
    ]


def needs_auto_renewal(renewable, auto_renew, date_end, invoice_date):
    """Whether invoicing on ``invoice_date`` renews the contract first."""
    return bool(
        renewable and auto_renew and date_end is not None and invoice_date > date_end
    )


def new_end_date(date_end, duration, unit):
    """End date after renewing a contract ending ``date_end`` for a term."""
    if unit not in UNITS:
        raise ValueError(f"Unknown duration unit: {unit!r}")
    if duration <= 0:
        raise ValueError("A renewal term must be positive.")
    term_start = date_end + datetime.timedelta(days=1)
    return (
        term_start
        + relativedelta(**{f"{unit}s": duration})
        - datetime.timedelta(days=1)
    )
