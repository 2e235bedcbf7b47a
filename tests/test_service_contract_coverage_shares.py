"""Plain-Python tests of the covered-share range check (bad input gets a
clear refusal): a covered share is a percentage between 0 and 100."""

import pytest
from hypothesis import given
from hypothesis import strategies as st
from service_contract_coverage_rules import financial


@pytest.mark.parametrize(
    ("rates", "expected"),
    [
        ({"labor": 0.0, "parts": 100.0, "expense": 50.0}, []),
        ({"labor": -0.01, "parts": 100.0, "expense": 50.0}, ["labor"]),
        ({"labor": 0.0, "parts": 100.01, "expense": 50.0}, ["parts"]),
        (
            {"labor": -1.0, "parts": 101.0, "expense": 1e9},
            ["labor", "parts", "expense"],
        ),
        ({}, []),
    ],
)
def test_out_of_range_table(rates, expected):
    assert financial.out_of_range(rates) == expected


@given(
    st.dictionaries(st.sampled_from(financial.CATEGORIES), st.floats(allow_nan=False))
)
def test_out_of_range_agrees_with_clamp(rates):
    """A share is refused exactly when clamping it would change it."""
    refused = set(financial.out_of_range(rates))
    assert refused == {
        c for c, rate in rates.items() if financial.clamp_rate(rate) != rate
    }
