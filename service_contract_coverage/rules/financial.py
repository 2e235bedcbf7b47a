"""Covered shares of a repair's price, and points consumption (rule 8)."""

CATEGORIES = ("labor", "parts", "expense")


def clamp_rate(rate):
    """A covered share as a percentage between 0 and 100."""
    return max(0.0, min(100.0, float(rate or 0.0)))


def out_of_range(rates):
    """The categories of ``rates`` ({category: percent}) whose covered share
    is not a percentage between 0 and 100, in the order given."""
    return [category for category, rate in rates.items() if not 0.0 <= rate <= 100.0]


def discount_for(rates, category, component_covered=True):
    """The discount (percent) of a line of ``category`` given a line's rates.

    ``rates`` maps ``labor``/``parts``/``expense`` to percentages; a part whose
    component is excluded stays chargeable (no discount).
    """
    if category not in CATEGORIES:
        raise ValueError(f"Unknown cost category: {category!r}")
    if category == "parts" and not component_covered:
        return 0.0
    return clamp_rate(rates.get(category))


def points_left(total, used):
    return (total or 0.0) - (used or 0.0)


def points_used_up(total, used):
    """A points contract no longer covers once its points are used up."""
    return points_left(total, used) <= 0.0
