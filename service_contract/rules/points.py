"""The points ledger of a points contract (business rule 8), as plain Python.

Every movement of a contract's points is a row: the points granted when the
contract starts (``initial``), bought through an invoice (``purchase``),
consumed by a repair (``consumption``) or adjusted by hand (``adjustment``).
A row's points are signed by their effect on the balance: what is granted is
positive, what is used is negative.  Each row moves one of the contract's two
counters: ``total`` (the points granted) or ``used`` (the points used).
Initial points and purchases move the total, consumptions move what is used,
and an adjustment moves either.  The counters are sums of rows, never edited:

- points total = sum of the points of the ``total`` rows;
- points used = minus the sum of the points of the ``used`` rows;
- points left = points total - points used = sum of all the rows.
"""

INITIAL = "initial"
PURCHASE = "purchase"
CONSUMPTION = "consumption"
ADJUSTMENT = "adjustment"
KINDS = (INITIAL, PURCHASE, CONSUMPTION, ADJUSTMENT)

TOTAL = "total"
USED = "used"
COUNTERS = (TOTAL, USED)

# The counter each kind moves; an adjustment moves the one it says.
KIND_COUNTER = {INITIAL: TOTAL, PURCHASE: TOTAL, CONSUMPTION: USED}


def counter_for(kind, counter=None):
    """The counter a row of ``kind`` moves (``counter`` for an adjustment).

    Raises ``ValueError`` when a kind and its counter disagree (a consumption
    moving the total, ...) or an adjustment names no counter.
    """
    if kind not in KINDS:
        raise ValueError(f"Unknown points movement: {kind!r}")
    expected = KIND_COUNTER.get(kind)
    if expected is None:
        if counter not in COUNTERS:
            raise ValueError("An adjustment moves the points total or the points used.")
        return counter
    if counter not in (None, expected):
        raise ValueError(f"A {kind} moves the points {expected}, not {counter}.")
    return expected


def signed_points(counter, delta):
    """The row that moves ``counter`` by ``delta``, signed by its effect on
    the balance (more points used is fewer points left)."""
    if counter not in COUNTERS:
        raise ValueError(f"Unknown points counter: {counter!r}")
    return delta if counter == TOTAL else -delta


def counters(rows):
    """``(total, used)`` of rows given as ``(counter, points)`` pairs."""
    sums = dict.fromkeys(COUNTERS, 0.0)
    for counter, points in rows:
        sums[counter] += points or 0.0
    return sums[TOTAL], signed_points(USED, sums[USED])


def adjustment(counter, current, target):
    """The signed points of the row taking ``counter`` from ``current`` to
    ``target`` (0.0 when nothing is to be adjusted)."""
    return signed_points(counter, (target or 0.0) - (current or 0.0))
