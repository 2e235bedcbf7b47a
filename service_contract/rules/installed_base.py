"""Installed-base facts: is a unit in service, and installed at a customer, on a day.

Plain Python (no Odoo import): the rule for one unit's values, and next to it
the domain that selects the same units in a search.  ``stock.lot`` calls both
(``_is_in_service_on``, ``_in_service_domain``, ...); a property-based test
checks that they agree.

A unit decommissioned on day D is out of service from D on.  The installed
base records where a unit is installed now (the customer and the date of the
delivery there): a unit is installed at a customer on day D when it is
installed there and was delivered on or before D (a unit with no known
delivery date counts as installed there).
"""


def in_service_on(decommission_date, day):
    """Whether a unit with this decommission date is in service on ``day``."""
    return not decommission_date or day < decommission_date


def in_service_domain(day):
    """Domain twin of :func:`in_service_on` on ``stock.lot``."""
    return [
        "|",
        ("decommission_date", "=", False),
        ("decommission_date", ">", day),
    ]


def delivered_by(delivery_date, day):
    """Whether a unit delivered on ``delivery_date`` had been delivered by
    ``day`` (a unit with no known delivery date counts as delivered)."""
    return not delivery_date or delivery_date <= day


def installed_at(installed_partner_id, delivery_date, partner_id, day=None):
    """Whether a unit installed at ``installed_partner_id`` (a commercial
    partner id, or a false value) since ``delivery_date`` is installed at the
    commercial partner ``partner_id`` on ``day`` (now, when ``day`` is None)."""
    if not installed_partner_id or installed_partner_id != partner_id:
        return False
    return day is None or delivered_by(delivery_date, day)


def installed_at_domain(partner_ids, day=None):
    """Domain twin of :func:`installed_at` on ``stock.lot``, for any of the
    commercial partners ``partner_ids``, as one term (so that it can be
    negated with ``"!"``)."""
    domain = [("service_commercial_partner_id", "in", list(partner_ids))]
    if day is None:
        return domain
    return [
        "&",
        *domain,
        "|",
        ("service_delivery_date", "=", False),
        ("service_delivery_date", "<=", day),
    ]
