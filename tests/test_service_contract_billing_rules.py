"""Pro-rata, no advance billing, renewal and revaluation rules."""

import datetime

import pytest
from dateutil.relativedelta import relativedelta
from domain_eval import assert_twin
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from service_contract_billing_rules import (
    advance,
    periods,
    prorata,
    renewal,
    revaluation,
)

D = datetime.date


# ---------------------------------------------------------------- pro-rata
@pytest.mark.parametrize(
    ("piece", "full", "expected"),
    [
        ((D(2026, 1, 16), D(2026, 1, 31)), (D(2026, 1, 1), D(2026, 1, 31)), 16 / 31),
        ((D(2026, 1, 1), D(2026, 1, 31)), (D(2026, 1, 1), D(2026, 1, 31)), 1.0),
        ((D(2026, 2, 1), D(2026, 3, 31)), (D(2026, 1, 1), D(2026, 3, 31)), 59 / 90),
        ((D(2028, 2, 29), D(2028, 2, 29)), (D(2028, 2, 1), D(2028, 2, 29)), 1 / 29),
    ],
)
def test_factor(piece, full, expected):
    assert prorata.factor(piece, full) == pytest.approx(expected)


@pytest.mark.parametrize(
    ("price", "basis", "period", "expected"),
    [
        (100.0, "period", "month", 100.0),
        (1200.0, "annual", "month", 100.0),
        (1200.0, "annual", "quarter", 300.0),
        (1200.0, "annual", "semester", 600.0),
        (1200.0, "annual", "year", 1200.0),
    ],
)
def test_period_price(price, basis, period, expected):
    assert prorata.period_price(price, basis, period) == expected


def test_piece_price_and_annual_amount():
    january = (D(2026, 1, 1), D(2026, 1, 31))
    assert (
        prorata.piece_price(
            100.0, "period", "month", (D(2026, 1, 16), D(2026, 1, 31)), january, 2
        )
        == 51.61
    )
    assert prorata.annual_amount(100.0, 2, "period", "quarter") == 800.0
    assert prorata.annual_amount(1000.0, 2, "annual", "quarter") == 2000.0
    with pytest.raises(ValueError):
        prorata.period_price(1.0, "weekly", "month")
    with pytest.raises(ValueError):
        prorata.factor(january, (D(2026, 1, 2), D(2026, 1, 31)))


@settings(max_examples=200, deadline=None)
@given(
    start=st.dates(min_value=D(2000, 1, 1), max_value=D(2050, 1, 1)),
    length=st.integers(1, 400),
    cut=st.integers(0, 399),
)
def test_pieces_add_up_to_the_whole_period(start, length, cut):
    assume(cut < length - 1)
    full = (start, start + datetime.timedelta(days=length - 1))
    first = (start, start + datetime.timedelta(days=cut))
    second = (first[1] + datetime.timedelta(days=1), full[1])
    total = prorata.factor(first, full) + prorata.factor(second, full)
    assert total == pytest.approx(1.0)


# ------------------------------------------------------------- no advance
@pytest.mark.parametrize(
    ("invoice_date", "start", "term_start", "ok"),
    [
        (D(2026, 1, 1), D(2026, 1, 1), None, True),
        (D(2025, 12, 31), D(2026, 1, 1), None, False),
        (D(2026, 12, 15), D(2026, 1, 1), D(2027, 1, 1), False),
        (D(2027, 1, 1), D(2026, 1, 1), D(2027, 1, 1), True),
    ],
)
def test_no_advance_billing(invoice_date, start, term_start, ok):
    if ok:
        advance.check_invoice_date(invoice_date, start, term_start)
    else:
        with pytest.raises(advance.AdvanceBillingError):
            advance.check_invoice_date(invoice_date, start, term_start)


@given(invoice_date=st.dates(), start=st.dates(), term=st.one_of(st.none(), st.dates()))
def test_earliest_invoice_date_is_never_in_advance(invoice_date, start, term):
    day = advance.earliest_invoice_date(invoice_date, start, term)
    advance.check_invoice_date(day, start, term)
    assert day >= invoice_date


def test_beyond_term():
    assert advance.beyond_term(D(2027, 1, 1), D(2026, 12, 31))
    assert not advance.beyond_term(D(2026, 12, 1), D(2026, 12, 31))
    assert not advance.beyond_term(D(2030, 1, 1), None)


# ---------------------------------------------------------------- renewal
@pytest.mark.parametrize(
    ("renewable", "end", "today", "invoiced_until", "expected"),
    [
        (True, D(2026, 12, 31), D(2026, 12, 31), None, True),
        (True, D(2026, 12, 31), D(2026, 6, 1), None, False),
        (True, D(2026, 12, 31), D(2026, 6, 1), D(2026, 12, 31), True),
        (True, D(2026, 12, 31), D(2026, 6, 1), D(2026, 11, 30), False),
        (False, D(2026, 12, 31), D(2027, 6, 1), None, False),
        (True, None, D(2027, 6, 1), None, False),
    ],
)
def test_can_renew(renewable, end, today, invoiced_until, expected):
    assert renewal.can_renew(renewable, end, today, invoiced_until) is expected


@pytest.mark.parametrize(
    ("end", "duration", "unit", "expected"),
    [
        (D(2026, 12, 31), 1, "year", D(2027, 12, 31)),
        (D(2026, 6, 30), 6, "month", D(2026, 12, 31)),
        (D(2026, 2, 28), 1, "month", D(2026, 3, 31)),
        (D(2026, 1, 7), 2, "week", D(2026, 1, 21)),
        (D(2026, 1, 1), 10, "day", D(2026, 1, 11)),
    ],
)
def test_new_end_date(end, duration, unit, expected):
    assert renewal.new_end_date(end, duration, unit) == expected


def test_auto_renewal():
    assert renewal.needs_auto_renewal(True, True, D(2026, 12, 31), D(2027, 1, 1))
    assert not renewal.needs_auto_renewal(True, True, D(2026, 12, 31), D(2026, 12, 31))
    assert not renewal.needs_auto_renewal(True, False, D(2026, 12, 31), D(2027, 1, 1))
    with pytest.raises(ValueError):
        renewal.new_end_date(D(2026, 1, 1), 0, "year")
    with pytest.raises(ValueError):
        renewal.new_end_date(D(2026, 1, 1), 1, "decade")


@settings(max_examples=200, deadline=None)
@given(
    end=st.dates(min_value=D(2000, 1, 1), max_value=D(2050, 1, 1)),
    duration=st.integers(1, 24),
    unit=st.sampled_from(renewal.UNITS),
    count=st.integers(1, 6),
)
def test_renewals_never_lose_a_day(end, duration, unit, count):
    chain = [end]
    for _i in range(count):
        chain.append(renewal.new_end_date(chain[-1], duration, unit))
    for old, new in zip(chain, chain[1:], strict=False):
        assert new > old
        # The renewed term starts the day after the old end: renewing that
        # term as a contract of its own gives the same end date.
        assert (
            old
            + datetime.timedelta(days=1)
            + relativedelta(**{f"{unit}s": duration})
            - datetime.timedelta(days=1)
            == new
        )
    if unit in ("day", "week"):
        step = duration * (7 if unit == "week" else 1)
        assert chain[-1] == end + datetime.timedelta(days=step * count)


renew_dates = st.one_of(
    st.sampled_from([None, False]),
    st.integers(-3, 3).map(lambda days: D(2026, 6, 1) + datetime.timedelta(days)),
)


@given(renewable=st.booleans(), end=renew_dates, invoiced_to_end=st.booleans())
def test_can_renew_domain_is_can_renew(renewable, end, invoiced_to_end):
    today = D(2026, 6, 1)
    record = {
        "renewable": renewable,
        "date_end": end,
        "invoiced_to_end": invoiced_to_end,
    }
    expected = renewal.can_renew(
        renewable, end or None, today, end if invoiced_to_end and end else None
    )
    assert_twin(renewal.can_renew_domain(today), record, expected)


# ------------------------------------------------------------ revaluation
@pytest.mark.parametrize(
    ("amount", "base", "new", "expected"),
    [
        (1000.0, 100.0, 110.0, 1100.0),
        (1000.0, 120.0, 90.0, 750.0),
        (250.0, 100.0, 100.0, 250.0),
    ],
)
def test_by_index(amount, base, new, expected):
    assert revaluation.by_index(amount, base, new) == pytest.approx(expected)


@pytest.mark.parametrize(
    ("amount", "percent", "expected"),
    [(100.0, 3.0, 103.0), (100.0, -10.0, 90.0), (100.0, 0.0, 100.0)],
)
def test_by_percent(amount, percent, expected):
    assert revaluation.by_percent(amount, percent) == pytest.approx(expected)


def test_refusals_and_values():
    with pytest.raises(revaluation.RevaluationError) as error:
        revaluation.check_method("index", None)
    assert str(error.value) == (
        "No index has been specified for the contract re-evaluation."
    )
    revaluation.check_method("index", 1)
    revaluation.check_method("percent", None)
    with pytest.raises(revaluation.RevaluationError):
        revaluation.by_index(10.0, 0.0, 5.0)
    values = [(D(2026, 1, 1), 100.0), (D(2026, 7, 1), 104.0)]
    assert revaluation.value_at(values, D(2026, 6, 30)) == 100.0
    assert revaluation.value_at(values, D(2026, 7, 1)) == 104.0
    with pytest.raises(revaluation.RevaluationError):
        revaluation.value_at(values, D(2025, 12, 31))
    assert revaluation.next_date(D(2026, 1, 31), 1) == D(2026, 2, 28)
    assert revaluation.is_due(D(2026, 1, 1), D(2026, 1, 1))
    assert not revaluation.is_due(None, D(2026, 1, 1))


@settings(max_examples=200, deadline=None)
@given(
    amount=st.floats(0.01, 1e7),
    values=st.lists(st.floats(1.0, 1000.0), min_size=2, max_size=6),
)
def test_chained_index_revaluations_equal_one_from_the_first_value(amount, values):
    """Revaluing step by step (base date moving each time) equals one step."""
    chained = amount
    for base, new in zip(values, values[1:], strict=False):
        chained = revaluation.by_index(chained, base, new)
    direct = revaluation.by_index(amount, values[0], values[-1])
    assert chained == pytest.approx(direct, rel=1e-9)


@given(
    method=st.sampled_from([None, False, *revaluation.METHODS]),
    trigger=st.sampled_from(revaluation.TRIGGERS),
    date_next=renew_dates,
    when=st.sampled_from(revaluation.TRIGGERS),
)
def test_due_domain_is_is_revaluation_due(method, trigger, date_next, when):
    day = D(2026, 6, 1)
    record = {
        "revaluation_method": method,
        "revaluation_trigger": trigger,
        "date_next_revaluation": date_next,
    }
    expected = revaluation.is_revaluation_due(method, trigger, date_next, day, when)
    assert_twin(revaluation.due_domain(when, day), record, expected)


# ------------------------------------------------------- invoicing due
@given(
    billable=st.booleans(),
    state=st.sampled_from(["draft", "ready", "expired", "cancel"]),
    date_next=renew_dates,
    lines=st.lists(st.integers(1, 9), max_size=2),
)
def test_invoicing_domain_is_is_invoicing_due(billable, state, date_next, lines):
    until = D(2026, 6, 1)
    record = {
        "billable": billable,
        "state": state,
        "date_next_invoice": date_next,
        "billing_line_ids": lines,
    }
    expected = periods.is_invoicing_due(billable, state, date_next, bool(lines), until)
    assert_twin(periods.invoicing_domain(until), record, expected)
