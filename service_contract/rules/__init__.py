"""Business rules of service contracts, as plain Python (no Odoo import).

The models translate records to these functions and back; the repository's
top-level ``tests/`` exercise them on any machine.
"""

from . import dates, installed_base, pg_array, points, status
