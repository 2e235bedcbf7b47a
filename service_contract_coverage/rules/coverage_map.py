"""The coverage map: where a unit is drawn, in which colour, and the outline
of the units a contract covers.

A unit's own position wins over its installation address's (``position``);
a latitude and longitude both zero is no position (Odoo's partners default
to 0, 0).  A unit's state today is the worst of what the coverage gaps and
lines say of it (``marker_state``).  A contract's boundary is the convex hull
of its units' positions, a circle around a single position (``boundary``).
Positions are ``(latitude, longitude)`` pairs; over a region the size of a
country the hull in degrees is close enough to the one on the ground.
"""

# Marker states, in the legend's order; ``marker_state`` picks the first
# that applies, from the worst down.
STATES = ("decommissioned", "duplicate", "gap", "covered", "uncovered")
# A single unit's boundary: a circle of this radius, in metres.
SINGLE_UNIT_RADIUS = 500.0


def is_position(latitude, longitude):
    """Whether ``latitude, longitude`` is a position (not missing, not 0, 0)."""
    if latitude is None or longitude is None:
        return False
    return bool(latitude or longitude)


def position(own, address):
    """The unit's position: its own ``(lat, lon)`` when set, else its
    installation address's, else ``None``."""
    for candidate in (own, address):
        if candidate and is_position(*candidate):
            return (float(candidate[0]), float(candidate[1]))
    return None


def marker_state(decommissioned=False, duplicate=False, gap=False, covered=False):
    """The unit's state today: decommissioned, else covered twice
    (duplicate), else uncovered at a customer under contract (gap), else
    covered, else uncovered (a customer with no contract)."""
    # STATES' order, spelt out: it runs once per unit of the map
    if decommissioned:
        return "decommissioned"
    if duplicate:
        return "duplicate"
    if gap:
        return "gap"
    return "covered" if covered else "uncovered"


def _cross(o, a, b):
    """The z of (a - o) x (b - o): > 0 for a left turn o -> a -> b."""
    return (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0])


def convex_hull(points):
    """The convex hull of ``points``, its vertices counter-clockwise from the
    lowest, leftmost one, without collinear points (Andrew's monotone chain).
    One distinct point gives itself; points on one line give the two ends."""
    pts = sorted({(float(p[0]), float(p[1])) for p in points})
    if len(pts) <= 2:
        return pts

    def half(sequence):
        chain = []
        for point in sequence:
            while len(chain) >= 2 and _cross(chain[-2], chain[-1], point) <= 0:
                chain.pop()
            chain.append(point)
        return chain

    lower = half(pts)
    upper = half(reversed(pts))
    return lower[:-1] + upper[:-1]


def boundary(points, radius=SINGLE_UNIT_RADIUS):
    """A contract's boundary around the positions of the units it covers:
    ``{"type": "circle", "center": p, "radius": metres}`` around a single
    position, ``{"type": "polygon", "points": hull}`` otherwise (two
    positions give a segment), ``None`` without positions."""
    hull = convex_hull(points)
    if not hull:
        return None
    if len(hull) == 1:
        return {"type": "circle", "center": hull[0], "radius": radius}
    return {"type": "polygon", "points": hull}
