"""Business rule 1: contract status, as plain Python."""

import datetime

import pytest
from domain_eval import assert_twin
from hypothesis import given
from hypothesis import strategies as st
from service_contract_rules import status

TODAY = datetime.date(2026, 11, 23)
YESTERDAY = TODAY - datetime.timedelta(days=1)
TOMORROW = TODAY + datetime.timedelta(days=1)


@pytest.mark.parametrize(
    ("state", "date_expiry", "expected"),
    [
        ("ready", YESTERDAY, "expired"),
        ("ready", TODAY, "expired"),  # an end date set to today expires it
        ("ready", TOMORROW, "ready"),
        ("ready", None, "ready"),  # open-ended
        ("expired", TOMORROW, "ready"),  # dates moved into the future
        ("expired", None, "ready"),
        ("expired", TODAY, "expired"),
        ("expired", YESTERDAY, "expired"),
        ("draft", YESTERDAY, "draft"),  # not validated yet: untouched
        ("draft", TOMORROW, "draft"),
        ("cancel", YESTERDAY, "cancel"),
        ("cancel", TOMORROW, "cancel"),
    ],
)
def test_state_for_dates(state, date_expiry, expected):
    assert status.state_for_dates(state, date_expiry, TODAY) == expected


@pytest.mark.parametrize(
    ("old", "new", "allowed"),
    [
        ("draft", "ready", True),
        ("draft", "cancel", True),
        ("ready", "expired", True),
        ("expired", "ready", True),
        ("ready", "cancel", True),
        ("cancel", "draft", True),
        ("ready", "draft", False),
        ("expired", "draft", False),
    ],
)
def test_check_transition(old, new, allowed):
    if allowed:
        status.check_transition(old, new)
    else:
        with pytest.raises(ValueError):
            status.check_transition(old, new)


def test_unknown_status_is_refused():
    with pytest.raises(ValueError):
        status.check_transition("draft", "archived")


@pytest.mark.parametrize("state", ["draft", "ready"])
def test_created_draft_or_ready(state):
    status.check_create_state(state)


@pytest.mark.parametrize("state", ["expired", "cancel", "other"])
def test_not_created_in_other_states(state):
    with pytest.raises(ValueError):
        status.check_create_state(state)


dates = st.dates(
    min_value=datetime.date(2000, 1, 1), max_value=datetime.date(2100, 1, 1)
)
optional_dates = st.one_of(st.none(), dates)


@given(state=st.sampled_from(status.STATES), expiry=optional_dates, today=dates)
def test_validated_contract_never_returns_to_draft(state, expiry, today):
    new = status.state_for_dates(state, expiry, today)
    if state in ("ready", "expired"):
        assert new in ("ready", "expired")
    else:
        assert new == state


@given(state=st.sampled_from(status.STATES), expiry=optional_dates, today=dates)
def test_status_update_is_idempotent(state, expiry, today):
    once = status.state_for_dates(state, expiry, today)
    assert status.state_for_dates(once, expiry, today) == once


@given(expiry=dates, today=dates)
def test_expired_exactly_when_expiry_reached(expiry, today):
    new = status.state_for_dates("ready", expiry, today)
    assert (new == "expired") == (expiry <= today)


# The domains the daily scheduled action searches with are the same rule.
near_dates = st.integers(-3, 3).map(lambda days: TODAY + datetime.timedelta(days))
stored_dates = st.one_of(st.sampled_from([None, False]), near_dates, dates)


@given(state=st.sampled_from(status.STATES), expiry=stored_dates)
def test_state_update_domain_is_state_for_dates(state, expiry):
    record = {"state": state, "date_expiry": expiry}
    new = status.state_for_dates(state, expiry or None, TODAY)
    assert_twin(status.state_update_domain(TODAY), record, new != state)
    assert_twin(
        status.expire_domain(TODAY), record, state == "ready" and new == "expired"
    )
    assert_twin(
        status.reopen_domain(TODAY), record, state == "expired" and new == "ready"
    )
