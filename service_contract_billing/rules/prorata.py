"""Pro-rata of a billing period and the amount of an invoicing element.

A piece of a period is billed in proportion to its days: a contract starting
on 16 April, billed by month, first pays 15/30 of April.  An element priced
per period bills its price times that share; an element with an annual
royalty basis bills the basis divided by the number of periods in a year,
times the share.
"""

from . import periods as period_rules

BASES = ("period", "annual")


def days(interval):
    """Number of days in an inclusive interval."""
    return (interval[1] - interval[0]).days + 1


def factor(piece, full):
    """Share of the full period ``full`` that ``piece`` covers (0 to 1)."""
    if piece[0] < full[0] or piece[1] > full[1] or piece[0] > piece[1]:
        raise ValueError(f"{piece!r} is not a piece of {full!r}")
    return days(piece) / days(full)


def period_price(price, basis, billing_period):
    """Price of one full period for a price given per period or per year."""
    if basis not in BASES:
        raise ValueError(f"Unknown price basis: {basis!r}")
    if basis == "annual":
        return price / period_rules.periods_per_year(billing_period)
    return price


def piece_price(price, basis, billing_period, piece, full, digits=None):
    """Unit price billed for ``piece`` of the period ``full``."""
    amount = period_price(price, basis, billing_period) * factor(piece, full)
    return round(amount, digits) if digits is not None else amount


def annual_amount(price, quantity, basis, billing_period):
    """What an element costs over a year (its annual royalty basis)."""
    if basis == "annual":
        return price * quantity
    return price * quantity * period_rules.periods_per_year(billing_period)
