"""The answer of the entitlement check: "is this unit covered, by what, why?"

An :class:`EntitlementAnswer` holds the entries covering a unit on a day,
best first (the order of ``precedence``, rule 3), and the entries that could
have covered it but do not, each with the reason.  Entries are frozen: the
check builds them once and callers read them.

Record-valued attributes (``contract``, ``coverage``, ``lot``,
``covered_through``) are whatever the caller gives (Odoo records in the
addon); this module only reads the plain attributes.
"""

import dataclasses
import datetime

from . import precedence


@dataclasses.dataclass(frozen=True)
class CoverageEntry:
    """One contract (or one of its coverage lines) facing one unit.

    ``kind`` is ``lot`` | ``product`` | ``category`` | ``whole`` (a contract
    covering the whole installed base, with no ``coverage`` line);
    ``inherited`` is set when the unit is covered through ``covered_through``,
    the primary unit it is bundled with; ``ident`` breaks ties in the order.
    ``component_covered`` is ``None`` when no component was asked about.
    """

    contract: object
    coverage: object
    lot: object
    kind: str
    covered_through: object
    ident: int
    reason: str
    inherited: bool = False
    level: str = "standard"
    date_end: datetime.date | None = None
    labor_rate: float = 0.0
    parts_rate: float = 0.0
    expense_rate: float = 0.0
    authorized_loan: bool = False
    component_covered: bool | None = None

    qualifies = None

    def __post_init__(self):
        if self.kind not in precedence.KIND_RANK:
            raise ValueError(f"Unknown coverage kind: {self.kind!r}")

    def qualify(self, reason=None, component_covered=None):
        """This entry as a :class:`CoveringEntry` (``reason`` kept if ``None``)."""
        return CoveringEntry(**self._values(reason, component_covered))

    def disqualify(self, reason, component_covered=None):
        """This entry as a :class:`NotQualifyingEntry` failing for ``reason``."""
        return NotQualifyingEntry(**self._values(reason, component_covered))

    def _values(self, reason, component_covered):
        values = {
            field.name: getattr(self, field.name) for field in dataclasses.fields(self)
        }
        if reason is not None:
            values["reason"] = reason
        if component_covered is not None:
            values["component_covered"] = component_covered
        return values


@dataclasses.dataclass(frozen=True)
class CoveringEntry(CoverageEntry):
    """An entry that covers the unit; ``reason`` says why it applies."""

    qualifies = True


@dataclasses.dataclass(frozen=True)
class NotQualifyingEntry(CoverageEntry):
    """An entry that could cover the unit but does not; ``reason`` says why
    (expired on, points used up, decommissioned on, not at this customer,
    component excluded, condition failed)."""

    qualifies = False


@dataclasses.dataclass(frozen=True)
class EntitlementAnswer:
    """The covering entries, best first, and the not-qualifying ones."""

    covering: tuple = ()
    not_qualifying: tuple = ()

    @classmethod
    def from_entries(cls, entries):
        """Split qualifying and not-qualifying ``entries`` and order both."""
        entries = list(entries)
        for entry in entries:
            if entry.qualifies is None:
                raise TypeError(
                    f"{entry!r} is neither a covering nor a not-qualifying entry."
                )
        return cls(
            covering=order(e for e in entries if e.qualifies),
            not_qualifying=order(e for e in entries if not e.qualifies),
        )

    @property
    def covered(self):
        """Whether at least one entry covers the unit."""
        return bool(self.covering)

    @property
    def best(self):
        """The covering entry that applies (``None`` when not covered)."""
        return self.covering[0] if self.covering else None

    @property
    def entries(self):
        """Every entry: the covering ones first, then the not-qualifying ones."""
        return self.covering + self.not_qualifying


def _entry_facts(entry):
    return (entry.kind, entry.level, entry.date_end, entry.ident, entry.inherited)


def order(entries):
    """``entries`` (:class:`CoverageEntry`) best first, as a tuple."""
    return tuple(precedence.order(entries, facts=_entry_facts))
