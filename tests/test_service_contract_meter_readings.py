"""Life-to-date values of meter readings across resets and replacements."""

import pytest
from hypothesis import given
from hypothesis import strategies as st
from service_contract_meter_rules import readings as rules
from service_contract_meter_rules.readings import MeterReading as R


@pytest.mark.parametrize(
    ("readings", "resettable", "expected"),
    [
        ([], False, []),
        ([R(0), R(1_000), R(2_500)], False, [0, 1_000, 2_500]),
        ([R(12_000), R(13_000)], False, [12_000, 13_000]),  # fitted on a used unit
        ([R(500), R(500)], False, [500, 500]),  # same value twice
        # odometer replaced at 80,000 (new one shows 0); read 1,000 later
        (
            [R(70_000), R(1_000, reset=True, value_before_reset=80_000)],
            False,
            [70_000, 81_000],
        ),
        # reset without knowing the value before it: no usage assumed until it
        ([R(70_000), R(1_000, reset=True)], False, [70_000, 71_000]),
        # replacement meter starts at 5,000 (second-hand part)
        (
            [
                R(100),
                R(5_300, reset=True, value_before_reset=150, value_after_reset=5_000),
            ],
            False,
            [100, 450],
        ),
        # resettable trip counter: a lower reading is an implicit reset to 0
        ([R(300), R(50), R(80)], True, [300, 350, 380]),
        # two resets in a row keep adding
        (
            [R(10), R(5, reset=True, value_before_reset=20), R(3, reset=True)],
            False,
            [10, 25, 28],
        ),
    ],
)
def test_net_values_table(readings, resettable, expected):
    assert rules.net_values(readings, resettable) == pytest.approx(expected)


@pytest.mark.parametrize(
    ("readings", "index", "message"),
    [
        ([R(1_000), R(900)], 1, "below the previous one on a cumulative meter"),
        ([R(1_000), R(2_000), R(1_500)], 2, "below the previous one"),
        ([R(1_000), R(10, reset=True, value_before_reset=900)], 1, "before the reset"),
        ([R(1_000), R(10, reset=True, value_after_reset=50)], 1, "reset to"),
        ([R(-1)], 0, "negative"),
    ],
)
def test_refused_readings(readings, index, message):
    with pytest.raises(rules.ReadingOrderError, match=message) as info:
        rules.net_values(readings)
    assert info.value.index == index


steps = st.lists(
    st.tuples(
        st.floats(min_value=0, max_value=10_000, allow_nan=False),  # usage
        st.booleans(),  # reset before this reading
        st.floats(min_value=0, max_value=10_000, allow_nan=False),  # usage after reset
    ),
    max_size=20,
)


@given(steps)
def test_net_value_counts_all_usage(steps):
    """Simulate a meter; the net value is the true usage, resets or not."""
    readings = []
    shown = 0.0
    usage_total = 0.0
    for usage, reset, after in steps:
        if reset and readings:
            before = shown + usage
            shown = after
            readings.append(R(shown, reset=True, value_before_reset=before))
        else:
            shown += usage + after
            readings.append(R(shown))
        usage_total += usage + after
    nets = rules.net_values(readings)
    assert len(nets) == len(readings)
    if readings:
        assert nets[-1] == pytest.approx(usage_total, abs=1e-6)
    assert all(b >= a - 1e-9 for a, b in zip(nets, nets[1:], strict=False))


@given(st.lists(st.floats(min_value=0, max_value=1e6, allow_nan=False), max_size=20))
def test_resettable_net_never_decreases(values):
    nets = rules.net_values([R(v) for v in values], resettable=True)
    assert len(nets) == len(values)
    assert all(b >= a for a, b in zip(nets, nets[1:], strict=False))
    if values:
        assert nets[0] == values[0]


@given(
    st.lists(
        st.floats(min_value=0, max_value=1e6, allow_nan=False), min_size=1, max_size=20
    )
)
def test_cumulative_sorted_readings_net_equals_value(values):
    values = sorted(values)
    assert rules.net_values([R(v) for v in values]) == pytest.approx(values)
