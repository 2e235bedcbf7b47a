"""Business rules of coverage, as plain Python (no Odoo import).

``entitlement`` is the typed answer of the entitlement check,
``precedence`` orders the lines covering a unit (rule 3), ``conditions``
evaluates a line's conditional rules against a unit's facts, ``components``
gives the include/exclude defaults and answers of rule 4, and ``financial``
turns covered shares into discounts.  The models translate records to these
functions and back; the repository's top-level ``tests/`` exercise them.
"""

from . import components, conditions, entitlement, financial, precedence  # noqa: F401
