"""Coverage items sold on sale order lines (business rule 5), as plain Python.

A coverage item (an extended warranty, a software maintenance, a service
level agreement, a preventive maintenance) is sold on an order line that
names exactly one covered item: a line of the same order or a unit
delivered by an earlier order.  It covers that item's whole quantity for the
whole coverage duration.

Durations are *fixed* (the end is the start plus the product's duration) or
*variable* (the end is given and the duration is recomputed from the
dates).  Coverage periods are date-times: a one-year coverage starting on
1 January 2026 at 09:00 ends on 1 January 2027 at 09:00.

The refusal checks return ``None`` when the line is acceptable, else a
``Refusal`` naming the broken rule; the models turn it into a translated
message naming the records involved.
"""

import datetime
import math

from dateutil.relativedelta import relativedelta

DURATION_UNITS = ("day", "week", "month", "year")
FIXED = "fixed"
VARIABLE = "variable"
DURATION_TYPES = (FIXED, VARIABLE)

# Refusal codes, one per rule of the issue.
COVERS_COVERAGE = "covers_coverage"
COVERS_SERVICE = "covers_service"
PARTIAL_QUANTITY = "partial_quantity"
SEVERAL_ITEMS = "several_items"
NO_ITEM = "no_item"
PARTIAL_DURATION = "partial_duration"
KIT_COVERAGE = "kit_coverage"
NOT_ENABLED = "not_enabled"
NOT_COVERAGE = "not_coverage"
END_BEFORE_START = "end_before_start"
NOT_SERIAL = "not_serial"

# Kinds of product a coverage item may never cover.
NON_COVERABLE_KINDS = ("service", "installation", "training")


class Refusal(ValueError):
    """A rule a coverage item breaks; ``code`` names the rule."""

    def __init__(self, code, message):
        super().__init__(message)
        self.code = code


def _delta(duration, unit):
    if unit not in DURATION_UNITS:
        raise ValueError(f"Unknown duration unit: {unit!r}")
    if duration < 0:
        raise ValueError("A duration cannot be negative.")
    return relativedelta(**{f"{unit}s": duration})


def coverage_end(start, duration, unit):
    """The end of a coverage of ``duration`` ``unit`` starting at ``start``.

    Month and year arithmetic clamps to the month's last day (31 January plus
    one month is the last day of February).  No start, or a duration of zero,
    gives no end.
    """
    if not start or not duration:
        return None
    return start + _delta(duration, unit)


def coverage_duration(start, end, unit):
    """The duration, in ``unit`` (a float), from ``start`` to ``end``.

    Whole units are counted with the same calendar arithmetic as
    ``coverage_end``, so that ``coverage_duration(s, coverage_end(s, n, u), u)``
    is ``n``; what remains is the fraction of the next unit, rounded down to
    two decimals (a duration is never overstated).  An end before the start
    is refused.
    """
    if unit not in DURATION_UNITS:
        raise ValueError(f"Unknown duration unit: {unit!r}")
    if not start or not end:
        return 0.0
    if end < start:
        raise Refusal(END_BEFORE_START, "The coverage cannot end before it starts.")
    whole = 0
    # Jump close first for long periods, then step one unit at a time.
    if unit == "day":
        whole = (end - start).days
    elif unit == "week":
        whole = (end - start).days // 7
    else:
        rd = relativedelta(end, start)
        whole = rd.years * 12 + rd.months if unit == "month" else rd.years
        while whole > 0 and start + _delta(whole, unit) > end:
            whole -= 1
    while start + _delta(whole + 1, unit) <= end:
        whole += 1
    reached = start + _delta(whole, unit)
    remainder = end - reached
    if not remainder:
        return float(whole)
    next_end = start + _delta(whole + 1, unit)
    hundredths = math.floor(remainder / (next_end - reached) * 100)
    return whole + hundredths / 100


def coverage_dates(start, end, duration, unit, duration_type):
    """``(start, end, duration)`` of a coverage item.

    Fixed duration: the end is ``start + duration`` whatever ``end`` is given.
    Variable duration: the given end is kept (the product's duration gives
    it when none is given) and the duration is recomputed from the dates.
    """
    if duration_type not in DURATION_TYPES:
        raise ValueError(f"Unknown duration type: {duration_type!r}")
    if not start:
        return start, end, float(duration or 0)
    if duration_type == FIXED or not end:
        end = coverage_end(start, duration, unit)
        return start, end, float(duration or 0)
    return start, end, coverage_duration(start, end, unit)


def last_covered_day(end):
    """The last calendar day a coverage ending at ``end`` (exclusive) covers.

    A coverage ending at midnight does not cover the day that starts then.
    """
    if not end:
        return None
    if isinstance(end, datetime.datetime):
        return (end - datetime.timedelta(microseconds=1)).date()
    return end - datetime.timedelta(days=1)


# ----------------------------------------------------------------------
# Refusals
# ----------------------------------------------------------------------
def check_coverage_product(*, is_coverage, enabled, is_kit):
    """The product sold as a coverage item must be an enabled, plain
    coverage item."""
    if not is_coverage:
        return Refusal(NOT_COVERAGE, "The product is not a coverage item.")
    if not enabled:
        return Refusal(NOT_ENABLED, "The product is not enabled for contract coverage.")
    if is_kit:
        return Refusal(
            KIT_COVERAGE, "A configured (kit) product cannot be a coverage item."
        )
    return None


def check_covered_item(
    *,
    has_line,
    has_lot,
    covered_is_coverage=False,
    covered_kind=None,
    covered_is_serial=True,
):
    """A coverage item covers exactly one item, which is a plain good.

    ``covered_kind`` is ``None`` for goods, else one of ``NON_COVERABLE_KINDS``
    (a non-recurring service, an installation, a training).
    """
    if has_line and has_lot:
        return Refusal(SEVERAL_ITEMS, "A coverage item covers one item only.")
    if not has_line and not has_lot:
        return Refusal(NO_ITEM, "A coverage item must name the item it covers.")
    if covered_is_coverage:
        return Refusal(
            COVERS_COVERAGE, "A coverage item cannot cover another coverage item."
        )
    if covered_kind in NON_COVERABLE_KINDS:
        return Refusal(
            COVERS_SERVICE,
            "A coverage item cannot cover a non-recurring service, an "
            "installation or a training.",
        )
    if not covered_is_serial:
        return Refusal(NOT_SERIAL, "The covered item must be tracked by serial number.")
    return None


def check_quantity(coverage_qty, covered_qty, precision=0.001):
    """The coverage item covers the covered item's whole quantity."""
    if abs(coverage_qty - covered_qty) > precision:
        return Refusal(
            PARTIAL_QUANTITY,
            "A coverage item covers the whole quantity of its covered item.",
        )
    return None


def check_duration(start, end, duration, unit, duration_type):
    """The coverage item covers the whole coverage duration.

    Fixed duration: the end must be exactly ``start + duration``.  Variable
    duration: the end must come after the start.
    """
    if not start:
        return None
    if end and end < start:
        return Refusal(END_BEFORE_START, "The coverage cannot end before it starts.")
    if duration_type == FIXED:
        expected = coverage_end(start, duration, unit)
        if end != expected:
            return Refusal(
                PARTIAL_DURATION,
                "A coverage item covers the whole duration of its coverage.",
            )
    elif not end or end == start:
        return Refusal(
            PARTIAL_DURATION,
            "A coverage item with a variable duration needs an end after its start.",
        )
    return None


def can_revise(covered_delivered_qty, covered_invoiced_qty, own_invoiced_qty=0.0):
    """A coverage item can be revised until its covered line is delivered
    or invoiced (or the coverage itself invoiced)."""
    return not (covered_delivered_qty or covered_invoiced_qty or own_invoiced_qty)


def can_cancel(covered_delivered_qty):
    """A coverage item can be cancelled while its covered item is not delivered."""
    return not covered_delivered_qty


def billable_quantity(coverage_qty, covered_qty, covered_delivered_qty, ended=False):
    """The delivered (billable) quantity of a coverage item.

    It follows the covered item's deliveries and returns, in proportion,
    never above the line's own quantity nor below zero; a coverage that has
    been ended (returned) bills nothing.
    """
    if ended or not covered_qty:
        return 0.0
    delivered = max(0.0, min(covered_delivered_qty, covered_qty))
    return coverage_qty * delivered / covered_qty
