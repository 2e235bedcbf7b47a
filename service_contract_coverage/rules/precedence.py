"""Which coverage line applies first to a unit (rule 3).

A serial line beats a product line, which beats a category line, which beats
a contract covering the customer's whole installed base; then the higher
service level wins; then the line ending later (an open end is the latest);
the lowest id breaks the remaining ties so that the order is total.
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


def overlaps(start_a, end_a, start_b, end_b):
    """Whether two inclusive, possibly open-ended periods overlap."""
    start_a = start_a or datetime.date.min
    start_b = start_b or datetime.date.min
    end_a = end_a or datetime.date.max
    end_b = end_b or datetime.date.max
    return start_a <= end_b and start_b <= end_a
