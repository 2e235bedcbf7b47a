"""Duration, date and refusal rules of coverage items sold on order lines."""

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st
from service_contract_coverage_rules import sale_coverage as sc

START = dt.datetime(2026, 1, 15, 9, 30)


# ----------------------------------------------------------------------
# Dates and durations
# ----------------------------------------------------------------------
@pytest.mark.parametrize(
    "start, duration, unit, end",
    [
        (START, 1, "year", dt.datetime(2027, 1, 15, 9, 30)),
        (START, 3, "year", dt.datetime(2029, 1, 15, 9, 30)),
        (START, 6, "month", dt.datetime(2026, 7, 15, 9, 30)),
        (START, 2, "week", dt.datetime(2026, 1, 29, 9, 30)),
        (START, 10, "day", dt.datetime(2026, 1, 25, 9, 30)),
        (dt.datetime(2026, 1, 31), 1, "month", dt.datetime(2026, 2, 28)),
        (dt.datetime(2028, 2, 29), 1, "year", dt.datetime(2029, 2, 28)),
        (START, 0, "year", None),
        (None, 1, "year", None),
    ],
)
def test_coverage_end(start, duration, unit, end):
    assert sc.coverage_end(start, duration, unit) == end


@pytest.mark.parametrize(
    "start, end, unit, duration",
    [
        (START, dt.datetime(2027, 1, 15, 9, 30), "year", 1.0),
        (START, dt.datetime(2028, 1, 15, 9, 30), "month", 24.0),
        (START, dt.datetime(2026, 7, 15, 9, 30), "year", 0.49),
        (dt.datetime(2026, 1, 1), dt.datetime(2026, 1, 16), "month", 0.48),
        (dt.datetime(2026, 1, 1), dt.datetime(2026, 1, 11), "week", 1.42),
        (dt.datetime(2026, 1, 1), dt.datetime(2026, 1, 1, 12), "day", 0.5),
        (START, START, "year", 0.0),
        (START, None, "year", 0.0),
    ],
)
def test_coverage_duration(start, end, unit, duration):
    assert sc.coverage_duration(start, end, unit) == duration


def test_coverage_duration_refuses_end_before_start():
    with pytest.raises(sc.Refusal) as info:
        sc.coverage_duration(START, START - dt.timedelta(days=1), "year")
    assert info.value.code == sc.END_BEFORE_START


@pytest.mark.parametrize(
    "end, duration_type, expected",
    [
        # Fixed: the end always follows from the start, whatever is given.
        (None, sc.FIXED, (START, dt.datetime(2027, 1, 15, 9, 30), 1.0)),
        (
            dt.datetime(2026, 6, 1),
            sc.FIXED,
            (START, dt.datetime(2027, 1, 15, 9, 30), 1.0),
        ),
        # Variable: the given end is kept and the duration recomputed.
        (
            dt.datetime(2028, 1, 15, 9, 30),
            sc.VARIABLE,
            (START, dt.datetime(2028, 1, 15, 9, 30), 2.0),
        ),
        (None, sc.VARIABLE, (START, dt.datetime(2027, 1, 15, 9, 30), 1.0)),
    ],
)
def test_coverage_dates(end, duration_type, expected):
    assert sc.coverage_dates(START, end, 1, "year", duration_type) == expected


def test_coverage_dates_unknown_type():
    with pytest.raises(ValueError):
        sc.coverage_dates(START, None, 1, "year", "elastic")


@pytest.mark.parametrize(
    "end, day",
    [
        (dt.datetime(2027, 1, 1), dt.date(2026, 12, 31)),
        (dt.datetime(2027, 1, 1, 9, 30), dt.date(2027, 1, 1)),
        (dt.date(2027, 1, 1), dt.date(2026, 12, 31)),
        (None, None),
    ],
)
def test_last_covered_day(end, day):
    assert sc.last_covered_day(end) == day


# ----------------------------------------------------------------------
# Refusals
# ----------------------------------------------------------------------
@pytest.mark.parametrize(
    "values, code",
    [
        ({"is_coverage": True, "enabled": True, "is_kit": False}, None),
        ({"is_coverage": False, "enabled": True, "is_kit": False}, sc.NOT_COVERAGE),
        ({"is_coverage": True, "enabled": False, "is_kit": False}, sc.NOT_ENABLED),
        ({"is_coverage": True, "enabled": True, "is_kit": True}, sc.KIT_COVERAGE),
    ],
)
def test_check_coverage_product(values, code):
    refusal = sc.check_coverage_product(**values)
    assert (refusal.code if refusal else None) == code


@pytest.mark.parametrize(
    "values, code",
    [
        ({"has_line": True, "has_lot": False}, None),
        ({"has_line": False, "has_lot": True}, None),
        ({"has_line": True, "has_lot": True}, sc.SEVERAL_ITEMS),
        ({"has_line": False, "has_lot": False}, sc.NO_ITEM),
        (
            {"has_line": True, "has_lot": False, "covered_is_coverage": True},
            sc.COVERS_COVERAGE,
        ),
        (
            {"has_line": True, "has_lot": False, "covered_kind": "service"},
            sc.COVERS_SERVICE,
        ),
        (
            {"has_line": True, "has_lot": False, "covered_kind": "installation"},
            sc.COVERS_SERVICE,
        ),
        (
            {"has_line": True, "has_lot": False, "covered_kind": "training"},
            sc.COVERS_SERVICE,
        ),
        (
            {"has_line": True, "has_lot": False, "covered_is_serial": False},
            sc.NOT_SERIAL,
        ),
    ],
)
def test_check_covered_item(values, code):
    refusal = sc.check_covered_item(**values)
    assert (refusal.code if refusal else None) == code


@pytest.mark.parametrize(
    "coverage_qty, covered_qty, code",
    [
        (1, 1, None),
        (3, 3, None),
        (1, 3, sc.PARTIAL_QUANTITY),
        (4, 3, sc.PARTIAL_QUANTITY),
    ],
)
def test_check_quantity(coverage_qty, covered_qty, code):
    refusal = sc.check_quantity(coverage_qty, covered_qty)
    assert (refusal.code if refusal else None) == code


@pytest.mark.parametrize(
    "end, duration_type, code",
    [
        (dt.datetime(2027, 1, 15, 9, 30), sc.FIXED, None),
        (dt.datetime(2026, 12, 15, 9, 30), sc.FIXED, sc.PARTIAL_DURATION),
        (None, sc.FIXED, sc.PARTIAL_DURATION),
        (dt.datetime(2026, 12, 15), sc.VARIABLE, None),
        (START, sc.VARIABLE, sc.PARTIAL_DURATION),
        (None, sc.VARIABLE, sc.PARTIAL_DURATION),
        (START - dt.timedelta(days=1), sc.VARIABLE, sc.END_BEFORE_START),
    ],
)
def test_check_duration(end, duration_type, code):
    refusal = sc.check_duration(START, end, 1, "year", duration_type)
    assert (refusal.code if refusal else None) == code


@pytest.mark.parametrize(
    "delivered, invoiced, own_invoiced, revisable, cancellable",
    [
        (0, 0, 0, True, True),
        (1, 0, 0, False, False),
        (0, 1, 0, False, True),
        (0, 0, 1, False, True),
    ],
)
def test_revise_and_cancel(delivered, invoiced, own_invoiced, revisable, cancellable):
    assert sc.can_revise(delivered, invoiced, own_invoiced) is revisable
    assert sc.can_cancel(delivered) is cancellable


@pytest.mark.parametrize(
    "coverage_qty, covered_qty, delivered, ended, billable",
    [
        (1, 1, 0, False, 0),
        (1, 1, 1, False, 1),
        (3, 3, 2, False, 2),
        (3, 3, 5, False, 3),
        (3, 3, -1, False, 0),
        (1, 1, 1, True, 0),
        (1, 0, 0, False, 0),
    ],
)
def test_billable_quantity(coverage_qty, covered_qty, delivered, ended, billable):
    assert sc.billable_quantity(coverage_qty, covered_qty, delivered, ended) == billable


# ----------------------------------------------------------------------
# Properties
# ----------------------------------------------------------------------
starts = st.datetimes(
    min_value=dt.datetime(2000, 1, 1), max_value=dt.datetime(2090, 12, 31)
)
units = st.sampled_from(sc.DURATION_UNITS)


@given(start=starts, duration=st.integers(min_value=1, max_value=120), unit=units)
def test_duration_of_fixed_end_is_the_duration(start, duration, unit):
    end = sc.coverage_end(start, duration, unit)
    assert end > start
    assert sc.coverage_duration(start, end, unit) == duration
    assert sc.check_duration(start, end, duration, unit, sc.FIXED) is None


@given(
    start=starts,
    days=st.integers(min_value=1, max_value=4000),
    seconds=st.integers(min_value=0, max_value=86399),
    unit=units,
)
def test_variable_duration_is_monotonic_and_consistent(start, days, seconds, unit):
    end = start + dt.timedelta(days=days, seconds=seconds)
    duration = sc.coverage_duration(start, end, unit)
    assert duration >= 0
    longer = sc.coverage_duration(start, end + dt.timedelta(days=1), unit)
    assert longer >= duration
    # The whole units fit in the period; one more unit does not.
    whole = int(duration)
    assert (
        sc.coverage_end(start, whole, unit) is None
        or sc.coverage_end(start, whole, unit) <= end
    )
    assert sc.coverage_end(start, whole + 1, unit) > end
    assert sc.coverage_dates(start, end, 1, unit, sc.VARIABLE) == (start, end, duration)
    assert sc.check_duration(start, end, 1, unit, sc.VARIABLE) is None


@given(
    start=starts,
    duration=st.integers(min_value=1, max_value=60),
    unit=units,
    shift=st.integers(min_value=1, max_value=400),
)
def test_fixed_coverage_refuses_any_other_end(start, duration, unit, shift):
    end = sc.coverage_end(start, duration, unit)
    for other in (end - dt.timedelta(hours=shift), end + dt.timedelta(hours=shift)):
        refusal = sc.check_duration(start, other, duration, unit, sc.FIXED)
        assert refusal is not None
        assert refusal.code in (sc.PARTIAL_DURATION, sc.END_BEFORE_START)


@given(
    qty=st.integers(min_value=1, max_value=50),
    delivered=st.integers(min_value=-50, max_value=100),
)
def test_billable_quantity_bounded(qty, delivered):
    billable = sc.billable_quantity(qty, qty, delivered)
    assert 0 <= billable <= qty
    if 0 <= delivered <= qty:
        assert billable == delivered
    assert sc.billable_quantity(qty, qty, delivered, ended=True) == 0


@given(
    has_line=st.booleans(),
    has_lot=st.booleans(),
    covered_is_coverage=st.booleans(),
    covered_kind=st.sampled_from([None, *sc.NON_COVERABLE_KINDS]),
)
def test_exactly_one_plain_item_is_accepted(
    has_line, has_lot, covered_is_coverage, covered_kind
):
    refusal = sc.check_covered_item(
        has_line=has_line,
        has_lot=has_lot,
        covered_is_coverage=covered_is_coverage,
        covered_kind=covered_kind,
    )
    accepted = (
        (has_line != has_lot) and not covered_is_coverage and covered_kind is None
    )
    assert (refusal is None) is accepted
