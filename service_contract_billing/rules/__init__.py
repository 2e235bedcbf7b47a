"""Business rules of service contract billing, as plain Python (no Odoo import).

``periods``: the billing period grid, the pieces of it still to invoice and
their invoice dates; ``prorata``: the share of a period a piece covers and its
amount; ``advance``: the no-advance-billing rule; ``renewal``: when a contract
may be renewed and its new end date; ``revaluation``: fixed percentage and
index revaluation (rule 7).  The models translate records to these functions
and back; the repository's top-level ``tests/`` exercise them on any machine.
"""

from . import advance, periods, prorata, renewal, revaluation  # noqa: F401
