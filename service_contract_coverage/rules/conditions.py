"""Conditional rules of a coverage line: only qualifying units are covered.

A rule is a dict with ``type`` and its parameters; a unit is a dict of facts:

- ``country``: the unit's address country id; ``state``: its state id;
  ``address``: its delivery address id; ``usage``: its usage type;
- ``repair_dates``: the dates of its completed repairs;
- ``preventive_dates``: the dates of its completed preventive maintenances.

``evaluate(rules, unit, today)`` returns the first failing rule, or ``None``
when the unit qualifies.
"""

import datetime

from dateutil.relativedelta import relativedelta

RULE_TYPES = ("country", "state", "address", "usage", "max_repairs", "preventive")


def months_ago(today, months):
    return today - relativedelta(months=months)


def check(rule, unit, today):
    """Whether ``unit`` passes ``rule`` on ``today``."""
    kind = rule["type"]
    if kind == "country":
        return unit.get("country") == rule["country"]
    if kind == "state":
        return unit.get("state") == rule["state"]
    if kind == "address":
        return unit.get("address") == rule["address"]
    if kind == "usage":
        return unit.get("usage") == rule["usage"]
    if kind == "max_repairs":
        since = months_ago(today, rule.get("months") or 0)
        count = sum(1 for d in unit.get("repair_dates", ()) if since <= d <= today)
        return count <= (rule.get("max_repairs") or 0)
    if kind == "preventive":
        since = today - datetime.timedelta(days=rule.get("days") or 0)
        return any(since <= d <= today for d in unit.get("preventive_dates", ()))
    raise ValueError(f"Unknown rule type: {kind!r}")


def evaluate(rules, unit, today):
    """The first rule ``unit`` fails on ``today``, or ``None``."""
    for rule in rules:
        if not check(rule, unit, today):
            return rule
    return None


def needs_history(rules):
    """Whether evaluating ``rules`` needs the unit's maintenance history."""
    return any(rule["type"] in ("max_repairs", "preventive") for rule in rules)


def history_horizon(rules, today):
    """The earliest date of history the rules look at (``None`` if none)."""
    dates = []
    for rule in rules:
        if rule["type"] == "max_repairs":
            dates.append(months_ago(today, rule.get("months") or 0))
        elif rule["type"] == "preventive":
            dates.append(today - datetime.timedelta(days=rule.get("days") or 0))
    return min(dates) if dates else None
