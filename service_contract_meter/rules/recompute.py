"""Which contracts the daily meter expiry action must recompute.

The calculated expiry depends on the day of the computation (rule 2:
today + days left, and the rate window ends today) and on the contract's
inputs: its readings, unit meters and their rates, meter kinds (rate
window, reading type), contract meters (start, interval, unit meter), the
contract's own terms (dates, template, status, account manager, company)
and the company's warning days.

A contract stores the day its meter expiry was last computed
(``meter_expiry_checked_on``).  Every change of an input clears it; the
action stamps it once a batch is done.  So a contract needs recomputing
when it is not cancelled, has contract meters, and was not computed today
from its current inputs: never computed, computed on another day (the date
moves on with the days), or an input changed since (the marker is empty).

``recompute_domain`` is ``needs_recompute`` as a search domain, so that the
action's batch search itself leaves out what did not change; ``tests/``
checks that both agree.
"""

#: The contract field holding the day of the last computation.
MARKER = "meter_expiry_checked_on"
#: The contract's stored flag "has contract meters": a column, so that the
#: batch search costs the same wherever it is in the table (a term on the
#: contract meters themselves is a semi join PostgreSQL may answer by
#: reading every line before the batch).
HAS_METERS = "has_meters"


def needs_recompute(state, has_meters, checked_on, today):
    """Whether a contract's calculated expiry by meter must be recomputed.

    ``checked_on`` is the day of its last computation from its current
    inputs (``None`` or ``False``: never, or an input changed since).
    """
    return state != "cancel" and bool(has_meters) and checked_on != today


def recompute_domain(today):
    """``needs_recompute`` as a domain on ``service.contract``."""
    return [
        "&",
        "&",
        ("state", "!=", "cancel"),
        (HAS_METERS, "=", True),
        (MARKER, "!=", today),
    ]
