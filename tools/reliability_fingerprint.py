"""Fingerprints of what the scheduled actions write, and their comparison.

Used by ``tools/reliability.py``: a database after a run (two at once, a
killed run and its rerun, ...) is compared with the reference database after
one clean run of the same action.  No Odoo import: the fingerprints are plain
SQL, the comparison plain Python.

A table's fingerprint is the multiset of its rows, each row split into a
*key* (what identifies the row across databases: ids of seeded rows, which
every copy shares, or natural keys such as contract and period for rows a
run creates) and *values*.  Ids of created rows, timestamps and authors,
which legitimately differ between runs, are left out.  The comparison counts,
per table, the keys present more often than in the reference (duplicates),
less often (lost), and the rows whose values differ (changed).

``INTEGRITY`` holds checks that must find nothing on any database after a run
to its end: an invoice without its lines, a renewal or revaluation whose
contract does not show it, a billing line revalued without its history row.
"""

import datetime
import decimal
from collections import Counter

#: name: (SQL returning key columns then value columns, number of key columns)
TABLES = {
    "contracts": (
        """SELECT id, state, date_start, date_end, date_expiry,
                  date_expiry_calculated, date_next_invoice, invoiced_until,
                  invoiced_to_end, date_next_revaluation, index_date_base,
                  coverage_gaps_checked_on, billing_error IS NOT NULL
             FROM service_contract""",
        1,
    ),
    "billing_lines": (
        """SELECT id, contract_id, round(price_unit::numeric, 4), quantity
             FROM service_contract_billing_line""",
        1,
    ),
    "invoices": (
        """SELECT m.service_contract_id, m.service_period_start,
                  m.service_period_end, m.state, m.move_type, m.invoice_date,
                  round(m.amount_untaxed, 2),
                  (SELECT count(*) FROM account_move_line l
                    WHERE l.move_id = m.id AND l.display_type = 'product')
             FROM account_move m
            WHERE m.service_contract_id IS NOT NULL""",
        2,
    ),
    "invoice_lines": (
        """SELECT m.service_contract_id, l.service_period_start,
                  l.service_contract_billing_line_id, l.quantity,
                  round(l.price_unit, 4), l.service_points
             FROM account_move_line l JOIN account_move m ON m.id = l.move_id
            WHERE m.service_contract_id IS NOT NULL
              AND l.display_type = 'product'""",
        3,
    ),
    "renewals": (
        """SELECT contract_id, date_end_old, date_end_new, renewal_type, date
             FROM service_contract_renewal""",
        2,
    ),
    "revaluations": (
        """SELECT contract_id, date, method, round(percent::numeric, 4),
                  index_id, index_date_base,
                  round(index_value_base::numeric, 6),
                  round(index_value_new::numeric, 6),
                  round(amount_old, 2), round(amount_new, 2)
             FROM service_contract_revaluation""",
        2,
    ),
    "points_moves": (
        """SELECT contract_id, kind, counter, date, points
             FROM service_contract_points_move""",
        4,
    ),
    "contract_meters": (
        "SELECT id, value_end, date_expiry FROM service_contract_meter",
        1,
    ),
    "unit_meters": (
        """SELECT id, last_reading_date, round(last_value::numeric, 4),
                  round(daily_rate::numeric, 4)
             FROM service_asset_meter""",
        1,
    ),
    "gaps": (
        """SELECT kind, lot_id, contract_id, coverage_id, other_contract_id,
                  other_coverage_id, state, date_found, date_resolved, gap_count
             FROM service_contract_coverage_gap""",
        6,
    ),
    "contract_notes": (
        """SELECT res_id, body::text, message_type
             FROM mail_message WHERE model = 'service.contract'""",
        2,
    ),
    "tracking_values": (
        """SELECT m.res_id, f.name, v.old_value_char, v.new_value_char,
                  v.old_value_datetime, v.new_value_datetime
             FROM mail_tracking_value v
             JOIN mail_message m ON m.id = v.mail_message_id
             JOIN ir_model_fields f ON f.id = v.field_id
            WHERE m.model = 'service.contract'""",
        4,
    ),
    "activities": (
        """SELECT res_id, activity_type_id, date_deadline, user_id
             FROM mail_activity WHERE res_model = 'service.contract'""",
        2,
    ),
}

#: name: SQL counting what must never be found after a run to its end
INTEGRITY = {
    "invoices without lines": """
        SELECT count(*) FROM account_move m
         WHERE m.service_contract_id IS NOT NULL AND NOT EXISTS (
               SELECT 1 FROM account_move_line l
                WHERE l.move_id = m.id AND l.display_type = 'product')""",
    "periods invoiced twice": """
        SELECT count(*) - count(DISTINCT (service_contract_id, service_period_start))
          FROM account_move
         WHERE service_contract_id IS NOT NULL AND state != 'cancel'""",
    "renewed end date not on the contract": """
        SELECT count(*) FROM service_contract c
          JOIN (SELECT contract_id, max(date_end_new) AS date_end
                  FROM service_contract_renewal GROUP BY contract_id) r
            ON r.contract_id = c.id
         WHERE c.date_end IS DISTINCT FROM r.date_end""",
    "revaluation not moved on the contract": """
        SELECT count(*) FROM service_contract c
          JOIN (SELECT contract_id, max(date) AS date
                  FROM service_contract_revaluation GROUP BY contract_id) r
            ON r.contract_id = c.id
         WHERE c.date_next_revaluation IS NOT NULL
           AND c.date_next_revaluation <= r.date""",
    "open gaps found twice": """
        SELECT count(*) - count(DISTINCT (kind, lot_id, contract_id, coverage_id,
                                          other_contract_id, other_coverage_id))
          FROM service_contract_coverage_gap WHERE state = 'open'""",
}


def normalize(value):
    """A value as JSON keeps it, equal for equal database values."""
    if isinstance(value, (datetime.date, datetime.datetime)):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return str(value.normalize()) if value else "0"
    if isinstance(value, float):
        return repr(round(value, 6))
    return value


def table_rows(rows):
    """Rows of a query as lists of normalized values."""
    return [[normalize(value) for value in row] for row in rows]


def fingerprint(cursor, tables=None):
    """{table: [row, ...]} of the database ``cursor`` is on (DB-API cursor)."""
    result = {}
    for name, (query, _keys) in (tables or TABLES).items():
        cursor.execute(query)
        result[name] = table_rows(cursor.fetchall())
    return result


def integrity(cursor, checks=None):
    """{check: count} of what must never be found (all 0 when sound)."""
    result = {}
    for name, query in (checks or INTEGRITY).items():
        cursor.execute(query)
        result[name] = cursor.fetchone()[0]
    return result


def _split(rows, keys):
    by_key = {}
    for row in rows:
        by_key.setdefault(tuple(row[:keys]), Counter())[tuple(row[keys:])] += 1
    return by_key


def compare_table(reference, other, keys):
    """Duplicates, losses and changes of ``other``'s rows against
    ``reference``'s, rows being split into ``keys`` key columns and values.

    A key found n more times than in the reference counts n duplicates, n
    fewer times n losses; among the rows whose key is in both as often, those
    whose values are not the reference's count as changed.
    """
    ref, run = _split(reference, keys), _split(other, keys)
    duplicates = lost = changed = 0
    examples = []
    for key in ref.keys() | run.keys():
        ref_values, run_values = ref.get(key, Counter()), run.get(key, Counter())
        ref_count, run_count = ref_values.total(), run_values.total()
        if run_count > ref_count:
            duplicates += run_count - ref_count
        elif ref_count > run_count:
            lost += ref_count - run_count
        else:
            differing = (ref_values - run_values).total()
            changed += differing
            if not differing:
                continue
        if len(examples) < 3:
            examples.append(
                {
                    "key": list(key),
                    "reference": sorted(ref_values.elements()),
                    "run": sorted(run_values.elements()),
                }
            )
    return {
        "duplicates": duplicates,
        "lost": lost,
        "changed": changed,
        "examples": examples,
    }


def compare(reference, other, tables=None):
    """{table: compare_table(...)} for every table of the fingerprints."""
    tables = tables or TABLES
    return {
        name: compare_table(reference.get(name, []), other.get(name, []), keys)
        for name, (_query, keys) in tables.items()
    }


def totals(comparison):
    """Sum of duplicates, losses and changes over every table."""
    return {
        what: sum(table[what] for table in comparison.values())
        for what in ("duplicates", "lost", "changed")
    }
