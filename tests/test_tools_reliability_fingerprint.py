"""The reliability suite's comparison of a run with the reference run
(``tools/reliability_fingerprint.py``): duplicates, losses and changes per
table, and the normalization that makes two databases' rows comparable."""

import datetime
import decimal

import pytest
import reliability_fingerprint as fp

# invoices: key = (contract, period start), values = (state, amount)
REFERENCE = [
    [1, "2026-01-01", "posted", "100"],
    [1, "2026-02-01", "posted", "100"],
    [2, "2026-01-01", "draft", "50"],
]


def test_identical_rows_in_another_order_match():
    run = list(reversed(REFERENCE))
    found = fp.compare_table(REFERENCE, run, keys=2)
    assert (found["duplicates"], found["lost"], found["changed"]) == (0, 0, 0)
    assert found["examples"] == []


def test_a_period_invoiced_twice_is_one_duplicate():
    run = [*REFERENCE, [1, "2026-02-01", "posted", "100"]]
    found = fp.compare_table(REFERENCE, run, keys=2)
    assert (found["duplicates"], found["lost"], found["changed"]) == (1, 0, 0)
    assert found["examples"][0]["key"] == [1, "2026-02-01"]


def test_a_period_not_invoiced_is_one_loss():
    found = fp.compare_table(REFERENCE, REFERENCE[:2], keys=2)
    assert (found["duplicates"], found["lost"], found["changed"]) == (0, 1, 0)
    assert found["examples"][0]["key"] == [2, "2026-01-01"]
    assert found["examples"][0]["run"] == []


def test_a_row_with_other_values_is_changed_not_lost():
    run = [REFERENCE[0], REFERENCE[1], [2, "2026-01-01", "draft", "55"]]
    found = fp.compare_table(REFERENCE, run, keys=2)
    assert (found["duplicates"], found["lost"], found["changed"]) == (0, 0, 1)


def test_a_row_created_by_the_run_only_is_a_duplicate():
    run = [*REFERENCE, [3, "2026-01-01", "posted", "10"]]
    found = fp.compare_table(REFERENCE, run, keys=2)
    assert found["duplicates"] == 1 and found["lost"] == 0


def test_repeated_keys_are_counted_as_multisets():
    # Chatter: the same note twice in the reference, three times after a run.
    reference = [[7, "<p>expired</p>"], [7, "<p>expired</p>"]]
    run = reference + [[7, "<p>expired</p>"]]
    assert fp.compare_table(reference, run, keys=2)["duplicates"] == 1
    assert fp.compare_table(run, reference, keys=2)["lost"] == 1


def test_compare_and_totals_cover_every_table():
    tables = {"invoices": ("SELECT ...", 2), "gaps": ("SELECT ...", 1)}
    reference = {"invoices": REFERENCE, "gaps": [["g1", "open"]]}
    run = {"invoices": REFERENCE + [REFERENCE[0]], "gaps": []}
    comparison = fp.compare(reference, run, tables)
    assert set(comparison) == {"invoices", "gaps"}
    assert comparison["invoices"]["duplicates"] == 1
    assert comparison["gaps"]["lost"] == 1
    assert fp.totals(comparison) == {"duplicates": 1, "lost": 1, "changed": 0}


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (datetime.date(2026, 1, 31), "2026-01-31"),
        (datetime.datetime(2026, 1, 31, 8, 0), "2026-01-31T08:00:00"),
        (decimal.Decimal("100.00"), "1E+2"),
        (decimal.Decimal("0.000"), "0"),
        (0.1 + 0.2, repr(0.3)),
        (None, None),
        (True, True),
    ],
)
def test_normalize(value, expected):
    assert fp.normalize(value) == expected


def test_equal_numbers_of_another_scale_normalize_alike():
    assert fp.normalize(decimal.Decimal("12.50")) == fp.normalize(
        decimal.Decimal("12.5000")
    )


class _Cursor:
    """A DB-API cursor answering each query from a table of results."""

    def __init__(self, answers):
        self.answers = answers
        self.rows = []

    def execute(self, query):
        self.rows = self.answers[query]

    def fetchall(self):
        return self.rows

    def fetchone(self):
        return self.rows[0]


def test_fingerprint_and_integrity_read_each_query():
    tables = {"invoices": ("Q1", 2)}
    cursor = _Cursor(
        {
            "Q1": [(1, datetime.date(2026, 1, 1), decimal.Decimal("10.0"))],
            "C1": [(0,)],
            "C2": [(3,)],
        }
    )
    assert fp.fingerprint(cursor, tables) == {"invoices": [[1, "2026-01-01", "1E+1"]]}
    assert fp.integrity(cursor, {"ok": "C1", "bad": "C2"}) == {"ok": 0, "bad": 3}


def test_every_table_has_its_key_columns_and_every_check_counts():
    for name, (query, keys) in fp.TABLES.items():
        assert query.lstrip().upper().startswith("SELECT"), name
        columns = query.split("FROM")[0].count(",") + 1
        assert 1 <= keys < columns, name
    for name, query in fp.INTEGRITY.items():
        assert "count(" in query, name
