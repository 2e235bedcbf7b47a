import logging
import threading
import time
from collections import defaultdict
from dataclasses import dataclass, field

from markupsafe import escape
from psycopg2 import errorcodes
from psycopg2.errors import (
    DeadlockDetected,
    LockNotAvailable,
    SerializationFailure,
)

from odoo import api, models
from odoo.tools import SQL

from ..rules.pg_array import array_literal

_logger = logging.getLogger(__name__)

#: Errors that mean "another transaction got there first": the batch is
#: rolled back and left, untouched, for the next run.
CONCURRENCY_ERRORS = (SerializationFailure, LockNotAvailable, DeadlockDetected)
CONCURRENCY_CODES = frozenset(
    {
        errorcodes.SERIALIZATION_FAILURE,
        errorcodes.LOCK_NOT_AVAILABLE,
        errorcodes.DEADLOCK_DETECTED,
    }
)

#: Seconds a call may spend inside a scheduled job before it reports what is
#: left and lets Odoo run the action again (system parameter below).
DEFAULT_TIME_BUDGET = 60
TIME_BUDGET_PARAM = "service_contract.batch_time_budget"

#: Where the toolkit commits (outside tests), a batch another run got in the
#: way of is tried again this many times, each in a new transaction (a fresh
#: snapshot, which sees what that run committed), before it is left.
CONCURRENCY_RETRIES = 3


#: Field types whose cache value ``_bulk_update`` converts record by record
#: (it depends on the record: its currency, its properties definition, its
#: lines).
PER_RECORD_CACHE = frozenset({"one2many", "many2many", "monetary", "properties"})


def is_concurrency_error(error):
    """Whether ``error`` means another transaction holds or changed the rows."""
    return isinstance(error, CONCURRENCY_ERRORS) or (
        getattr(error, "pgcode", None) in CONCURRENCY_CODES
    )


#: How full PostgreSQL fills the pages of a table whose rows a daily batch
#: rewrites, in percent (``fillfactor``): a run may rewrite every row of a
#: page, and with half of it free each row's new version stays in its page
#: -- a HOT update, which writes no index entry and a fraction of the WAL --
#: once the old versions are pruned.
DAILY_REWRITE_FILLFACTOR = 50


def keep_room_for_updates(cr, table, fillfactor=DAILY_REWRITE_FILLFACTOR):
    """Set the ``fillfactor`` of ``table`` (from a model's ``init``), when it
    differs: pages written from then on keep room for updated rows."""
    option = f"fillfactor={int(fillfactor)}"
    cr.execute(SQL("SELECT reloptions FROM pg_class WHERE oid = %s::regclass", table))
    row = cr.fetchone()
    if row and option in (row[0] or []):
        return
    cr.execute(
        SQL(
            "ALTER TABLE %s SET (fillfactor = %s)",
            SQL.identifier(table),
            int(fillfactor),
        )
    )


def sql_array(values, kind):
    """``%s::kind[]``: ``values`` as one typed array parameter, sent as the
    array's text (``rules/pg_array.py``: read in one pass, where a list is
    parsed and planned element by element), or as a list for values that
    have no text form there."""
    try:
        values = array_literal(values)
    except TypeError:
        values = list(values)
    return SQL("%s::%s[]", values, SQL(kind))


def sql_arrays(columns, kinds):
    """``%s::kind[], ...``: each column of values as one typed array
    parameter (:func:`sql_array`), for ``unnest`` (the statement is the
    same size whatever the number of rows)."""
    return SQL(", ").join(
        sql_array(column, kind) for column, kind in zip(columns, kinds, strict=True)
    )


@dataclass
class BatchResult:
    """What one call of :meth:`ServiceContractBatchMixin._batch_run` did."""

    done: int = 0
    failed: models.BaseModel = None
    skipped: int = 0
    remaining: int = 0
    batches: int = 0
    failed_ids: list = field(default_factory=list)
    #: Whether the last batch met another run (a concurrency error).
    conflicted: bool = False


class ServiceContractBatchMixin(models.AbstractModel):
    """The one batch toolkit every scheduled action of the product uses.

    A scheduled action states *what is due* (a domain) and *what to do with
    a batch* (a callable); :meth:`_batch_run` does the rest, the same way for
    every action: keyset batches, row locks that skip what another run holds,
    a savepoint per batch, a failing record retried alone and flagged,
    a batch another run got in the way of tried again in a new transaction
    (where it commits) and else left for the next run, a commit per batch
    outside tests, and progress reported to ``ir.cron`` so that Odoo re-runs
    the action batch by batch inside its time limit.

    It also holds the bulk-update helper, :meth:`_bulk_update`, which writes
    columns of many rows in one statement and tells the ORM as a write would.
    """

    _name = "service.contract.batch.mixin"
    _description = "Service Contracts: batch toolkit for scheduled actions"

    # ------------------------------------------------------------------
    # Batches
    # ------------------------------------------------------------------
    @api.model
    def _batch_run(
        self,
        domain,
        process,
        batch_size=1000,
        label=None,
        lock=True,
        on_error=None,
        model=None,
    ):
        """Run ``process`` on every record of this model matching ``domain``.

        :param list domain: what is due; searched batch by batch by keyset on
            ``id`` and applied again once the batch is locked, since another
            run may have handled it in between.
        :param process: ``callable(records)`` doing the work of one batch (or,
            on a retry, of one record). Its writes are inside a savepoint.
        :param int batch_size: records per batch (and per commit).
        :param str label: what the logs call this action.
        :param bool lock: lock the batch's rows ``FOR NO KEY UPDATE SKIP
            LOCKED``; rows another transaction holds are left for the next run.
        :param on_error: ``callable(record, error)`` flagging a record that
            failed on its own (in its own savepoint); by default it is logged.
        :param model: the model to walk when it is not this one, for actions
            that work through records of a model without the mixin (e.g.
            ``self.env["res.partner"]`` for an action done customer by
            customer: ``Mixin._batch_run(domain, process, model=partners)``).
        :return: a :class:`BatchResult` (``done``, ``failed`` records,
            ``skipped`` left for the next run, ``remaining`` not reached).

        Inside a scheduled job the call stops after a time budget (system
        parameter ``service_contract.batch_time_budget``, in seconds) and
        reports what is left with ``ir.cron._notify_progress``, so Odoo runs
        the action again; called directly it runs to the end.
        """
        model = self if model is None else model
        label = label or model._description
        # What the caller left pending is written now, outside every batch:
        # a batch's savepoint then holds only the batch's own work.
        self.env.flush_all()
        auto_commit = not getattr(threading.current_thread(), "testing", False)
        deadline = self._batch_deadline()
        result = BatchResult(failed=model.browse())
        last_id = 0
        attempts = 0
        if auto_commit:
            # A batch met by another run is tried again in a new transaction:
            # what the caller wrote before must not go with a rollback.
            self.env.cr.commit()  # pylint: disable=invalid-commit
        while True:
            batch = model.search(
                domain + [("id", ">", last_id)], limit=batch_size, order="id"
            )
            if not batch:
                break
            result.batches += 1
            skipped = result.skipped
            result.conflicted = False
            self._batch_one(batch, domain, process, label, lock, on_error, result)
            if auto_commit:
                self.env.cr.commit()  # pylint: disable=invalid-commit
            # Keep memory flat: nothing of this batch is needed any more.
            self.env.invalidate_all()
            if result.conflicted and auto_commit and attempts < CONCURRENCY_RETRIES:
                # Another run changed these rows after this transaction's
                # snapshot: the same window again, in a new transaction, sees
                # what it committed (the domain drops what it did).
                attempts += 1
                result.skipped = skipped
                time.sleep(0.05 * attempts)
                continue
            attempts = 0
            last_id = batch.ids[-1]
            if len(batch) < batch_size:
                break
            if deadline and time.monotonic() > deadline:
                result.remaining = model.search_count(domain + [("id", ">", last_id)])
                break
        result.failed = model.browse(result.failed_ids)
        if result.failed_ids:
            _logger.warning(
                "%s: %d record(s) failed and were flagged.",
                label,
                len(result.failed_ids),
            )
        _logger.info(
            "%s: %d done, %d failed, %d left to the next run, %d remaining.",
            label,
            result.done,
            len(result.failed_ids),
            result.skipped,
            result.remaining,
        )
        self.env["ir.cron"]._notify_progress(
            done=result.done + len(result.failed_ids), remaining=result.remaining
        )
        return result

    @api.model
    def _batch_one(self, batch, domain, process, label, lock, on_error, result):
        """Lock, re-filter and process one batch; account for it in ``result``."""
        try:
            with self.env.cr.savepoint(flush=False):
                records = self._lock_rows(batch) if lock else batch
        except CONCURRENCY_ERRORS:
            _logger.info(
                "%s: %d record(s) just handled by another run; left to it.",
                label,
                len(batch),
            )
            result.skipped += len(batch)
            result.conflicted = True
            return
        result.skipped += len(batch) - len(records)
        # Another run may have handled them since the search: ask again, in
        # one query (the domain on each record in Python costs more than the
        # batch's whole update).
        records.invalidate_recordset()
        records = self._batch_still_due(records, domain)
        if not records:
            return
        try:
            with self.env.cr.savepoint():
                process(records)
            result.done += len(records)
            return
        except Exception as error:  # noqa: BLE001 - isolate the failing record
            if is_concurrency_error(error):
                _logger.info(
                    "%s: batch of %d left to the next run (%s).",
                    label,
                    len(records),
                    type(error).__name__,
                )
                result.skipped += len(records)
                result.conflicted = True
                return
            _logger.info(
                "%s: batch of %d failed (%s); retrying one by one.",
                label,
                len(records),
                error,
            )
        self.env.invalidate_all()
        for record in records:
            try:
                with self.env.cr.savepoint():
                    process(record)
                result.done += 1
            except Exception as error:  # noqa: BLE001 - flag it, do the others
                self.env.invalidate_all()
                if is_concurrency_error(error):
                    result.skipped += 1
                    result.conflicted = True
                    continue
                result.failed_ids.append(record.id)
                self._batch_flag_error(record, error, label, on_error)

    @api.model
    def _batch_still_due(self, records, domain):
        """The records among ``records`` that still match ``domain``, read
        from the database, in one query."""
        if not records:
            return records
        return records.search(domain + [("id", "in", records.ids)], order="id")

    @api.model
    def _batch_flag_error(self, record, error, label, on_error=None):
        """Flag ``record``, which failed on its own, without losing the batch."""
        _logger.warning(
            "%s: %s (id %s) failed: %s", label, record.display_name, record.id, error
        )
        if on_error is None:
            return
        try:
            with self.env.cr.savepoint():
                on_error(record, error)
        except Exception:  # noqa: BLE001 - the flag itself failed: log it only
            _logger.exception(
                "%s: could not flag %s (id %s)", label, record.display_name, record.id
            )
            self.env.invalidate_all()

    def _batch_deadline(self):
        """When a call inside a scheduled job must stop (monotonic seconds)."""
        if not self.env.context.get("ir_cron_progress_id"):
            return None
        budget = self.env["ir.config_parameter"].sudo().get_param(TIME_BUDGET_PARAM)
        try:
            seconds = float(budget) if budget else DEFAULT_TIME_BUDGET
        except ValueError:
            seconds = DEFAULT_TIME_BUDGET
        return time.monotonic() + max(seconds, 0.0)

    @api.model
    def _lock_rows(self, records):
        """Lock the rows of ``records`` (any model), skipping those another
        transaction holds, and return the records actually locked.

        A row another transaction changed and committed after this one's
        snapshot raises a serialization failure: the caller leaves the batch
        to that run.
        """
        if not records:
            return records
        self.env.cr.execute(
            SQL(
                "SELECT id FROM %s WHERE id IN %s FOR NO KEY UPDATE SKIP LOCKED",
                SQL.identifier(records._table),
                tuple(records.ids),
            ),
            # Another run's commit is an expected outcome, not a bad query.
            log_exceptions=False,
        )
        return records.browse([row[0] for row in self.env.cr.fetchall()])

    # ------------------------------------------------------------------
    # Bulk updates
    # ------------------------------------------------------------------
    @api.model
    def _bulk_update(self, model, updates, computed_here=(), bodies=None):
        """Write ``updates`` (``[(id, {field: value})]``, same keys in every
        dict) on the table of ``model`` in one ``UPDATE`` (see
        :meth:`_bulk_update_query`), then tell the ORM as a write would.

        Column types come from the fields.  ``write_uid`` and ``write_date``
        are set; tracked fields of ``mail.thread`` models are tracked (the
        chatter shows the change as for a write); the cache forgets the old
        values and the stored fields depending on them, in any addon, are
        marked for recomputation -- except ``computed_here``, ``[(records,
        [field names])]`` that the caller computes and writes itself next,
        which the ORM must not compute a second time, record by record.

        Tracking is written as one batch (one message a changed record, with
        its tracking values, created together), so a batch costs the same
        number of queries whatever its size; ``bodies`` (``{id: text}``)
        adds a note to those messages, for updates that explain themselves.
        """
        if not updates:
            return model.browse()
        fnames = list(updates[0][1])
        records = model.browse([record_id for record_id, _values in updates])
        tracked = self._bulk_tracked_fields(model, fnames)
        initial = self._bulk_read(records, tracked) if tracked else {}
        assign = []
        magic = []
        if "write_uid" in model._fields and "write_uid" not in fnames:
            magic = ["write_uid", "write_date"]
            assign += [
                SQL("write_uid = %s", self.env.uid),
                SQL("write_date = %s", self.env.cr.now()),
            ]
        model.flush_model(fnames)
        # The same values for every row (a status moved) are written and
        # cached once.
        first = updates[0][1]
        same = all(values == first for _id, values in updates)
        self.env.cr.execute(
            self._bulk_update_query(model, fnames, updates, assign, same)
        )
        # As a write: the cache holds the new values (no query to read them
        # back), and the stored fields depending on them are marked.
        records.invalidate_recordset(magic)
        self._bulk_update_cache(records, updates, same)
        self._bulk_prepare_modified(records, fnames)
        records.modified(fnames)
        for targets, target_fnames in computed_here:
            for fname in target_fnames:
                self.env.remove_to_compute(targets._fields[fname], targets)
        if tracked or bodies:
            self._bulk_track(records, tracked, initial, bodies or {})
        return records

    @api.model
    def _bulk_prepare_modified(self, records, fnames):
        """Cache the one2many that ``records.modified(fnames)`` reads to find
        the records depending on them (the first level of the fields'
        trigger tree, as ``modified`` selects it), one search each
        (``_bulk_one2many``) rather than the ORM's reads in prefetch-sized
        chunks, a record a line.  ``modified`` reads them as the superuser,
        without the active test; so does this."""
        cache = self.env.cache
        tree = self.pool.get_trigger_tree(
            [records._fields[fname] for fname in fnames],
            select=lambda field: (
                (field.compute and field.store) or cache.contains_field(field)
            ),
        )
        sudo = self.sudo().with_context(active_test=False)
        for key in tree:
            # as ``_modified_triggers``: the first inverse without a domain
            for inverse in self.pool.field_inverses[key]:
                if inverse.type in ("one2many", "many2many") and inverse.domain:
                    continue
                if inverse.type == "one2many" and inverse.model_name == records._name:
                    sudo._bulk_one2many(records.sudo(), inverse.name)
                break

    @api.model
    def _bulk_read(self, records, fnames):
        """``{field: [value of each record]}`` of ``records``, as
        ``record[field]`` gives it (a many2one as a record), read a column at
        a time (``mapped``: one look-up of the cache a field, not one a
        record and field); what tracking compares."""
        return {
            fname: [record[fname] for record in records]
            if records._fields[fname].relational
            else records.mapped(fname)
            for fname in fnames
        }

    @api.model
    def _bulk_columns(self, records, fnames):
        """``{field name: [value of each record]}`` in the cache's format (a
        many2one as its id; ``False`` for no value), read a column at a time
        as ``Field.mapped`` reads it -- pending computations done -- without
        making a record a value: the plain values the batches compute from
        and compare.  The missing values are fetched for ``records`` in one
        query of just ``fnames`` (``fetch``), not prefetch-sized chunks of
        every column, looked up against the whole prefetch set."""
        cache = self.env.cache
        missing = []
        for fname in fnames:
            field = records._fields[fname]
            if field.compute and field.store:
                field.recompute(records)
            if next(iter(cache.get_missing_ids(records, field)), None):
                missing.append(fname)
        records.fetch(missing)
        columns = {}
        for fname in fnames:
            field = records._fields[fname]
            values = cache.get_until_miss(records, field)
            while len(values) < len(records):
                remaining = records.__class__(
                    records.env, records._ids[len(values) :], records._prefetch_ids
                )
                field.__get__(next(iter(remaining)))
                values += cache.get_until_miss(remaining, field)
            columns[fname] = [False if value is None else value for value in values]
        return columns

    @api.model
    def _bulk_one2many(self, records, fname):
        """Cache the one2many ``fname`` of ``records`` (those not cached
        yet) as ``One2many.read`` would -- one search of the lines, under
        the record rules, in their model's order -- grouped from the plain
        ids the search returns rather than from a record a line, and cache
        the lines' inverse too.  Any other one2many is left to the ORM."""
        field = records._fields[fname]
        cache = self.env.cache
        missing = records.browse(
            [
                id_
                for id_ in cache.get_missing_ids(records, field)
                if isinstance(id_, int)
            ]
        )
        comodel = self.env[field.comodel_name].with_context(
            active_test=False, **field.context
        )
        inverse = comodel._fields.get(field.inverse_name)
        if (
            not missing
            or comodel._active_name
            or not inverse
            or inverse.type != "many2one"
            or not inverse.store
        ):
            return
        if inverse.compute:  # as ``One2many.__get__``: the inverse first
            comodel._recompute_model([inverse.name])
        query = comodel._search(
            field.get_domain_list(missing) + [(inverse.name, "in", missing.ids)],
            order=comodel._order,
        )
        table = query.table
        rows = self.env.execute_query(
            query.select(
                comodel._field_to_sql(table, "id", query),
                comodel._field_to_sql(table, inverse.name, query),
            )
        )
        lines = defaultdict(list)
        for line_id, owner_id in rows:
            lines[owner_id].append(line_id)
        cache.insert_missing(
            missing, field, [tuple(lines[owner_id]) for owner_id in missing._ids]
        )
        cache.insert_missing(
            comodel.browse([line_id for line_id, _owner_id in rows]),
            inverse,
            [owner_id for _line_id, owner_id in rows],
        )

    @api.model
    def _bulk_update_cache(self, records, updates, same):
        """Put the written ``updates`` in the cache of ``records``, as
        ``_update_cache`` does record by record, a field at a time: each
        value converted by its field (once, when ``same``: every record has
        the same values) and the column set for the whole batch at once.
        Fields whose cache value depends on each record (x2many, monetary,
        properties) go through ``_update_cache``."""
        first = updates[0][1]
        columns = sorted(
            (records._fields[fname] for fname in first),
            key=lambda column: column.write_sequence,
        )
        if any(column.type in PER_RECORD_CACHE for column in columns):
            for record, (_record_id, values) in zip(records, updates, strict=True):
                record._update_cache(values, validate=False)
            return
        cache = self.env.cache
        sample = records[:1]
        for column in columns:
            if same:
                value = column.convert_to_cache(first[column.name], sample, False)
                cached = [value] * len(records)
            else:
                cached = [
                    column.convert_to_cache(values[column.name], sample, False)
                    for _id, values in updates
                ]
            cache.update(records, column, cached, check_dirty=False)

    @api.model
    def _bulk_update_query(self, model, fnames, updates, assign, same):
        """The ``UPDATE`` of :meth:`_bulk_update`.

        The same values for every row (``same``: a status moved, a date
        stamped) are one ``SET ... WHERE id = ANY(...)``, which the planner answers from
        the primary key whatever the table's size; different values come
        from one array a column (``unnest``), whose statement and parameters
        cost the same to build whatever the number of rows.
        """
        table = SQL.identifier(model._table)
        ids = [record_id for record_id, _values in updates]
        first = updates[0][1]
        if same:
            assign = [
                SQL(
                    "%s = %s::%s",
                    SQL.identifier(fname),
                    None if first[fname] is False else first[fname],
                    SQL(model._fields[fname].column_type[1]),
                )
                for fname in fnames
            ] + assign
            return SQL(
                "UPDATE %s SET %s WHERE id = ANY(%s)",
                table,
                SQL(", ").join(assign),
                sql_array(ids, "int4"),
            )
        columns = [ids] + [
            [None if vals[fname] is False else vals[fname] for _id, vals in updates]
            for fname in fnames
        ]
        kinds = ["int4"] + [model._fields[f].column_type[1] for f in fnames]
        assign = [
            SQL("%s = v.%s", SQL.identifier(f), SQL.identifier(f)) for f in fnames
        ] + assign
        return SQL(
            "UPDATE %(table)s SET %(assign)s FROM unnest(%(arrays)s) "
            "AS v(id, %(cols)s) WHERE %(table)s.id = v.id",
            table=table,
            assign=SQL(", ").join(assign),
            arrays=sql_arrays(columns, kinds),
            cols=SQL(", ").join(SQL.identifier(f) for f in fnames),
        )

    @api.model
    def _bulk_track(self, records, tracked, initial, bodies):
        """Log, in one batch, the tracking a write would have logged, with
        the optional note of each record.

        The first changed record's message and tracking values are created
        by the ORM (``_message_log_batch``), exactly as before; the others
        are written set-based from it: one ``INSERT ... SELECT`` copies that
        message's columns for each record (only ``res_id`` and ``body``
        differ, as in ``_message_log_batch``), one ``INSERT`` from arrays
        writes their tracking values, converted by the tracking model's own
        fields.  The documents' caches forget their messages, as after a
        create.  A batch costs the same number of queries whatever its size.
        """
        changes = self._bulk_tracking_values(records, tracked, initial)
        changes = {
            record_id: changes.get(record_id, [])
            for record_id in records.ids
            if changes.get(record_id) or bodies.get(record_id)
        }
        if not changes:
            return
        logged = records.browse(list(changes))
        first, others = logged[:1], logged[1:]
        message = first._message_log_batch(bodies={first.id: bodies.get(first.id, "")})
        self.env["mail.tracking.value"].sudo().create(
            [dict(values, mail_message_id=message.id) for values in changes[first.id]]
        )
        if not others:
            return
        message_ids = self._bulk_copy_message(message, others, bodies)
        self._bulk_insert_tracking(
            [
                (message_ids[record_id], values)
                for record_id in others.ids
                for values in changes[record_id]
            ]
        )
        # As mail.message.create does for the documents of its messages.
        others.invalidate_recordset(
            ["message_ids", "message_needaction", "message_needaction_counter"]
        )

    @api.model
    def _bulk_tracking_values(self, records, tracked, initial):
        """``{record id: [mail.tracking.value values]}`` of the records whose
        tracked fields changed, as ``_mail_track`` gives them.

        Odoo's own ``_mail_track`` is followed field by field (same order,
        same test of a change) and its values, which depend only on the
        field and the old and new values, are made once per distinct change
        rather than once per record; a model overriding ``_mail_track`` (or a
        monetary field, whose values depend on each record's currency) is
        tracked record by record through it.
        """
        if not tracked or not records:
            return {}
        info = records.fields_get(
            tracked, attributes=("string", "type", "selection", "currency_field")
        )
        own = type(records)._mail_track is type(self.env["base"])._mail_track
        if not own or any(info[fname]["type"] == "monetary" for fname in info):
            changes = {}
            for index, record in enumerate(records):
                before = {fname: column[index] for fname, column in initial.items()}
                _updated, tracking = record._mail_track(info, before)
                if tracking:
                    changes[record.id] = [command[2] for command in tracking]
            return changes
        Tracking = self.env["mail.tracking.value"]
        ordered = [
            fname
            for fname, _seq in records._mail_track_order_fields(info)
            if fname in initial
        ]
        current = self._bulk_read(records, ordered)
        made = {}
        changes = {}
        # field after field, so that each record's values keep that order
        for fname in ordered:
            for index, (old, new) in enumerate(
                zip(initial[fname], current[fname], strict=True)
            ):
                if new == old or (not new and not old):
                    continue
                key = (fname, old, new)
                if key not in made:
                    made[key] = Tracking._create_tracking_values(
                        old, new, fname, info[fname], records[index]
                    )
                changes.setdefault(records._ids[index], []).append(made[key])
        return changes

    @api.model
    def _bulk_copy_message(self, message, records, bodies):
        """Copy ``message`` (logged on one record by ``_message_log_batch``)
        to each of ``records`` with its own body, in one query; return
        ``{record id: message id}``."""
        Message = message.sudo().browse()
        body_field = Message._fields["body"]
        converted = {}
        for record_id in records.ids:
            text = bodies.get(record_id, "")
            if text not in converted:
                converted[text] = body_field.convert_to_column_insert(
                    escape(text), Message
                )
        columns = [
            fname
            for fname, field in Message._fields.items()
            if field.store
            and field.column_type
            and fname not in ("id", "res_id", "body")
        ]
        self.env.cr.execute(
            SQL(
                "INSERT INTO mail_message (%(columns)s, res_id, body) "
                "SELECT %(copied)s, v.res_id, v.body "
                "FROM mail_message AS m, "
                "unnest(%(arrays)s) "
                "WITH ORDINALITY AS v(res_id, body, n) "
                "WHERE m.id = %(message)s ORDER BY v.n RETURNING res_id, id",
                columns=SQL(", ").join(SQL.identifier(c) for c in columns),
                copied=SQL(", ").join(SQL.identifier("m", c) for c in columns),
                arrays=sql_arrays(
                    [
                        records.ids,
                        [
                            converted[bodies.get(record_id, "")]
                            for record_id in records.ids
                        ],
                    ],
                    ["int4", "text"],
                ),
                message=message.id,
            )
        )
        return dict(self.env.cr.fetchall())

    @api.model
    def _bulk_insert_tracking(self, rows):
        """Insert ``mail.tracking.value`` rows, ``[(message id, values)]``, in
        one query: each value converted by its field as ``create`` converts
        it (once per distinct values dict), a value not given left NULL as
        ``create`` leaves it (no field of that model has a default), and
        ``create_uid``, ``create_date``, ``write_uid``, ``write_date`` set as
        by ``create``."""
        if not rows:
            return
        Tracking = self.env["mail.tracking.value"].sudo()
        fnames = sorted({fname for _message_id, values in rows for fname in values})
        converted = {}
        for _message_id, values in rows:
            if id(values) not in converted:
                converted[id(values)] = [
                    Tracking._fields[fname].convert_to_column_insert(
                        values[fname], Tracking, values
                    )
                    if fname in values
                    else None
                    for fname in fnames
                ]
        columns = [[message_id for message_id, _values in rows]] + [
            [converted[id(values)][index] for _message_id, values in rows]
            for index in range(len(fnames))
        ]
        kinds = ["int4"] + [Tracking._fields[f].column_type[1] for f in fnames]
        now = self.env.cr.now()
        self.env.cr.execute(
            SQL(
                "INSERT INTO mail_tracking_value (mail_message_id, %(columns)s, "
                "create_uid, create_date, write_uid, write_date) "
                "SELECT v.*, %(uid)s, %(now)s, %(uid)s, %(now)s "
                "FROM unnest(%(arrays)s) AS v",
                columns=SQL(", ").join(SQL.identifier(f) for f in fnames),
                uid=Tracking.env.uid,
                now=now,
                arrays=sql_arrays(columns, kinds),
            )
        )

    @api.model
    def _bulk_tracked_fields(self, model, fnames):
        """The fields among ``fnames`` that a write on ``model`` would track."""
        if not hasattr(model, "_track_prepare") or model.env.context.get(
            "tracking_disable"
        ):
            return []
        tracked = model._track_get_fields()
        return [fname for fname in fnames if fname in tracked]
