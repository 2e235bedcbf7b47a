"""Plain-Python tests of the coverage map's rules: a unit's position, its
state today, and a contract's boundary (the convex hull of its units)."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from service_contract_coverage_rules import coverage_map

coordinate = st.floats(min_value=-60, max_value=60, allow_nan=False).map(
    lambda x: round(x, 4)
)
point = st.tuples(coordinate, coordinate)
points = st.lists(point, min_size=1, max_size=40)


# ----------------------------------------------------------------------
# Position
# ----------------------------------------------------------------------
@pytest.mark.parametrize(
    ("own", "address", "expected"),
    [
        ((48.85, 2.35), (45.76, 4.83), (48.85, 2.35)),  # the unit's own wins
        ((0.0, 0.0), (45.76, 4.83), (45.76, 4.83)),  # 0, 0 is no position
        (None, (45.76, 4.83), (45.76, 4.83)),
        ((None, None), (45.76, 4.83), (45.76, 4.83)),
        ((0.0, 0.0), (0.0, 0.0), None),
        (None, None, None),
        ((0.0, 7.5), None, (0.0, 7.5)),  # on the equator is a position
    ],
)
def test_position(own, address, expected):
    assert coverage_map.position(own, address) == expected


# ----------------------------------------------------------------------
# State today
# ----------------------------------------------------------------------
@pytest.mark.parametrize(
    ("flags", "expected"),
    [
        ({}, "uncovered"),
        ({"covered": True}, "covered"),
        ({"gap": True}, "gap"),
        ({"covered": True, "duplicate": True}, "duplicate"),
        (
            {"covered": True, "duplicate": True, "decommissioned": True},
            "decommissioned",
        ),
        ({"gap": True, "decommissioned": True}, "decommissioned"),
    ],
)
def test_marker_state(flags, expected):
    assert coverage_map.marker_state(**flags) == expected


@given(st.fixed_dictionaries({s: st.booleans() for s in coverage_map.STATES[:-1]}))
def test_marker_state_is_the_worst_that_applies(flags):
    state = coverage_map.marker_state(**flags)
    worse = coverage_map.STATES[: coverage_map.STATES.index(state)]
    assert not any(flags.get(s) for s in worse)
    assert state == "uncovered" or flags[state]


# ----------------------------------------------------------------------
# Hull and boundary
# ----------------------------------------------------------------------
def test_hull_of_a_square_with_inner_points():
    square = [(0, 0), (0, 2), (2, 2), (2, 0), (1, 1), (1, 0), (0.5, 1.5)]
    assert coverage_map.convex_hull(square) == [(0, 0), (2, 0), (2, 2), (0, 2)]


def test_boundary_of_one_unit_is_a_circle():
    assert coverage_map.boundary([(45.0, 5.0), (45.0, 5.0)]) == {
        "type": "circle",
        "center": (45.0, 5.0),
        "radius": coverage_map.SINGLE_UNIT_RADIUS,
    }


def test_boundary_of_two_units_is_a_segment_and_of_none_nothing():
    assert coverage_map.boundary([(1, 1), (0, 0), (0.5, 0.5)]) == {
        "type": "polygon",
        "points": [(0, 0), (1, 1)],
    }
    assert coverage_map.boundary([]) is None


def _inside_or_on(hull, p):
    if len(hull) == 1:
        return p == hull[0]
    if len(hull) == 2:
        (a, b) = hull
        collinear = abs(coverage_map._cross(a, b, p)) < 1e-6
        within = min(a[0], b[0]) - 1e-9 <= p[0] <= max(a[0], b[0]) + 1e-9
        return collinear and within
    return all(
        coverage_map._cross(hull[i], hull[(i + 1) % len(hull)], p) >= -1e-6
        for i in range(len(hull))
    )


@settings(max_examples=300)
@given(points)
def test_hull_contains_every_point_and_is_made_of_them(pts):
    hull = coverage_map.convex_hull(pts)
    floats = {(float(a), float(b)) for a, b in pts}
    assert set(hull) <= floats
    assert all(_inside_or_on(hull, p) for p in floats)


@settings(max_examples=300)
@given(points)
def test_hull_is_strictly_convex_counter_clockwise(pts):
    hull = coverage_map.convex_hull(pts)
    if len(hull) >= 3:
        for i in range(len(hull)):
            a, b, c = hull[i], hull[(i + 1) % len(hull)], hull[(i + 2) % len(hull)]
            assert coverage_map._cross(a, b, c) > 0


@given(points, st.randoms())
def test_hull_ignores_order_and_is_idempotent(pts, rnd):
    hull = coverage_map.convex_hull(pts)
    shuffled = list(pts)
    rnd.shuffle(shuffled)
    assert coverage_map.convex_hull(shuffled) == hull
    assert coverage_map.convex_hull(hull) == hull


@given(points)
def test_boundary_kind_follows_the_distinct_positions(pts):
    shape = coverage_map.boundary(pts)
    if len(set(pts)) == 1:
        assert shape["type"] == "circle"
        assert shape["center"] == tuple(float(x) for x in pts[0])
    else:
        assert shape["type"] == "polygon"
        assert shape["points"] == coverage_map.convex_hull(pts)
