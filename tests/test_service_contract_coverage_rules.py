"""Plain-Python tests of the coverage rules: precedence (rule 3) and the
entitlement answer, conditional rules, component defaults (rule 4), covered
shares and points (rule 8).

Table-driven cases pin the examples the business gave; property-based cases
(hypothesis) check the invariants on any input.
"""

import dataclasses
import datetime

import pytest
from domain_eval import assert_twin
from hypothesis import given, settings
from hypothesis import strategies as st
from service_contract_coverage_rules import (
    components,
    conditions,
    entitlement,
    financial,
    precedence,
)

D = datetime.date
KINDS = ["lot", "product", "category", "whole"]
LEVELS = ["standard", "extended", "premium"]


# ----------------------------------------------------------------------
# Precedence
# ----------------------------------------------------------------------
@pytest.mark.parametrize(
    ("candidates", "expected"),
    [
        # serial beats product beats category beats whole installed base
        (
            [
                {"id": 1, "kind": "whole", "level": "premium", "date_end": None},
                {"id": 2, "kind": "category", "level": "premium", "date_end": None},
                {"id": 3, "kind": "product", "level": "premium", "date_end": None},
                {
                    "id": 4,
                    "kind": "lot",
                    "level": "standard",
                    "date_end": D(2026, 1, 1),
                },
            ],
            [4, 3, 2, 1],
        ),
        # same kind: higher service level first
        (
            [
                {"id": 1, "kind": "lot", "level": "standard", "date_end": None},
                {"id": 2, "kind": "lot", "level": "premium", "date_end": D(2026, 1, 1)},
                {"id": 3, "kind": "lot", "level": "extended", "date_end": None},
            ],
            [2, 3, 1],
        ),
        # same kind and level: later end first, open end latest
        (
            [
                {
                    "id": 1,
                    "kind": "product",
                    "level": "standard",
                    "date_end": D(2026, 1, 1),
                },
                {"id": 2, "kind": "product", "level": "standard", "date_end": None},
                {
                    "id": 3,
                    "kind": "product",
                    "level": "standard",
                    "date_end": D(2027, 1, 1),
                },
            ],
            [2, 3, 1],
        ),
        # a line naming the unit beats one inherited from its primary unit
        (
            [
                {"id": 1, "kind": "lot", "level": "premium", "inherited": True},
                {"id": 2, "kind": "lot", "level": "standard", "inherited": False},
            ],
            [2, 1],
        ),
    ],
)
def test_precedence_table(candidates, expected):
    assert [c["id"] for c in precedence.order(candidates)] == expected


def test_unknown_kind_is_refused():
    with pytest.raises(ValueError):
        precedence.sort_key("serial", "standard", None)


candidate = st.fixed_dictionaries(
    {
        "id": st.integers(min_value=1, max_value=10_000),
        "kind": st.sampled_from(KINDS),
        "level": st.sampled_from(LEVELS),
        "date_end": st.one_of(st.none(), st.dates(D(2000, 1, 1), D(2100, 1, 1))),
        "inherited": st.booleans(),
    }
)


@given(st.lists(candidate, max_size=30))
def test_order_is_a_sorted_permutation(candidates):
    ordered = precedence.order(candidates)
    assert sorted(map(id, ordered)) == sorted(map(id, candidates))
    for better, worse in zip(ordered, ordered[1:], strict=False):
        assert (
            precedence.KIND_RANK[better["kind"]] <= precedence.KIND_RANK[worse["kind"]]
        )


@given(st.lists(candidate, min_size=1, max_size=30))
def test_best_has_the_best_kind(candidates):
    best = precedence.order(candidates)[0]
    assert precedence.KIND_RANK[best["kind"]] == min(
        precedence.KIND_RANK[c["kind"]] for c in candidates
    )


@given(st.lists(candidate, max_size=20))
def test_order_does_not_depend_on_input_order(candidates):
    assert precedence.order(candidates) == precedence.order(list(reversed(candidates)))


@given(
    st.dates(D(2000, 1, 1), D(2100, 1, 1)),
    st.one_of(st.none(), st.dates(D(2000, 1, 1), D(2100, 1, 1))),
    st.one_of(st.none(), st.dates(D(2000, 1, 1), D(2100, 1, 1))),
)
def test_is_active_matches_overlap_of_a_day(day, start, end):
    assert precedence.is_active(day, start, end) == precedence.overlaps(
        day, day, start, end
    )


@given(
    *(st.one_of(st.none(), st.dates(D(2000, 1, 1), D(2100, 1, 1))) for _ in range(4))
)
def test_overlap_is_symmetric(a, b, c, d):
    assert precedence.overlaps(a, b, c, d) == precedence.overlaps(c, d, a, b)


# The searches and the gap detection run the same rules as a domain and SQL.
DAY = D(2026, 3, 1)
near = st.integers(-2, 2).map(lambda days: DAY + datetime.timedelta(days))
stored = st.one_of(st.sampled_from([None, False]), near)


@given(start=stored, end=stored)
def test_active_domain_is_is_active(start, end):
    record = {"date_start": start, "contract_id": {"s": start, "e": end}}
    record["date_end"] = end
    expected = precedence.is_active(DAY, start, end)
    assert_twin(precedence.active_domain(DAY), record, expected)
    on_contract = precedence.active_domain(DAY, "contract_id.s", "contract_id.e")
    assert_twin(on_contract, record, expected)


@settings(max_examples=200, deadline=None)
@given(*(st.one_of(st.none(), near) for _ in range(4)))
def test_overlaps_sql_is_overlaps(pg, a, b, c, d):
    pg.execute(
        f"SELECT {precedence.OVERLAPS_SQL}",
        {"start_a": a, "end_a": b, "start_b": c, "end_b": d},
    )
    assert pg.fetchone()[0] is precedence.overlaps(a, b, c, d)


# ----------------------------------------------------------------------
# Conditional rules
# ----------------------------------------------------------------------
TODAY = D(2026, 3, 1)
UNIT = {
    "country": 75,
    "state": 7,
    "address": 42,
    "usage": "commercial",
    "repair_dates": [D(2026, 1, 10), D(2025, 6, 1)],
    "preventive_dates": [D(2026, 2, 15)],
}


@pytest.mark.parametrize(
    ("rule", "passes"),
    [
        ({"type": "country", "country": 75}, True),
        ({"type": "country", "country": 21}, False),
        ({"type": "state", "state": 7}, True),
        ({"type": "state", "state": 8}, False),
        ({"type": "address", "address": 42}, True),
        ({"type": "address", "address": 43}, False),
        ({"type": "usage", "usage": "commercial"}, True),
        ({"type": "usage", "usage": "rental"}, False),
        # one repair in the last 6 months, two in the last 12
        ({"type": "max_repairs", "max_repairs": 1, "months": 6}, True),
        ({"type": "max_repairs", "max_repairs": 1, "months": 12}, False),
        ({"type": "max_repairs", "max_repairs": 0, "months": 1}, True),
        ({"type": "preventive", "days": 30}, True),
        ({"type": "preventive", "days": 10}, False),
    ],
)
def test_condition_table(rule, passes):
    assert conditions.check(rule, UNIT, TODAY) is passes


def test_evaluate_returns_the_first_failing_rule():
    rules = [
        {"type": "country", "country": 75},
        {"type": "usage", "usage": "rental", "name": "Used as Rental"},
        {"type": "state", "state": 99},
    ]
    assert conditions.evaluate(rules, UNIT, TODAY)["name"] == "Used as Rental"
    assert conditions.evaluate(rules[:1], UNIT, TODAY) is None
    assert conditions.evaluate([], UNIT, TODAY) is None


def test_history_needs_and_horizon():
    rules = [
        {"type": "max_repairs", "max_repairs": 1, "months": 6},
        {"type": "preventive", "days": 400},
    ]
    assert conditions.needs_history(rules)
    assert not conditions.needs_history([{"type": "usage", "usage": "x"}])
    assert conditions.history_horizon(rules, TODAY) == TODAY - datetime.timedelta(
        days=400
    )
    assert conditions.history_horizon([], TODAY) is None


def test_unknown_rule_type():
    with pytest.raises(ValueError):
        conditions.check({"type": "colour"}, UNIT, TODAY)


@given(
    st.lists(st.dates(D(2024, 1, 1), D(2026, 3, 1)), max_size=15),
    st.integers(min_value=0, max_value=10),
    st.integers(min_value=1, max_value=24),
)
def test_more_allowed_repairs_never_fails_more(dates, allowed, months):
    unit = {"repair_dates": dates}
    strict = conditions.check(
        {"type": "max_repairs", "max_repairs": allowed, "months": months}, unit, TODAY
    )
    loose = conditions.check(
        {"type": "max_repairs", "max_repairs": allowed + 1, "months": months},
        unit,
        TODAY,
    )
    assert loose or not strict


@given(
    st.lists(st.dates(D(2025, 1, 1), D(2026, 3, 1)), max_size=10),
    st.integers(min_value=0, max_value=500),
)
def test_longer_preventive_window_never_fails_more(dates, days):
    unit = {"preventive_dates": dates}
    short = conditions.check({"type": "preventive", "days": days}, unit, TODAY)
    long = conditions.check({"type": "preventive", "days": days + 30}, unit, TODAY)
    assert long or not short


# ----------------------------------------------------------------------
# Components (rule 4)
# ----------------------------------------------------------------------
@pytest.mark.parametrize(
    ("include_unlisted", "listed", "product", "covered"),
    [
        (False, {}, 1, False),
        (True, {}, 1, True),
        (False, {1: True}, 1, True),
        (True, {1: False}, 1, False),
        (True, {1: True}, 1, True),
        (False, {1: False}, 2, False),
    ],
)
def test_component_table(include_unlisted, listed, product, covered):
    assert components.is_component_covered(include_unlisted, listed, product) is covered


def test_default_included_follows_rule_4():
    # "exclude the components not listed" suggests include, and vice versa
    assert components.default_included(False) is True
    assert components.default_included(True) is False


@given(
    st.booleans(),
    st.dictionaries(st.integers(1, 50), st.booleans()),
    st.integers(1, 60),
)
def test_listed_with_default_is_the_opposite_of_unlisted(
    include_unlisted, listed, product
):
    listed = dict(listed)
    listed[product] = components.default_included(include_unlisted)
    listed_answer = components.is_component_covered(include_unlisted, listed, product)
    unlisted_answer = components.is_component_covered(include_unlisted, {}, product)
    assert listed_answer != unlisted_answer


# ----------------------------------------------------------------------
# Financial coverage and points
# ----------------------------------------------------------------------
@pytest.mark.parametrize(
    ("rates", "category", "component_covered", "discount"),
    [
        ({"labor": 50, "parts": 80, "expense": 0}, "labor", True, 50.0),
        ({"labor": 50, "parts": 80, "expense": 0}, "parts", True, 80.0),
        ({"labor": 50, "parts": 80, "expense": 0}, "parts", False, 0.0),
        ({"labor": 50, "parts": 80, "expense": 0}, "expense", True, 0.0),
        ({"labor": 150}, "labor", True, 100.0),
        ({}, "labor", True, 0.0),
    ],
)
def test_discount_table(rates, category, component_covered, discount):
    assert financial.discount_for(rates, category, component_covered) == discount


def test_unknown_category():
    with pytest.raises(ValueError):
        financial.discount_for({}, "travel")


@given(st.floats(-1e6, 1e6, allow_nan=False))
def test_clamped_rate_is_a_percentage(rate):
    assert 0.0 <= financial.clamp_rate(rate) <= 100.0


@pytest.mark.parametrize(
    ("total", "used", "used_up"),
    [(10, 0, False), (10, 9, False), (10, 10, True), (10, 12, True), (0, 0, True)],
)
def test_points_used_up(total, used, used_up):
    assert financial.points_used_up(total, used) is used_up


@given(st.floats(0, 1e6, allow_nan=False), st.floats(0, 1e6, allow_nan=False))
def test_points_used_up_iff_nothing_left(total, used):
    assert financial.points_used_up(total, used) == (
        financial.points_left(total, used) <= 0
    )


# ----------------------------------------------------------------------
# Entitlement answer
# ----------------------------------------------------------------------
def _entry(kind="lot", ident=1, **values):
    return entitlement.CoveringEntry(
        contract=f"contract-{ident}",
        coverage=f"line-{ident}",
        lot="unit",
        kind=kind,
        covered_through="unit",
        ident=ident,
        reason=f"reason {ident}",
        **values,
    )


def test_answer_splits_and_orders_entries():
    serial = _entry("lot", 3, level="standard")
    category = _entry("category", 1, level="premium")
    failing = _entry("product", 2).disqualify("expired")
    answer = entitlement.EntitlementAnswer.from_entries([category, failing, serial])
    assert answer.covering == (serial, category)
    assert answer.best is serial
    assert answer.covered
    assert answer.not_qualifying == (failing,)
    assert isinstance(failing, entitlement.NotQualifyingEntry)
    assert not failing.qualifies
    assert failing.reason == "expired"
    assert answer.entries == (serial, category, failing)


def test_empty_answer_is_not_covered():
    answer = entitlement.EntitlementAnswer.from_entries([])
    assert not answer.covered
    assert answer.best is None
    assert answer.covering == answer.not_qualifying == ()


def test_entries_are_frozen():
    entry = _entry()
    with pytest.raises(dataclasses.FrozenInstanceError):
        entry.reason = "changed"
    covered = entry.qualify(component_covered=True)
    assert covered.component_covered is True
    assert covered.reason == entry.reason
    assert entry.component_covered is None


def test_entry_of_unknown_kind_is_refused():
    with pytest.raises(ValueError):
        _entry("serial")


def test_answer_refuses_an_untyped_entry():
    with pytest.raises(TypeError):
        entitlement.EntitlementAnswer.from_entries(
            [
                entitlement.CoverageEntry(
                    contract=1,
                    coverage=1,
                    lot=1,
                    kind="lot",
                    covered_through=1,
                    ident=1,
                    reason="",
                )
            ]
        )


@given(st.lists(candidate, max_size=30))
def test_answer_follows_precedence(candidates):
    entries = [
        _entry(
            c["kind"],
            c["id"],
            level=c["level"],
            date_end=c["date_end"],
            inherited=c["inherited"],
        )
        for c in candidates
    ]
    answer = entitlement.EntitlementAnswer.from_entries(entries)
    expected = precedence.order(candidates)
    assert [
        (e.kind, e.ident, e.level, e.date_end, e.inherited) for e in answer.covering
    ] == [
        (c["kind"], c["id"], c["level"], c["date_end"], c["inherited"])
        for c in expected
    ]


@settings(max_examples=100, deadline=None)
@given(end=st.one_of(st.none(), near), day=near)
def test_runs_after_sql_is_runs_after(pg, end, day):
    pg.execute(f"SELECT {precedence.RUNS_AFTER_SQL}", {"date_end": end, "day": day})
    assert pg.fetchone()[0] is precedence.runs_after(end, day)


def test_runs_after():
    assert precedence.runs_after(None, DAY)
    assert precedence.runs_after(DAY + datetime.timedelta(days=1), DAY)
    assert not precedence.runs_after(DAY, DAY)  # ends that day: not after it
    assert not precedence.runs_after(DAY - datetime.timedelta(days=1), DAY)
