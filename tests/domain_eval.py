"""Odoo search domains evaluated on plain dicts, as the ORM's SQL would.

The ``rules/`` modules build the domains the models search with, next to the
Python rule they stand for; the tests generate records and check that the
rule and ``evaluate(domain, record)`` agree.  Only what those domains use is
supported: prefix ``&``, ``|``, ``!`` (implicit ``&`` between terms), and
leaves with ``=``, ``!=``, ``<``, ``<=``, ``>``, ``>=``, ``in`` and
``not in`` on dotted field paths (``"contract_id.state"`` reads
``record["contract_id"]["state"]``, or a flat ``"contract_id.state"`` key).

Null semantics follow ``BaseModel._condition_to_sql`` of Odoo 18.0 for
non-numeric fields: a null value (``None``, ``False`` or an empty list for
an x2many) makes ``<``, ``<=``, ``>``, ``>=`` false; ``= False`` is true
and ``!= False`` false for it; ``!=`` a value and ``not in`` values are
true for it (the ORM adds ``OR field IS NULL``); ``in`` is true for it only
when the list holds ``False``.  A boolean is null when false.
"""

import operator

COMPARISONS = {
    "<": operator.lt,
    "<=": operator.le,
    ">": operator.gt,
    ">=": operator.ge,
}
OPERATORS = ("=", "!=", "in", "not in", *COMPARISONS)


def _value(record, path):
    if path in record:
        return record[path]
    head, _dot, rest = path.partition(".")
    if not rest or head not in record:
        raise KeyError(path)
    target = record[head]
    return _value(target, rest) if target else None


def _is_null(value):
    return value is None or value is False or (isinstance(value, list) and not value)


def leaf(record, path, op, value):
    """Whether ``record`` satisfies the domain leaf ``(path, op, value)``."""
    if op not in OPERATORS:
        raise ValueError(f"Unsupported operator: {op!r}")
    actual = _value(record, path)
    null = _is_null(actual)
    if op in COMPARISONS:
        return not null and COMPARISONS[op](actual, value)
    if op in ("=", "!="):
        if value is False or value is None:
            return null if op == "=" else not null
        if null:
            return op == "!="
        return (actual == value) == (op == "=")
    values = list(value)
    wants_null = any(v is False or v is None for v in values)
    if null:
        return wants_null if op == "in" else not wants_null
    return (actual in values) == (op == "in")


def _term(domain, index, record):
    """(value, next index) of the prefix term starting at ``index``."""
    token = domain[index]
    if token == "!":
        value, index = _term(domain, index + 1, record)
        return not value, index
    if token in ("&", "|"):
        left, index = _term(domain, index + 1, record)
        right, index = _term(domain, index, record)
        return (left and right) if token == "&" else (left or right), index
    if isinstance(token, (list, tuple)) and len(token) == 3:
        return leaf(record, *token), index + 1
    raise ValueError(f"Not a domain term: {token!r}")


def evaluate(domain, record):
    """Whether ``record`` (a dict) matches ``domain``."""
    result = True
    index = 0
    while index < len(domain):
        value, index = _term(domain, index, record)
        result = result and value
    return result


def is_normalized(domain):
    """Whether ``domain`` is one prefix term (so ``["!", *domain]`` negates it all)."""
    if not domain:
        return False
    _value_, index = _term(domain, 0, _Anything())
    return index == len(domain)


class _Anything(dict):
    """A record whose every field is null: enough to walk a domain's shape."""

    def __contains__(self, key):
        return True

    def __getitem__(self, key):
        return None


def assert_twin(domain, record, expected):
    """Assert that ``domain`` gives the rule's answer ``expected`` on
    ``record``, and that it is one term, so that ``["!", *domain]`` (how a
    model negates it) gives the opposite answer."""
    assert is_normalized(domain), domain
    assert evaluate(domain, record) is bool(expected), (domain, record)
    assert evaluate(["!", *domain], record) is not bool(expected), (domain, record)
