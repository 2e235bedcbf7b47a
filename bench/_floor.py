"""The floor of an action that writes rows: PostgreSQL writing the same rows.

An action that updates and inserts rows cannot cost less than PostgreSQL
writing those rows itself.  :func:`capture_writes`, called in the
transaction of a run before it is rolled back, copies out every row that run
wrote (in every table with ``create_date`` and ``write_date``: the rows whose
``write_date`` is the transaction's time, as the ORM and the batch toolkit
stamp them); :func:`time_writes_committed` then writes those same rows, with
the same values, on a copy of the database as it was before the run: one
set-based ``UPDATE`` a table for the rows that existed, one ``INSERT`` a
table for the rows the run created (parents first), and a ``COMMIT``.  The
indexes, foreign keys and triggers of the tables are those of the action.
Rows of tables without those columns (many2many relations) are not
written: the floor is a lower bound.

An action also reads its inputs.  :func:`time_reads_committed` runs, on the
committed database, the ``SELECT`` statements a benchmark names (each once,
set-based, over everything the action reads) and fetches their rows: what
PostgreSQL needs to hand over the inputs, with no ORM in between.
"""

import io
import time

from _odoo import scratch_database
from _report import Measure


def _tables(cr):
    """The tables with ``id``, ``create_date`` and ``write_date`` columns."""
    cr.execute(
        """
        SELECT table_name FROM information_schema.columns
         WHERE table_schema = 'public' AND column_name IN
               ('id', 'create_date', 'write_date')
         GROUP BY table_name HAVING count(*) = 3
         ORDER BY table_name
        """
    )
    return [row[0] for row in cr.fetchall()]


def _parents_first(cr, tables):
    """``tables`` ordered so that a table comes after those its foreign
    keys point to (among ``tables``)."""
    cr.execute(
        """
        SELECT c.conrelid::regclass::text, c.confrelid::regclass::text
          FROM pg_constraint c
         WHERE c.contype = 'f' AND c.conrelid != c.confrelid
           AND c.conrelid::regclass::text = ANY(%s)
           AND c.confrelid::regclass::text = ANY(%s)
        """,
        [list(tables), list(tables)],
    )
    parents = {table: set() for table in tables}
    for child, parent in cr.fetchall():
        parents[child.strip('"')].add(parent.strip('"'))
    ordered = []
    while parents:
        ready = sorted(t for t, ps in parents.items() if not ps - set(ordered))
        if not ready:  # a cycle: the rest in name order
            ready = sorted(parents)
        for table in ready:
            ordered.append(table)
            del parents[table]
    return ordered


def capture_writes(cr):
    """Every row written in ``cr``'s transaction, as ``{table: (columns,
    COPY text, rows updated, rows inserted, the transaction's time)}``
    (tables with none left out)."""
    cr.execute("SELECT now() AT TIME ZONE 'UTC'")
    now = cr.fetchone()[0]
    captured = {}
    for table in _tables(cr):
        cr.execute(
            f"SELECT count(*) FILTER (WHERE create_date < %s), "  # noqa: S608
            f'count(*) FILTER (WHERE create_date >= %s) FROM "{table}" '
            "WHERE write_date = %s",
            [now, now, now],
        )
        updated, inserted = cr.fetchone()
        if not updated and not inserted:
            continue
        cr.execute(
            "SELECT column_name FROM information_schema.columns "
            "WHERE table_schema = 'public' AND table_name = %s "
            "ORDER BY ordinal_position",
            [table],
        )
        columns = [row[0] for row in cr.fetchall()]
        buffer = io.StringIO()
        cr._obj.copy_expert(
            cr._obj.mogrify(
                f'COPY (SELECT * FROM "{table}" WHERE write_date = %s) '  # noqa: S608
                "TO STDOUT",
                [now],
            ).decode(),
            buffer,
        )
        captured[table] = (columns, buffer.getvalue(), updated, inserted, now)
    return captured


def describe(captured, measure=None):
    """``"table: n updated, m inserted; ..."`` of :func:`capture_writes`,
    with the seconds of each statement of ``measure`` when given."""
    spent = getattr(measure, "statements", {})
    parts = []
    for table, (_c, _t, updated, inserted, _n) in sorted(captured.items()):
        times = [
            f"{what.lower()} {spent[f'{what} {table}']:.2f} s"
            for what in ("UPDATE", "INSERT")
            if f"{what} {table}" in spent
        ]
        parts.append(
            f"{table}: {updated} updated, {inserted} inserted"
            + (f" ({', '.join(times)})" if times else "")
        )
    if "COMMIT" in spent:
        parts.append(f"commit {spent['COMMIT']:.2f} s")
    return "; ".join(parts)


def time_and_print(database, captured):
    """:func:`time_writes_committed` from a benchmark that holds a registry
    on ``database`` (its connections are closed first, so that the copy can
    be made), and print the result; returns the measure."""
    from odoo.sql_db import close_db  # noqa: PLC0415

    close_db(database)
    measure = time_writes_committed(database, captured)
    print(
        f"PostgreSQL writing the same rows and COMMIT: {measure.seconds:.2f} s "
        f"({describe(captured, measure)})"
    )
    return measure


def report_writes(names, size, items, captured, measure, ours, goal=None):  # noqa: PLR0913
    """The benchmark table's two rows of the writes floor: ``names`` is
    ``(floor row, ratio row)``; ``ours`` is ``(seconds, note)`` of the run
    compared to it; ``goal`` is ``(goal of the floor row, what it says)``,
    for a goal the floor itself decides."""
    from _report import report  # noqa: PLC0415

    floor_name, ratio_name = names
    seconds, note = ours
    report(
        floor_name,
        size,
        measure.seconds,
        items=items,
        queries=measure.queries,
        goal=goal[0] if goal else None,
        note="the rows the first run wrote, written by one set-based "
        "statement a table on a copy, and committed: "
        + describe(captured, measure)
        + (f"; goal: {goal[1]}" if goal else ""),
    )
    report(
        ratio_name,
        size,
        seconds,
        items=items,
        ratio=seconds / measure.seconds,
        versus="PostgreSQL writes + COMMIT",
        note=note,
    )


def time_writes_committed(database, captured):
    """Write the rows of :func:`capture_writes` on a copy of ``database``
    (as it was before the run) and commit; returns the :class:`Measure` of
    the statements and the commit (loading the rows into temporary tables
    is not timed), with ``statements``: ``{"UPDATE table": seconds, ...}``."""
    from odoo.sql_db import db_connect  # noqa: PLC0415

    with (
        scratch_database(database, "writes") as copy,
        db_connect(copy).cursor() as cr,
    ):
        for table, (_columns, text, _u, _i, _now) in captured.items():
            cr.execute(f'CREATE TEMP TABLE "floor_{table}" (LIKE "{table}")')
            cr._obj.copy_expert(f'COPY "floor_{table}" FROM STDIN', io.StringIO(text))
            cr.execute(f'ANALYZE "floor_{table}"')
        statements = []  # (label, SQL, the capture's transaction time)
        for table in _parents_first(cr, list(captured)):
            columns, _text, updated, inserted, now = captured[table]
            names = ", ".join(f'"{c}"' for c in columns)
            if updated:
                assign = ", ".join(f'"{c}" = v."{c}"' for c in columns if c != "id")
                sql = (
                    f'UPDATE "{table}" SET {assign} FROM "floor_{table}" v '  # noqa: S608
                    f'WHERE "{table}".id = v.id AND v.create_date < %s'
                )
                statements.append((f"UPDATE {table}", sql, now))
            if inserted:
                sql = (
                    f'INSERT INTO "{table}" ({names}) SELECT {names} '  # noqa: S608
                    f'FROM "floor_{table}" WHERE create_date >= %s'
                )
                statements.append((f"INSERT {table}", sql, now))
        cr.commit()
        spent = {}
        with Measure(cr) as measure:
            for label, sql, now in statements:
                started = time.perf_counter()
                cr.execute(sql, [now])
                spent[label] = time.perf_counter() - started
            started = time.perf_counter()
            cr.commit()
            spent["COMMIT"] = time.perf_counter() - started
    measure.statements = spent
    return measure


def time_reads_committed(database, statements):
    """Run ``statements`` (``[(label, SQL text)]``, ``SELECT`` statements
    with their parameters in the text) on ``database`` in one transaction
    and fetch every row; returns the :class:`Measure` of it, with
    ``statements``: ``{label: seconds}`` and ``rows``: ``{label: rows}``."""
    from odoo.sql_db import close_db, db_connect  # noqa: PLC0415

    close_db(database)
    spent, rows = {}, {}
    with db_connect(database).cursor() as cr, Measure(cr) as measure:
        for label, sql in statements:
            started = time.perf_counter()
            cr.execute(sql)
            rows[label] = len(cr.fetchall())
            spent[label] = time.perf_counter() - started
        cr.rollback()
    measure.statements, measure.rows = spent, rows
    return measure


def describe_reads(measure):
    """``"label: n rows 0.12 s; ..."`` of :func:`time_reads_committed`."""
    return "; ".join(
        f"{label}: {measure.rows[label]} rows {seconds:.2f} s"
        for label, seconds in measure.statements.items()
    )
