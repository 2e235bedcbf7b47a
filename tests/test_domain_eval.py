"""The plain domain evaluator the rule/domain twin tests rely on."""

import datetime

import pytest
from domain_eval import evaluate, is_normalized

D = datetime.date(2026, 6, 1)


@pytest.mark.parametrize(
    ("leaf", "value", "expected"),
    [
        (("d", "<=", D), None, False),  # a null date is never compared
        (("d", ">", D), False, False),
        (("d", "=", False), None, True),
        (("d", "!=", False), None, False),
        (("d", "!=", False), D, True),
        (("d", "<=", D), D, True),
        (("d", "<", D), D, False),
        (("s", "!=", "x"), None, True),  # the ORM adds OR s IS NULL
        (("s", "not in", ("x",)), None, True),
        (("s", "in", ("x",)), None, False),
        (("s", "in", ("x", False)), None, True),
        (("s", "not in", ("x", False)), None, False),
        (("s", "in", ("x", "y")), "y", True),
        (("b", "=", False), False, True),  # a false boolean is null
        (("b", "=", True), False, False),
        (("m", "!=", False), [], False),  # an empty x2many
        (("m", "!=", False), [1], True),
    ],
)
def test_leaf_null_semantics(leaf, value, expected):
    assert evaluate([leaf], {leaf[0]: value}) == expected


def test_prefix_operators_and_implicit_and():
    record = {"a": 1, "b": 2}
    assert evaluate(["|", ("a", "=", 0), ("b", "=", 2)], record)
    assert not evaluate(["&", ("a", "=", 1), ("b", "=", 0)], record)
    assert evaluate(["!", ("a", "=", 0)], record)
    assert not evaluate([("a", "=", 1), ("b", "=", 0)], record)
    assert evaluate([], record)


def test_dotted_paths():
    record = {"contract_id": {"state": "ready"}, "lot_id": False}
    assert evaluate([("contract_id.state", "=", "ready")], record)
    assert evaluate([("lot_id.name", "=", False)], record)
    assert evaluate([("x.y", "=", 1)], {"x.y": 1})


def test_is_normalized():
    assert is_normalized(["&", ("a", "=", 1), ("b", "=", 2)])
    assert not is_normalized([("a", "=", 1), ("b", "=", 2)])
    assert not is_normalized([])


def test_unknown_operator_is_refused():
    with pytest.raises(ValueError):
        evaluate([("a", "like", "x")], {"a": "x"})
