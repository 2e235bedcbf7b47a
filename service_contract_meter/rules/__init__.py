"""Business rules of meters and usage-based expiry, as plain Python.

No Odoo import: the models of ``service_contract_meter`` translate records
to these functions and back, and the repository's top-level ``tests/``
exercise them on any machine.

- :mod:`.readings`: life-to-date (net) values of a meter's readings, across
  resets and meter replacements, and the refusal of a reading that goes
  backwards on a cumulative meter.
- :mod:`.rates`: the daily utilisation rate computed from reading history.
- :mod:`.expiry`: business rule 2, the date a contract meter runs out.
- :mod:`.recompute`: which contracts the daily recalculation must recompute
  (what did not change since its last run is left out).
"""

from . import expiry, rates, readings, recompute  # noqa: F401
