"""The technician's "why not" (issue 10): ``entitlement.why_not`` gives, for
an entry that could have covered a unit on a day, the first reason it does
not, with its date: the contract starts later or expired, the coverage line
starts later or ended, the unit was decommissioned, the points are used up,
the unit is not installed at the customer, a condition failed."""

import datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st
from service_contract_coverage_rules import entitlement, precedence

D = datetime.date
DAY = D(2026, 3, 1)

CASES = [
    # (facts, expected code, expected date)
    ({}, None, None),
    ({"contract_start": D(2026, 1, 1), "contract_end": D(2026, 12, 31)}, None, None),
    ({"contract_start": DAY, "contract_end": DAY}, None, None),
    ({"contract_start": D(2026, 4, 1)}, entitlement.NOT_STARTED, D(2026, 4, 1)),
    ({"contract_end": D(2026, 2, 28)}, entitlement.EXPIRED, D(2026, 2, 28)),
    ({"line_start": D(2026, 3, 2)}, entitlement.LINE_NOT_STARTED, D(2026, 3, 2)),
    ({"line_end": D(2026, 1, 31)}, entitlement.LINE_ENDED, D(2026, 1, 31)),
    (
        {"in_service": False, "decommission_date": D(2026, 2, 15)},
        entitlement.DECOMMISSIONED,
        D(2026, 2, 15),
    ),
    ({"points_used_up": True}, entitlement.POINTS_USED_UP, None),
    ({"installed": False}, entitlement.NOT_INSTALLED, None),
    ({"failed_condition": "Used as Commercial"}, entitlement.CONDITION_FAILED, None),
    # The first failure wins: a contract that expired before the unit was
    # decommissioned says "expired on".
    (
        {
            "contract_end": D(2026, 1, 31),
            "in_service": False,
            "decommission_date": D(2026, 2, 15),
        },
        entitlement.EXPIRED,
        D(2026, 1, 31),
    ),
    (
        {"line_end": D(2026, 2, 1), "points_used_up": True, "installed": False},
        entitlement.LINE_ENDED,
        D(2026, 2, 1),
    ),
    (
        {"points_used_up": True, "installed": False, "failed_condition": "X"},
        entitlement.POINTS_USED_UP,
        None,
    ),
    ({"installed": False, "failed_condition": "X"}, entitlement.NOT_INSTALLED, None),
]


@pytest.mark.parametrize(("facts", "code", "date"), CASES)
def test_why_not_table(facts, code, date):
    failure = entitlement.why_not(DAY, **facts)
    if code is None:
        assert failure is None
    else:
        assert failure.code == code
        assert failure.date == date


def test_condition_name_is_kept():
    failure = entitlement.why_not(DAY, failed_condition="Installed in Belgium")
    assert failure.condition == "Installed in Belgium"


def test_every_failure_is_listed_once():
    assert len(set(entitlement.FAILURES)) == len(entitlement.FAILURES) == 8


dates = st.none() | st.dates(min_value=D(2025, 1, 1), max_value=D(2027, 12, 31))


@given(
    contract_start=dates,
    contract_end=dates,
    line_start=dates,
    line_end=dates,
    day=st.dates(min_value=D(2025, 1, 1), max_value=D(2027, 12, 31)),
)
def test_dates_agree_with_active_periods(
    contract_start, contract_end, line_start, line_end, day
):
    """With nothing else failing, an entry qualifies exactly when the day is
    in both its contract's and its line's periods (``precedence.is_active``,
    the rule the covering side uses)."""
    failure = entitlement.why_not(
        day,
        contract_start=contract_start,
        contract_end=contract_end,
        line_start=line_start,
        line_end=line_end,
    )
    active = precedence.is_active(
        day, contract_start, contract_end
    ) and precedence.is_active(day, line_start, line_end)
    assert (failure is None) == active
    if failure is not None:
        assert failure.date in (contract_start, contract_end, line_start, line_end)
