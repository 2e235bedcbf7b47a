"""The billing period grid of a contract and what is left to invoice on it.

A contract is billed by ``month``, ``quarter``, ``semester`` or ``year``.
With first-period pro-rata the grid follows the calendar (months, quarters
from January, April, July and October, semesters from January and July,
years from 1 January), so a contract starting mid-period first pays a
partial period; without it, the grid is anchored on the contract start date.
The last period is cut at the contract's end date.

Invoiced periods are known by their dates, never by a counter: what is left
to invoice is the grid minus the invoiced intervals, so editing a contract or
deleting an invoice can never lose or repeat a period.  All dates are
``datetime.date``; intervals are inclusive ``(first_day, last_day)`` pairs.

A contract is due for invoicing on a day when it is billable, validated
(ready or expired), has invoicing elements and its next invoice date is
reached: ``is_invoicing_due``, and ``invoicing_domain`` for the scheduled
action's search.
"""

import datetime

from dateutil.relativedelta import relativedelta

PERIOD_MONTHS = {"month": 1, "quarter": 3, "semester": 6, "year": 12}
INVOICE_TIMINGS = ("start", "end")
INVOICEABLE_STATES = ("ready", "expired")
ONE_DAY = datetime.timedelta(days=1)


def months_of(billing_period):
    """Number of months in a billing period."""
    try:
        return PERIOD_MONTHS[billing_period]
    except KeyError:
        raise ValueError(f"Unknown billing period: {billing_period!r}") from None


def periods_per_year(billing_period):
    """How many periods make a year (12, 4, 2 or 1)."""
    return 12 // months_of(billing_period)


def grid_period(day, billing_period, anchor=None):
    """The full grid period ``(first_day, last_day)`` containing ``day``.

    Without ``anchor`` the grid follows the calendar; with it, periods start
    on ``anchor`` + k periods (k may be negative).
    """
    months = months_of(billing_period)
    if anchor is None:
        month0 = (day.month - 1) // months * months + 1
        start = datetime.date(day.year, month0, 1)
        return start, start + relativedelta(months=months) - ONE_DAY
    elapsed = (day.year - anchor.year) * 12 + day.month - anchor.month
    k = elapsed // months
    # relativedelta clamps the day (31 Jan + 1 month = 28/29 Feb): step from
    # the anchor each time so the anchor's day is kept when it exists.
    start = anchor + relativedelta(months=k * months)
    while start > day:
        k -= 1
        start = anchor + relativedelta(months=k * months)
    while anchor + relativedelta(months=(k + 1) * months) <= day:
        k += 1
        start = anchor + relativedelta(months=k * months)
    return start, anchor + relativedelta(months=(k + 1) * months) - ONE_DAY


def grid(date_start, date_end, billing_period, prorata=True, until=None):
    """The grid periods from ``date_start``, each as ``(piece, full)``.

    ``piece`` is the part of the period within the contract (cut at its start
    and end dates), ``full`` the whole grid period it belongs to.  Without an
    end date the grid stops after the period containing ``until`` (which is
    then required).
    """
    if date_end is None and until is None:
        raise ValueError("An open-ended contract needs a date to stop at.")
    stop = date_end if date_end is not None else until
    anchor = None if prorata else date_start
    result = []
    day = date_start
    while day <= stop:
        full = grid_period(day, billing_period, anchor)
        piece_end = full[1] if date_end is None else min(full[1], date_end)
        result.append(((day, piece_end), full))
        day = full[1] + ONE_DAY
    return result


def subtract(interval, taken):
    """The parts of ``interval`` not covered by any interval of ``taken``."""
    pieces = [interval]
    for t_start, t_end in sorted(taken):
        remaining = []
        for p_start, p_end in pieces:
            if t_end < p_start or t_start > p_end:
                remaining.append((p_start, p_end))
                continue
            if t_start > p_start:
                remaining.append((p_start, t_start - ONE_DAY))
            if t_end < p_end:
                remaining.append((t_end + ONE_DAY, p_end))
        pieces = remaining
    return pieces


def invoice_date(piece, full, timing):
    """The invoice date of a piece: its first day, or the last day of it."""
    if timing not in INVOICE_TIMINGS:
        raise ValueError(f"Unknown invoice timing: {timing!r}")
    del full  # the date follows the piece actually billed
    return piece[0] if timing == "start" else piece[1]


def open_periods(
    date_start,
    date_end,
    billing_period,
    invoiced,
    prorata=True,
    timing="start",
    until=None,
):
    """Pieces still to invoice, in date order, as dicts.

    Each dict has ``start``, ``end`` (the piece), ``full_start``, ``full_end``
    (its grid period) and ``invoice_date``.  ``invoiced`` lists the intervals
    already invoiced.  With ``until``, only pieces whose invoice date is on
    or before it are returned.
    """
    result = []
    horizon = until if date_end is None else None
    for piece, full in grid(date_start, date_end, billing_period, prorata, horizon):
        for part in subtract(piece, invoiced):
            day = invoice_date(part, full, timing)
            if until is not None and day > until:
                continue
            result.append(
                {
                    "start": part[0],
                    "end": part[1],
                    "full_start": full[0],
                    "full_end": full[1],
                    "invoice_date": day,
                }
            )
    return result


def next_open_period(
    date_start, date_end, billing_period, invoiced, prorata=True, timing="start"
):
    """The first piece still to invoice (a dict as in ``open_periods``), or None."""
    until = None
    if date_end is None:
        # Open-ended: the next piece lies within one period of the last day
        # invoiced (or of the start).
        last = max([date_start] + [end for _start, end in invoiced])
        until = last + relativedelta(months=2 * months_of(billing_period))
    pieces = open_periods(
        date_start, date_end, billing_period, invoiced, prorata, timing, until
    )
    return pieces[0] if pieces else None


def invoiced_until(date_start, invoiced):
    """Last day invoiced without a gap from ``date_start`` (or the day before)."""
    day = date_start - ONE_DAY
    for start, end in sorted(invoiced):
        if start > day + ONE_DAY:
            break
        day = max(day, end)
    return day


def is_invoicing_due(billable, state, date_next_invoice, has_lines, until):
    """Whether a contract is to be invoiced by the run invoicing up to ``until``."""
    return bool(
        billable
        and state in INVOICEABLE_STATES
        and has_lines
        and date_next_invoice
        and date_next_invoice <= until
    )


def invoicing_domain(until):
    """``is_invoicing_due`` as one domain term on ``service.contract``."""
    return [
        "&",
        "&",
        "&",
        "&",
        ("billable", "=", True),
        ("state", "in", INVOICEABLE_STATES),
        ("date_next_invoice", "!=", False),
        ("date_next_invoice", "<=", until),
        ("billing_line_ids", "!=", False),
    ]
