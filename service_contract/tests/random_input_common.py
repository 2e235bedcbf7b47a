"""Random input through the ORM: saved and valid, or refused and unchanged.

``RandomInputMixin._assert_random_writes`` writes values drawn by hypothesis
into a record's user-writable fields, each example in a savepoint, and
asserts that the write either succeeds and leaves a valid record (the
caller's ``check``, written independently of the models' constraints), or is
refused with a ``ValidationError`` / ``UserError`` carrying a message, the
record re-read from the database unchanged. Any other exception (a database
error, a traceback) fails the test.
"""

import datetime

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from odoo.exceptions import UserError, ValidationError

DATES = st.one_of(
    st.none(),
    st.dates(
        min_value=datetime.date(1990, 1, 1), max_value=datetime.date(2100, 12, 31)
    ),
)
PERCENTS = st.one_of(
    st.sampled_from([0.0, 100.0, -0.01, 100.01, -100.0, 1000.0]),
    st.floats(min_value=-1e6, max_value=1e6, allow_nan=False),
)
AMOUNTS = st.one_of(
    st.sampled_from([0.0, -1.0, 1.0]),
    st.floats(min_value=-1e9, max_value=1e9, allow_nan=False),
)
INTEGERS = st.integers(min_value=-1_000_000, max_value=1_000_000)
TEXTS = st.one_of(st.none(), st.text(max_size=40))


class _Saved(Exception):
    """Rolls a successful example back, so that each starts from the same
    record."""


class RandomInputMixin:
    MAX_EXAMPLES = 30

    def _assert_random_writes(self, record, strategies, check, max_examples=None):
        """``strategies``: {field: hypothesis strategy} (``None`` is written
        as ``False``); ``check(record)`` asserts a saved record is valid."""
        record.ensure_one()
        self.env.flush_all()
        names = list(strategies)
        outcomes = {"saved": 0, "refused": 0}

        def stored():
            self.env.invalidate_all(flush=False)
            return record.sudo().read(names)[0]

        @settings(
            max_examples=max_examples or self.MAX_EXAMPLES,
            deadline=None,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
        @given(st.fixed_dictionaries({}, optional=strategies))
        def write_random(vals):
            vals = {
                name: False if value is None else value for name, value in vals.items()
            }
            before = stored()
            try:
                with self.env.cr.savepoint():
                    record.write(vals)
                    self.env.flush_all()
                    self.env.invalidate_all()
                    check(record)
                    raise _Saved
            except _Saved:
                outcomes["saved"] += 1
            except (ValidationError, UserError) as error:
                outcomes["refused"] += 1
                message = str(error.args[0] if error.args else error)
                self.assertTrue(message.strip(), f"refusal of {vals} has no message")
                self.assertNotIn("psycopg2", message)
            self.assertEqual(stored(), before, f"{vals} left a trace")

        write_random()
        return outcomes
