"""Through which unit a coverage line covers a unit (``entitlement.covering_unit``):
the unit itself or one of the primary units it is bundled with, nearest
first; a serial line covers the unit it lists wherever it is, a product or
category line only the units installed at its customer."""

import pytest
from hypothesis import given
from hypothesis import strategies as st
from service_contract_coverage_rules import entitlement

UNIT = {"id": 1, "product_id": 10, "categ_ids": [100, 101], "partner_id": 7}
PRIMARY = {"id": 2, "product_id": 20, "categ_ids": [100, 102], "partner_id": 7}
ELSEWHERE = {"id": 3, "product_id": 10, "categ_ids": [100], "partner_id": 8}


def installed_at(unit, partner_id):
    return unit["partner_id"] == partner_id


def line(kind, lot_id=False, product_id=False, categ_id=False, partner_id=7):
    return {
        "coverage_type": kind,
        "lot_id": lot_id,
        "product_id": product_id,
        "categ_id": categ_id,
        "partner_id": partner_id,
    }


CASES = [
    # (line, chain, expected unit id or None)
    (line("lot", lot_id=1), [UNIT, PRIMARY], 1),
    (line("lot", lot_id=2), [UNIT, PRIMARY], 2),
    (line("lot", lot_id=9), [UNIT, PRIMARY], None),
    # a serial line covers its serial even when it moved elsewhere
    (line("lot", lot_id=3, partner_id=7), [ELSEWHERE], 3),
    (line("product", product_id=10), [UNIT, PRIMARY], 1),
    (line("product", product_id=20), [UNIT, PRIMARY], 2),
    (line("product", product_id=10), [ELSEWHERE], None),
    (line("product", product_id=10, partner_id=8), [ELSEWHERE], 3),
    (line("category", categ_id=100), [UNIT, PRIMARY], 1),
    (line("category", categ_id=102), [UNIT, PRIMARY], 2),
    (line("category", categ_id=101), [PRIMARY], None),
    (line("category", categ_id=100), [ELSEWHERE, UNIT], 1),
]


@pytest.mark.parametrize(("cov", "chain", "expected"), CASES)
def test_covering_unit(cov, chain, expected):
    found = entitlement.covering_unit(cov, chain, installed_at)
    assert (found["id"] if found else None) == expected


units = st.fixed_dictionaries(
    {
        "id": st.integers(1, 6),
        "product_id": st.integers(10, 12),
        "categ_ids": st.lists(st.integers(100, 103), max_size=3),
        "partner_id": st.integers(7, 8),
    }
)
lines = st.builds(
    line,
    st.sampled_from(["lot", "product", "category"]),
    lot_id=st.integers(1, 6),
    product_id=st.integers(10, 12),
    categ_id=st.integers(100, 103),
    partner_id=st.integers(7, 8),
)


@given(lines, st.lists(units, max_size=4))
def test_covering_unit_is_the_first_that_matches(cov, chain):
    """The unit found is in the chain, matches the line, and no unit before
    it does."""

    def matches(unit):
        kind = cov["coverage_type"]
        if kind == "lot":
            return cov["lot_id"] == unit["id"]
        if not installed_at(unit, cov["partner_id"]):
            return False
        if kind == "product":
            return cov["product_id"] == unit["product_id"]
        return cov["categ_id"] in unit["categ_ids"]

    found = entitlement.covering_unit(cov, chain, installed_at)
    expected = next((unit for unit in chain if matches(unit)), None)
    assert found is expected


def found_by(targets, cov):
    """Whether the search terms ``entitlement.line_targets`` gives find the
    line ``cov`` (as their domain and their SQL do)."""
    return any(
        kind == cov["coverage_type"]
        and cov[entitlement.TARGET_COLUMNS[kind]] in ids
        and (partner_id is None or partner_id == cov["partner_id"])
        for kind, ids, partner_id in targets
    )


def test_line_targets_one_term_a_kind_and_customer():
    """A chain of units: one term for the listed units, one product and one
    category term a customer; a unit without a customer adds no term."""
    no_customer = {"id": 4, "product_id": 11, "categ_ids": [103], "partner_id": False}
    targets = entitlement.line_targets([UNIT, PRIMARY, ELSEWHERE, no_customer])
    assert targets == [
        ("lot", [1, 2, 3, 4], None),
        ("product", [10, 20], 7),
        ("category", [100, 101, 102], 7),
        ("product", [10], 8),
        ("category", [100], 8),
    ]


@given(lines, st.lists(units, min_size=1, max_size=4))
def test_line_targets_find_the_lines_that_may_cover(cov, chain):
    """The search terms find a line exactly when it covers a unit of the
    chain (``covering_unit``), whatever its dates and its contract."""
    targets = entitlement.line_targets(chain)
    covering = entitlement.covering_unit(cov, chain, installed_at)
    assert found_by(targets, cov) == (covering is not None)
