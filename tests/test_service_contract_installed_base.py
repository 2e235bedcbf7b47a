"""Installed-base facts (service_contract/rules/installed_base.py)."""

from datetime import date, timedelta

import pytest
from domain_eval import assert_twin
from hypothesis import given
from hypothesis import strategies as st
from service_contract_rules import installed_base as rules

D = date(2026, 6, 15)


@pytest.mark.parametrize(
    ("decommission_date", "day", "expected"),
    [
        (None, D, True),
        (False, D, True),
        (D + timedelta(days=1), D, True),
        (D, D, False),  # decommissioned on D: out of service from D on
        (D - timedelta(days=1), D, False),
    ],
)
def test_in_service_on(decommission_date, day, expected):
    assert rules.in_service_on(decommission_date, day) is expected


@pytest.mark.parametrize(
    ("delivered", "day", "expected"),
    [
        (None, D, True),  # no delivery date known: counts as delivered
        (D, D, True),
        (D - timedelta(days=1), D, True),
        (D + timedelta(days=1), D, False),
    ],
)
def test_delivered_by(delivered, day, expected):
    assert rules.delivered_by(delivered, day) is expected


@pytest.mark.parametrize(
    ("installed", "delivered", "partner", "day", "expected"),
    [
        (7, D, 7, None, True),
        (7, D, 8, None, False),
        (False, None, 7, None, False),
        (7, D, 7, D, True),
        (7, D, 7, D - timedelta(days=1), False),  # not yet delivered there
        (7, None, 7, D, True),  # no delivery date known: installed
    ],
)
def test_installed_at(installed, delivered, partner, day, expected):
    assert rules.installed_at(installed, delivered, partner, day) is expected


dates = st.one_of(st.none(), st.dates(date(2020, 1, 1), date(2030, 12, 31)))


@given(decommission_date=dates, day=st.dates(date(2020, 1, 1), date(2030, 12, 31)))
def test_in_service_domain_names_the_same_field_and_day(decommission_date, day):
    domain = rules.in_service_domain(day)
    assert domain[0] == "|"
    assert ("decommission_date", ">", day) in domain


# The domains select exactly the units the rules accept.
near = st.integers(-2, 2).map(lambda days: D + timedelta(days))
stored = st.one_of(st.sampled_from([None, False]), near)


@given(decommission_date=stored, day=near)
def test_in_service_domain_is_in_service_on(decommission_date, day):
    record = {"decommission_date": decommission_date}
    expected = rules.in_service_on(decommission_date, day)
    assert_twin(rules.in_service_domain(day), record, expected)


@given(
    installed=st.sampled_from([False, 7, 8]),
    delivered=stored,
    partners=st.lists(st.sampled_from([7, 8, 9]), min_size=1, max_size=2),
    day=st.one_of(st.none(), near),
)
def test_installed_at_domain_is_installed_at(installed, delivered, partners, day):
    record = {
        "service_commercial_partner_id": installed,
        "service_delivery_date": delivered,
    }
    expected = any(
        rules.installed_at(installed, delivered, partner, day) for partner in partners
    )
    assert_twin(rules.installed_at_domain(partners, day), record, expected)
