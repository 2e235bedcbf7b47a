"""Life-to-date (net) values of a meter's readings.

A meter shows a *value*; the unit's life-to-date usage is the *net value*.
They differ once the meter has been reset (a trip counter) or replaced (a
new odometer).  Readings are taken in order (date, then creation):

- the first reading's net value is its value (a new unit's meter starts at
  0; a meter fitted on a used unit shows its life so far);
- a reading at or above the previous one adds the difference;
- a reading flagged as a *reset* (or replacement) adds the usage up to the
  reset (``value_before_reset`` - previous value; when ``value_before_reset``
  is not given, no usage is assumed between the previous reading and the
  reset) plus the usage since (``value`` - ``value_after_reset``, where
  ``value_after_reset`` is what the meter showed right after the reset: 0
  for a reset, the new meter's value for a replacement);
- a lower reading without the flag is an implicit reset to zero on a
  *resettable* meter, and refused on a *cumulative* one
  (:class:`ReadingOrderError`).
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class MeterReading:
    """What the rules need of one reading."""

    value: float
    reset: bool = False
    value_before_reset: float = 0.0
    value_after_reset: float = 0.0


class ReadingOrderError(ValueError):
    """A reading that cannot follow the previous one.

    ``index`` is the position of the offending reading, ``previous`` the
    value it is compared with, ``reason`` one of ``negative``, ``backwards``
    (below the previous reading on a cumulative meter), ``before_reset``
    and ``after_reset`` (inconsistent reset values).
    """

    def __init__(self, index, previous, value, message, reason):
        super().__init__(message)
        self.index = index
        self.previous = previous
        self.value = value
        self.reason = reason


def net_values(readings, resettable=False):
    """The life-to-date value of each reading, in the order given.

    ``readings`` is a sequence of :class:`MeterReading` sorted by date then
    creation.  Raises :class:`ReadingOrderError` on a reading going
    backwards on a cumulative meter, or on inconsistent reset values.
    """
    result = []
    previous_value = None
    previous_net = 0.0
    for index, reading in enumerate(readings):
        value = reading.value
        if value < 0:
            raise ReadingOrderError(
                index,
                previous_value,
                value,
                "A meter value cannot be negative.",
                "negative",
            )
        base = previous_value if previous_value is not None else 0.0
        if reading.reset:
            before = reading.value_before_reset or base
            after = reading.value_after_reset or 0.0
            if before < base:
                raise ReadingOrderError(
                    index,
                    base,
                    before,
                    "The value before the reset is below the previous reading.",
                    "before_reset",
                )
            if value < after:
                raise ReadingOrderError(
                    index,
                    after,
                    value,
                    "The reading is below the value the meter was reset to.",
                    "after_reset",
                )
            net = previous_net + (before - base) + (value - after)
        elif previous_value is None:
            net = value
        elif value >= previous_value:
            net = previous_net + (value - previous_value)
        elif resettable:
            net = previous_net + value
        else:
            raise ReadingOrderError(
                index,
                previous_value,
                value,
                "The reading is below the previous one on a cumulative meter.",
                "backwards",
            )
        result.append(net)
        previous_value = value
        previous_net = net
    return result
