import logging
import threading
import time
from dataclasses import dataclass, field

from psycopg2 import errorcodes
from psycopg2.errors import (
    DeadlockDetected,
    LockNotAvailable,
    SerializationFailure,
)

from odoo import api, models
from odoo.tools import SQL

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


def is_concurrency_error(error):
    """Whether ``error`` means another transaction holds or changed the rows."""
    return isinstance(error, CONCURRENCY_ERRORS) or (
        getattr(error, "pgcode", None) in CONCURRENCY_CODES
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
        # Another run may have handled them since the search: read again.
        records.invalidate_recordset()
        records = records.filtered_domain(domain)
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
        dict) on the table of ``model`` in one ``UPDATE ... FROM (VALUES
        ...)``, then tell the ORM as a write would.

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
        initial = {
            record.id: {fname: record[fname] for fname in tracked} for record in records
        }
        types = {fname: model._fields[fname].column_type[1] for fname in fnames}
        rows = SQL(", ").join(
            SQL(
                "(%s, %s)",
                record_id,
                SQL(", ").join(
                    SQL(
                        "%s::%s",
                        None if values[fname] is False else values[fname],
                        SQL(types[fname]),
                    )
                    for fname in fnames
                ),
            )
            for record_id, values in updates
        )
        assign = [
            SQL("%s = v.%s", SQL.identifier(f), SQL.identifier(f)) for f in fnames
        ]
        magic = []
        if "write_uid" in model._fields and "write_uid" not in fnames:
            magic = ["write_uid", "write_date"]
            assign += [
                SQL("write_uid = %s", self.env.uid),
                SQL("write_date = %s", self.env.cr.now()),
            ]
        model.flush_model(fnames)
        self.env.cr.execute(
            SQL(
                "UPDATE %(table)s SET %(assign)s FROM (VALUES %(rows)s) "
                "AS v(id, %(cols)s) WHERE %(table)s.id = v.id",
                table=SQL.identifier(model._table),
                assign=SQL(", ").join(assign),
                rows=rows,
                cols=SQL(", ").join(SQL.identifier(f) for f in fnames),
            )
        )
        # As a write: the cache holds the new values (no query to read them
        # back), and the stored fields depending on them are marked.
        records.invalidate_recordset(magic)
        for record, (_record_id, values) in zip(records, updates, strict=True):
            record._update_cache(values, validate=False)
        records.modified(fnames)
        for targets, target_fnames in computed_here:
            for fname in target_fnames:
                self.env.remove_to_compute(targets._fields[fname], targets)
        if tracked or bodies:
            self._bulk_track(records, tracked, initial, bodies or {})
        return records

    @api.model
    def _bulk_track(self, records, tracked, initial, bodies):
        """Log, in one batch, the tracking a write would have logged, with
        the optional note of each record."""
        info = records.fields_get(
            tracked, attributes=("string", "type", "selection", "currency_field")
        )
        changes = {}
        for record in records:
            _updated, tracking = record._mail_track(info, initial[record.id])
            if tracking or bodies.get(record.id):
                changes[record.id] = tracking
        if not changes:
            return
        logged = records.browse(list(changes))
        messages = logged._message_log_batch(bodies=bodies)
        self.env["mail.tracking.value"].sudo().create(
            [
                dict(command[2], mail_message_id=message.id)
                for record, message in zip(logged, messages, strict=True)
                for command in changes[record.id]
            ]
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
