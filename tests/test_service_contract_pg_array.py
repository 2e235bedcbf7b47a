"""The text form of arrays the batch toolkit sends to PostgreSQL."""

import datetime
import decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from service_contract_rules import pg_array


class Escaping(str):
    """A text type whose methods change their arguments, as Markup's
    escape them."""

    def replace(self, old, new, count=-1):
        return str.replace(self, old, new.replace('"', "&#34;"), count)


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        ([], "{}"),
        ([1, -2, 3], "{1,-2,3}"),
        ([None, 0], "{NULL,0}"),
        ([True, False], "{t,f}"),  # booleans before integers
        (
            [0.1, 2.0, float("nan"), float("inf"), float("-inf")],
            "{0.1,2.0,NaN,Infinity,-Infinity}",
        ),
        ([decimal.Decimal("1.50")], "{1.50}"),
        ([datetime.date(2026, 12, 2)], "{2026-12-02}"),
        ([datetime.datetime(2026, 12, 2, 8, 5, 1)], '{"2026-12-02 08:05:01"}'),
        (
            [datetime.datetime(2026, 12, 2, 8, 5, 1, 250)],
            '{"2026-12-02 08:05:01.000250"}',
        ),
        (["a", ""], '{"a",""}'),
        (["NULL"], '{"NULL"}'),  # the word, not the null value
        (['say "hi", {ok}'], '{"say \\"hi\\", {ok}"}'),
        (["back\\slash"], '{"back\\\\slash"}'),
        ([" padded "], '{" padded "}'),
        # equal in Python, spelled each as its own type, however repeated
        (
            [1, True, 1.0, decimal.Decimal("1.0"), 1, True, 1.0, 0, False],
            "{1,t,1.0,1.0,1,t,1.0,0,f}",
        ),
        (["x", Escaping("x"), "x"], '{"x","x","x"}'),
    ],
)
def test_array_literal(values, expected):
    assert pg_array.array_literal(values) == expected


def test_a_str_subclass_is_quoted_as_its_text():
    assert pg_array.array_literal([Escaping('<a href="x">')]) == '{"<a href=\\"x\\">"}'


@pytest.mark.parametrize(
    "value",
    [
        b"bytes",
        {"a": 1},
        [1],
        "nul\x00char",
        datetime.datetime(2026, 12, 2, tzinfo=datetime.timezone.utc),
    ],
)
def test_no_text_form_raises_type_error(value):
    """The caller then sends the column as a list, as the driver does."""
    with pytest.raises(TypeError):
        pg_array.array_literal(["ok", value])


TEXT = st.text(st.characters(exclude_characters="\x00"), max_size=12)
FLOATS = st.floats(allow_nan=False, allow_infinity=True, width=64)
DATES = st.dates(datetime.date(1, 1, 1), datetime.date(9999, 12, 31))
DATETIMES = st.datetimes(datetime.datetime(1, 1, 1), datetime.datetime(9999, 12, 31))
KINDS = {
    "text": TEXT,
    "int8": st.integers(-(2**63), 2**63 - 1),
    "float8": FLOATS,
    "numeric": st.decimals(allow_nan=False, allow_infinity=False, places=4),
    "bool": st.booleans(),
    "date": DATES,
    "timestamp": DATETIMES,
}


@settings(max_examples=60, deadline=None)
@given(
    st.sampled_from(sorted(KINDS)).flatmap(
        lambda kind: st.tuples(
            st.just(kind), st.lists(st.none() | KINDS[kind], max_size=8)
        )
    )
)
def test_postgresql_reads_back_the_values(pg, kind_values):
    """What PostgreSQL reads from the literal is what the driver sends for
    the same list (the values themselves)."""
    kind, values = kind_values
    pg.execute(
        f"SELECT %s::{kind}[] = %s::{kind}[], %s::{kind}[]::text",
        [pg_array.array_literal(values), values, pg_array.array_literal(values)],
    )
    same, text = pg.fetchone()
    assert same, (values, text)
