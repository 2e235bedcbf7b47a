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


# Why an entry does not qualify on a day, in the order the check tries them:
# the first failing one is the reason shown.
NOT_STARTED = "not_started"  # the contract starts later
EXPIRED = "expired"  # the contract ended (expired on its expiry date)
LINE_NOT_STARTED = "line_not_started"  # the coverage line starts later
LINE_ENDED = "line_ended"  # the coverage line ended
DECOMMISSIONED = "decommissioned"  # the unit was decommissioned
POINTS_USED_UP = "points_used_up"  # a points contract has no points left
NOT_INSTALLED = "not_installed"  # the unit is not installed at the customer
CONDITION_FAILED = "condition_failed"  # a conditional rule failed
FAILURES = (
    NOT_STARTED,
    EXPIRED,
    LINE_NOT_STARTED,
    LINE_ENDED,
    DECOMMISSIONED,
    POINTS_USED_UP,
    NOT_INSTALLED,
    CONDITION_FAILED,
)


@dataclasses.dataclass(frozen=True)
class Failure:
    """Why an entry does not qualify: one of ``FAILURES`` and, where the
    reason has one, its date (the expiry, the end, the decommissioning...) or
    the name of the failed condition."""

    code: str
    date: datetime.date | None = None
    condition: str | None = None


def why_not(
    day,
    *,
    contract_start=None,
    contract_end=None,
    line_start=None,
    line_end=None,
    in_service=True,
    decommission_date=None,
    points_used_up=False,
    installed=True,
    failed_condition=None,
):
    """The :class:`Failure` of an entry on ``day``, or ``None`` when it qualifies.

    ``contract_start``/``contract_end`` are the contract's start and expiry,
    ``line_start``/``line_end`` the coverage line's dates (``None``: open, or
    no line); ``in_service`` whether the unit is in service on ``day`` (the
    installed-base fact) and ``decommission_date`` when it was taken out;
    ``installed`` whether it is installed at the contract's customer;
    ``failed_condition`` the name of the first conditional rule that fails.
    """
    if contract_start and day < contract_start:
        return Failure(NOT_STARTED, contract_start)
    if contract_end and day > contract_end:
        return Failure(EXPIRED, contract_end)
    if line_start and day < line_start:
        return Failure(LINE_NOT_STARTED, line_start)
    if line_end and day > line_end:
        return Failure(LINE_ENDED, line_end)
    if not in_service:
        return Failure(DECOMMISSIONED, decommission_date)
    if points_used_up:
        return Failure(POINTS_USED_UP)
    if not installed:
        return Failure(NOT_INSTALLED)
    if failed_condition:
        return Failure(CONDITION_FAILED, condition=failed_condition)
    return None


def covering_unit(line, units, installed_at):
    """The first of ``units`` (the unit, then the primary units it is bundled
    with, nearest first) through which coverage ``line`` covers it, or ``None``.

    ``line`` maps ``coverage_type``, ``lot_id``, ``product_id``, ``categ_id``
    and ``partner_id``; each unit maps ``id``, ``product_id`` and
    ``categ_ids`` (its product's category and that category's parents);
    ``installed_at(unit, partner_id)`` says whether a unit is installed at the
    line's customer now.  A serial line covers the unit it lists wherever it
    is (the check says when it is not at the customer); a product or category
    line only the units installed at its customer.
    """
    kind = line["coverage_type"]
    for unit in units:
        if kind == "lot" and line["lot_id"] == unit["id"]:
            return unit
        if not installed_at(unit, line["partner_id"]):
            continue
        if kind == "product" and line["product_id"] == unit["product_id"]:
            return unit
        if kind == "category" and line["categ_id"] in unit["categ_ids"]:
            return unit
    return None


#: The coverage line's column each kind of target names.
TARGET_COLUMNS = {"lot": "lot_id", "product": "product_id", "category": "categ_id"}


def line_targets(units):
    """The terms that find the coverage lines that may cover one of
    ``units`` (the unit, then the primary units it is bundled with): ``[(kind,
    ids, partner_id)]``, the lines of that kind naming one of ``ids`` (in the
    column ``TARGET_COLUMNS[kind]``), at ``partner_id`` when it is not
    ``None``.

    One term for the listed units, and one product and one category term a
    customer of the units, so that the search does not grow with the number
    of units of a chain that share a customer.  Each unit maps ``id``,
    ``product_id``, ``categ_ids`` and ``partner_id`` (falsy: no customer).
    """
    targets = [("lot", sorted({unit["id"] for unit in units}), None)]
    products, categs = {}, {}
    for unit in units:
        partner_id = unit["partner_id"]
        if not partner_id:
            continue
        products.setdefault(partner_id, set()).add(unit["product_id"])
        categs.setdefault(partner_id, set()).update(unit["categ_ids"])
    for partner_id, product_ids in products.items():
        targets.append(("product", sorted(product_ids), partner_id))
        if categs[partner_id]:
            targets.append(("category", sorted(categs[partner_id]), partner_id))
    return targets
