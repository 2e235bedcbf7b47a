"""Which contracts the daily meter expiry action recomputes, and its domain."""

import datetime

import pytest
from domain_eval import assert_twin
from hypothesis import given
from hypothesis import strategies as st
from service_contract_meter_rules import recompute

TODAY = datetime.date(2026, 6, 1)
YESTERDAY = TODAY - datetime.timedelta(days=1)
TOMORROW = TODAY + datetime.timedelta(days=1)
STATES = ["draft", "ready", "expired", "cancel"]


@pytest.mark.parametrize(
    ("state", "has_meters", "checked_on", "expected"),
    [
        ("ready", True, None, True),  # never computed (or an input changed)
        ("ready", True, False, True),
        ("ready", True, YESTERDAY, True),  # the date moves on with the days
        ("ready", True, TOMORROW, True),  # a clock set back: computed again
        ("ready", True, TODAY, False),  # computed today from these inputs
        ("expired", True, YESTERDAY, True),
        ("draft", True, None, True),
        ("draft", True, TODAY, False),
        ("cancel", True, None, False),  # cancelled: never
        ("cancel", True, YESTERDAY, False),
        ("ready", False, None, False),  # no contract meter: nothing to compute
        ("ready", False, YESTERDAY, False),
    ],
)
def test_needs_recompute_table(state, has_meters, checked_on, expected):
    assert recompute.needs_recompute(state, has_meters, checked_on, TODAY) is expected


def test_domain_names_the_marker():
    fields = {leaf[0] for leaf in recompute.recompute_domain(TODAY) if len(leaf) == 3}
    assert recompute.MARKER in fields


@given(
    state=st.sampled_from(STATES),
    meters=st.lists(st.integers(1, 1000), max_size=3),
    checked_on=st.none()
    | st.just(False)
    | st.dates(datetime.date(2020, 1, 1), datetime.date(2030, 12, 31))
    | st.sampled_from([YESTERDAY, TODAY, TOMORROW]),
)
def test_domain_is_the_rule(state, meters, checked_on):
    record = {
        "state": state,
        recompute.HAS_METERS: bool(meters),
        recompute.MARKER: checked_on,
    }
    assert_twin(
        recompute.recompute_domain(TODAY),
        record,
        recompute.needs_recompute(state, meters, checked_on, TODAY),
    )
