"""Which coverage line applies first to a unit (rule 3).

A serial line beats a product line, which beats a category line, which beats
a contract covering the customer's whole installed base; then the higher
service level wins; then the line ending later (an open end is the latest);
the lowest id breaks the remaining ties so that the order is total.

A line or contract is active on a day within its (inclusive, possibly open)
dates: ``is_active``, searched with ``active_domain``.  Two periods overlap
(a unit covered twice, reported as a coverage gap): ``overlaps``, run by the
gap detection as ``OVERLAPS_SQL``.  A line still runs after a day when it
has no end or ends later (a line on a unit decommissioned that day is then
reported): ``runs_after``, run by the gap detection as ``RUNS_AFTER_SQL``.
"""

import datetime

KIND_RANK = {"lot": 0, "product": 1, "category": 2, "whole": 3}
LEVEL_RANK = {"premium": 0, "extended": 1, "standard": 2}
_OPEN_END = datetime.date.max


def sort_key(kind, level, date_end, ident=0, inherited=False):
    """Sort key of a covering line: smaller is better."""
    if kind not in KIND_RANK:
        raise ValueError(f"Unknown coverage kind: {kind!r}")
    end = date_end or _OPEN_END
    return (
        KIND_RANK[kind],
        bool(inherited),
        LEVEL_RANK.get(level or "standard", len(LEVEL_RANK)),
        -end.toordinal(),
        ident,
    )


def _dict_facts(candidate):
    return (
        candidate["kind"],
        candidate.get("level"),
        candidate.get("date_end"),
        candidate.get("id", 0),
        candidate.get("inherited", False),
    )


def order(candidates, facts=_dict_facts):
    """``candidates`` best first, as a list.

    ``facts(candidate)`` gives ``(kind, level, date_end, id, inherited)``; by
    default a candidate is a dict with those keys (``id`` and ``inherited``
    optional).
    """
    return sorted(candidates, key=lambda c: sort_key(*facts(c)))


def is_active(date, date_start, date_end):
    """Whether ``date`` falls in the (inclusive, possibly open) period."""
    if date_start and date < date_start:
        return False
    return not (date_end and date > date_end)


def active_domain(day, start="date_start", end="date_end"):
    """``is_active(day, start, end)`` as one domain term on the fields named."""
    return [
        "&",
        "|",
        (start, "=", False),
        (start, "<=", day),
        "|",
        (end, "=", False),
        (end, ">=", day),
    ]


def runs_after(date_end, day):
    """Whether a period ending on ``date_end`` (``None``: open) runs after ``day``."""
    return not date_end or date_end > day


def overlaps(start_a, end_a, start_b, end_b):
    """Whether two inclusive, possibly open-ended periods overlap."""
    start_a = start_a or datetime.date.min
    start_b = start_b or datetime.date.min
    end_a = end_a or datetime.date.max
    end_b = end_b or datetime.date.max
    return start_a <= end_b and start_b <= end_a


# ``overlaps`` as a SQL condition on four date expressions, named
# ``start_a``, ``end_a``, ``start_b`` and ``end_b`` (a null is open-ended):
# the model passes column references (``odoo.tools.SQL``), the tests values.
OVERLAPS_SQL = (
    "(COALESCE(%(start_a)s, '-infinity'::date)"
    " <= COALESCE(%(end_b)s, 'infinity'::date)"
    " AND COALESCE(%(start_b)s, '-infinity'::date)"
    " <= COALESCE(%(end_a)s, 'infinity'::date))"
)

# ``runs_after`` as a SQL condition on the expressions ``date_end`` and ``day``.
RUNS_AFTER_SQL = "(%(date_end)s IS NULL OR %(date_end)s > %(day)s)"
