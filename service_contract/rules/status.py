"""Status rules of a contract (business rule 1).

A contract is created ``draft`` or ``ready``; ``ready`` never returns to
``draft``.  A ready contract whose effective expiry date is reached (an
expiry of today counts) becomes ``expired``; an expired contract whose dates
move into the future becomes ``ready`` again.  Drafts and cancelled
contracts keep their status: a draft has not been validated yet, and a
cancellation is final.

``expire_domain``, ``reopen_domain`` and ``state_update_domain`` are the same
rule as search domains on ``service.contract`` (``state``, ``date_expiry``),
for the daily scheduled action; ``tests/`` checks that they agree with
``state_for_dates``.
"""

DRAFT = "draft"
READY = "ready"
EXPIRED = "expired"
CANCEL = "cancel"

STATES = (DRAFT, READY, EXPIRED, CANCEL)
CREATE_STATES = (DRAFT, READY)


def is_expired(date_expiry, today):
    """Whether a contract ending on ``date_expiry`` has ended by ``today``."""
    return bool(date_expiry) and date_expiry <= today


def state_for_dates(state, date_expiry, today):
    """The status a contract in ``state`` should have on ``today``."""
    if state == READY and is_expired(date_expiry, today):
        return EXPIRED
    if state == EXPIRED and not is_expired(date_expiry, today):
        return READY
    return state


def expire_domain(today):
    """Contracts ``state_for_dates`` moves from ready to expired on ``today``."""
    return ["&", ("state", "=", READY), ("date_expiry", "<=", today)]


def reopen_domain(today):
    """Contracts ``state_for_dates`` moves from expired back to ready on ``today``."""
    return [
        "&",
        ("state", "=", EXPIRED),
        "|",
        ("date_expiry", "=", False),
        ("date_expiry", ">", today),
    ]


def state_update_domain(today):
    """Contracts whose status ``state_for_dates`` changes on ``today``."""
    return ["|", *expire_domain(today), *reopen_domain(today)]


def check_transition(old, new):
    """Raise ``ValueError`` when moving from ``old`` to ``new`` is not allowed.

    Only the move back to ``draft`` from a validated contract is forbidden;
    a cancelled contract may be reset to draft to be reworked.
    """
    if new not in STATES:
        raise ValueError(f"Unknown status: {new!r}")
    if new == DRAFT and old in (READY, EXPIRED):
        raise ValueError("A validated contract cannot return to draft.")


def check_create_state(state):
    """Raise ``ValueError`` when a contract may not be created in ``state``."""
    if state not in CREATE_STATES:
        raise ValueError("A contract is created as draft or ready.")
