import threading
from contextlib import closing
from datetime import date
from unittest.mock import patch

from markupsafe import Markup

from odoo import SUPERUSER_ID, api
from odoo.exceptions import UserError
from odoo.tests import TransactionCase, freeze_time, tagged
from odoo.tools import SQL, mute_logger

from .common import ServiceContractCommon

MIXIN_LOGGER = "odoo.addons.service_contract.models.service_contract_batch_mixin"


@tagged("post_install", "-at_install")
class TestBatchToolkitCommitted(TransactionCase):
    """The batch toolkit on committed data, with real second connections.

    The contracts are committed in their own cursor (and removed after the
    class), so that another connection sees them, holds their rows and
    changes them the way a second run of a scheduled action would.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        with closing(cls.registry.cursor()) as cr:
            env = api.Environment(cr, SUPERUSER_ID, {"tracking_disable": True})
            partner = env["res.partner"].create({"name": "Batch Toolkit Customer"})
            template = env["service.contract.template"].create(
                {
                    "name": "Batch Toolkit Maintenance",
                    "contract_type": "maintenance",
                    "duration": 1,
                    "duration_unit": "year",
                }
            )
            contracts = env["service.contract"].create(
                [
                    {
                        "partner_id": partner.id,
                        "template_id": template.id,
                        "date_start": date(2026, 1, 1),
                    }
                    for _i in range(4)
                ]
            )
            cr.commit()  # pylint: disable=invalid-commit
            cls.partner_id, cls.template_id = partner.id, template.id
            cls.contract_ids = contracts.ids
        cls.addClassCleanup(cls._remove_committed)

    @classmethod
    def _remove_committed(cls):
        with closing(cls.registry.cursor()) as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            env["service.contract"].browse(cls.contract_ids).unlink()
            env["service.contract.template"].browse(cls.template_id).unlink()
            env["res.partner"].browse(cls.partner_id).unlink()
            cr.commit()  # pylint: disable=invalid-commit

    def setUp(self):
        super().setUp()
        # Every test starts from the committed state: nothing processed.
        with closing(self.registry.cursor()) as cr:
            cr.execute(
                "UPDATE service_contract SET external_ref = NULL WHERE id IN %s",
                [tuple(self.contract_ids)],
            )
            cr.commit()  # pylint: disable=invalid-commit

    def _env(self, cr):
        return api.Environment(cr, SUPERUSER_ID, {"tracking_disable": True})

    def _domain(self):
        return [("id", "in", self.contract_ids), ("external_ref", "=", False)]

    @staticmethod
    def _mark(records):
        records.write({"external_ref": "batched"})

    def _refs(self, cr):
        cr.execute(
            "SELECT id, external_ref FROM service_contract WHERE id IN %s",
            [tuple(self.contract_ids)],
        )
        return dict(cr.fetchall())

    def test_rows_another_connection_holds_are_left_for_the_next_run(self):
        held_id = self.contract_ids[0]
        with (
            closing(self.registry.cursor()) as holder,
            closing(self.registry.cursor()) as runner,
        ):
            holder.execute(
                "SELECT id FROM service_contract WHERE id = %s FOR UPDATE", [held_id]
            )
            contracts = self._env(runner)["service.contract"]
            result = contracts._batch_run(self._domain(), self._mark, batch_size=2)
            self.assertEqual(result.done, 3)
            self.assertEqual(result.skipped, 1)
            self.assertFalse(result.failed)
            refs = self._refs(runner)
            self.assertFalse(refs[held_id])
            self.assertEqual(
                {refs[i] for i in self.contract_ids[1:]}, {"batched"}, refs
            )
            runner.commit()  # pylint: disable=invalid-commit
            # The other run lets go; the next run finds only the held one.
            holder.rollback()
            result = contracts._batch_run(self._domain(), self._mark, batch_size=2)
            self.assertEqual((result.done, result.skipped), (1, 0))
            self.assertEqual(set(self._refs(runner).values()), {"batched"})
            runner.rollback()

    def test_rows_changed_by_a_later_commit_are_left_to_that_run(self):
        first_id = self.contract_ids[0]
        with (
            closing(self.registry.cursor()) as runner,
            closing(self.registry.cursor()) as other,
        ):
            contracts = self._env(runner)["service.contract"]
            # The runner's snapshot is taken; another run then handles the
            # first contract and commits.
            self.assertEqual(len(contracts.search(self._domain())), 4)
            other.execute(
                "UPDATE service_contract SET external_ref = 'other run' WHERE id = %s",
                [first_id],
            )
            other.commit()  # pylint: disable=invalid-commit
            result = contracts._batch_run(self._domain(), self._mark, batch_size=1)
            # Locking it raised a serialization failure: left, not overwritten.
            self.assertEqual((result.done, result.skipped), (3, 1))
            runner.commit()  # pylint: disable=invalid-commit
            refs = self._refs(other)
            self.assertEqual(refs[first_id], "other run")
            self.assertEqual(
                {refs[i] for i in self.contract_ids[1:]}, {"batched"}, refs
            )

    def test_a_batch_another_run_got_in_the_way_of_is_done_again(self):
        """Where the toolkit commits, a batch that met another run's later
        commit (here, on a row the batch's work also writes, as gap detection
        writes all the contracts of its customers) is tried again in a new
        transaction, and nothing is left undone for want of a next run."""
        first, second, _third, last = self.contract_ids
        interfered = []

        def process(records):
            if not interfered:
                interfered.append(records.ids)
                other.execute(
                    "UPDATE service_contract SET write_date = now() WHERE id = %s",
                    [last],
                )
                other.commit()  # pylint: disable=invalid-commit
            (records | records.browse(last)).write({"external_ref": "batched"})

        with (
            closing(self.registry.cursor()) as runner,
            closing(self.registry.cursor()) as other,
            # Outside tests the toolkit commits per batch: it does so here on
            # the runner's own cursor.
            patch.object(threading.current_thread(), "testing", False),
        ):
            contracts = self._env(runner)["service.contract"]
            # The first try's write fails in PostgreSQL, as it must.
            with mute_logger("odoo.sql_db"):
                result = contracts._batch_run(self._domain(), process, batch_size=2)
            self.assertEqual(interfered, [[first, second]])
            self.assertEqual((result.done, result.skipped), (3, 0))
            self.assertEqual(
                set(self._refs(other).values()), {"batched"}, self._refs(other)
            )

    def test_a_failing_record_is_flagged_and_the_others_are_done(self):
        bad_id = self.contract_ids[2]
        flagged = []

        def process(records):
            if bad_id in records.ids:
                raise UserError(records.env._("This contract refuses."))
            self._mark(records)

        def on_error(record, error):
            flagged.append((record.id, str(error)))
            record.write({"external_ref": "flagged"})

        with closing(self.registry.cursor()) as runner:
            contracts = self._env(runner)["service.contract"]
            with self.assertLogs(MIXIN_LOGGER, "WARNING") as logs:
                result = contracts._batch_run(
                    self._domain(), process, batch_size=10, on_error=on_error
                )
            self.assertEqual(result.done, 3)
            self.assertEqual(result.failed.ids, [bad_id])
            self.assertEqual(flagged, [(bad_id, "This contract refuses.")])
            self.assertIn("This contract refuses.", "\n".join(logs.output))
            runner.commit()  # pylint: disable=invalid-commit
        with closing(self.registry.cursor()) as reader:
            refs = self._refs(reader)
        self.assertEqual(refs[bad_id], "flagged")
        self.assertEqual(
            {refs[i] for i in self.contract_ids if i != bad_id}, {"batched"}
        )

    def test_a_failing_flag_does_not_lose_the_batch(self):
        def process(records):
            if self.contract_ids[0] in records.ids:
                raise UserError(records.env._("Refused."))
            self._mark(records)

        def broken_flag(record, error):
            raise UserError(record.env._("The flag itself fails."))

        with closing(self.registry.cursor()) as runner:
            contracts = self._env(runner)["service.contract"]
            with self.assertLogs(MIXIN_LOGGER, "ERROR"):
                result = contracts._batch_run(
                    self._domain(), process, batch_size=10, on_error=broken_flag
                )
            self.assertEqual((result.done, len(result.failed)), (3, 1))
            refs = self._refs(runner)
            self.assertEqual(sum(1 for v in refs.values() if v == "batched"), 3)
            runner.rollback()


@tagged("post_install", "-at_install")
class TestBatchToolkit(ServiceContractCommon):
    """The toolkit inside one transaction: progress, budget, bulk updates."""

    def _contracts(self, count, **values):
        return self.env["service.contract"].create(
            [
                dict(
                    {
                        "partner_id": self.partner.id,
                        "template_id": self.maintenance_template.id,
                        "date_start": "2026-01-01",
                    },
                    **values,
                )
                for _i in range(count)
            ]
        )

    def test_progress_is_reported_and_the_budget_stops_a_scheduled_call(self):
        contracts = self._contracts(5)
        cron = self.env.ref("service_contract.ir_cron_service_contract_update_state")
        progress = self.env["ir.cron.progress"].create({"cron_id": cron.id})
        self.env["ir.config_parameter"].set_param(
            "service_contract.batch_time_budget", "0"
        )
        domain = [("id", "in", contracts.ids), ("external_ref", "=", False)]

        def mark(records):
            records.write({"external_ref": "batched"})

        Contract = self.env["service.contract"].with_context(
            ir_cron_progress_id=progress.id
        )
        result = Contract._batch_run(domain, mark, batch_size=2)
        self.assertEqual((result.done, result.remaining), (2, 3))
        self.assertEqual((progress.done, progress.remaining), (2, 3))
        # Called again (as Odoo does while work remains), it goes on.
        Contract._batch_run(domain, mark, batch_size=2)
        Contract._batch_run(domain, mark, batch_size=2)
        self.assertEqual(set(contracts.mapped("external_ref")), {"batched"})
        self.assertEqual(progress.remaining, 0)
        # Outside a scheduled job there is no budget: it runs to the end.
        contracts.external_ref = False
        result = self.env["service.contract"]._batch_run(domain, mark, batch_size=2)
        self.assertEqual((result.done, result.remaining, result.batches), (5, 0, 3))

    def test_bulk_update_tells_the_orm_and_tracks(self):
        contracts = self._contracts(3).with_context(tracking_disable=False)
        contracts.action_ready()
        self.env.flush_all()
        before = {c.id: len(c.message_ids) for c in contracts}
        Mixin = self.env["service.contract.batch.mixin"]
        Mixin._bulk_update(
            contracts,
            [(c.id, {"date_end": date(2030, 1, 31)}) for c in contracts[:2]],
            bodies={contracts[0].id: "Moved by a batch."},
        )
        # Stored fields depending on it follow, as after a write.
        self.assertEqual(contracts[:2].mapped("date_expiry"), [date(2030, 1, 31)] * 2)
        self.assertNotEqual(contracts[2].date_end, date(2030, 1, 31))
        # One tracking message per changed contract, with the note if any.
        for contract in contracts[:2]:
            self.assertEqual(len(contract.message_ids), before[contract.id] + 1)
            tracking = contract.message_ids[0].tracking_value_ids
            self.assertEqual(tracking.field_id.name, "date_end")
        self.assertIn("Moved by a batch.", contracts[0].message_ids[0].body)
        self.assertEqual(len(contracts[2].message_ids), before[contracts[2].id])

    def test_bulk_update_costs_the_same_for_few_and_many(self):
        Mixin = self.env["service.contract.batch.mixin"]

        def count(contracts):
            contracts = contracts.with_context(tracking_disable=False)
            self.env.flush_all()
            self.env.invalidate_all()
            self.env.cr.flush()
            start = self.env.cr.sql_log_count
            Mixin._bulk_update(
                contracts,
                [(c.id, {"date_end": date(2031, 3, 31)}) for c in contracts],
                bodies=dict.fromkeys(contracts.ids, "Moved."),
            )
            self.env.flush_all()
            self.env.cr.flush()
            return self.env.cr.sql_log_count - start

        count(self._contracts(2))  # warm the caches
        few = count(self._contracts(5))
        many = count(self._contracts(60))
        self.assertEqual(few, many)

    def test_an_action_may_walk_another_model(self):
        """Customer by customer (as gap detection does), with the same toolkit."""
        partners = self.env["res.partner"].create(
            [{"name": f"Walked {i}"} for i in range(3)]
        )
        seen = []

        def process(records):
            if records == partners[1]:
                raise UserError(records.env._("Refused."))
            if partners[1] in records:
                raise UserError(records.env._("Refused in a batch."))
            seen.extend(records.ids)

        result = self.env["service.contract.batch.mixin"]._batch_run(
            [("id", "in", partners.ids)],
            process,
            batch_size=2,
            model=self.env["res.partner"],
        )
        self.assertEqual(result.done, 2)
        self.assertEqual(result.failed, partners[1])
        self.assertEqual(sorted(seen), sorted((partners - partners[1]).ids))


@tagged("post_install", "-at_install")
class TestBulkTracking(ServiceContractCommon):
    """The bulk path logs exactly what a write logs, set-based."""

    def _contracts(self, count):
        contracts = (
            self.env["service.contract"]
            .create(
                [
                    {
                        "partner_id": self.partner.id,
                        "template_id": self.maintenance_template.id,
                        "date_start": "2026-01-01",
                    }
                    for _i in range(count)
                ]
            )
            .with_context(tracking_disable=False)
        )
        contracts.action_ready()
        self._end_transaction()
        return contracts

    def _end_transaction(self):
        """What a commit does to tracking: it is written now."""
        self.env.flush_all()
        self.env.cr.precommit.run()

    def _logged(self, contract):
        """The last message of ``contract`` and its tracking values, as
        stored, less what is proper to each row (ids, the document, and the
        message's own Message-Id)."""
        self.env.flush_all()
        self.env.cr.execute(
            SQL(
                "SELECT id, to_jsonb(m) - ARRAY['id', 'res_id', 'message_id'], "
                "message_id FROM mail_message m WHERE model = %s AND res_id = %s "
                "ORDER BY id DESC LIMIT 1",
                contract._name,
                contract.id,
            )
        )
        message_id, message, message_header = self.env.cr.fetchone()
        self.assertTrue(message_header)
        self.env.cr.execute(
            SQL(
                "SELECT to_jsonb(t) - ARRAY['id', 'mail_message_id'] "
                "FROM mail_tracking_value t WHERE mail_message_id = %s ORDER BY id",
                message_id,
            )
        )
        return message, [row[0] for row in self.env.cr.fetchall()]

    @freeze_time("2026-03-02 10:00:00")
    def test_bulk_path_logs_what_a_write_logs(self):
        body = "Cancelled <by> the batch & co."
        by_write, *by_bulk = self._contracts(4)
        unchanged = self._contracts(1)
        unchanged.action_cancel()
        self._end_transaction()
        counts = {c.id: len(c.message_ids) for c in by_bulk + [unchanged]}

        by_write._track_set_log_message(body)
        by_write.write({"state": "cancel"})
        self._end_transaction()
        Mixin = self.env["service.contract.batch.mixin"]
        bulk = self.env["service.contract"].browse([c.id for c in by_bulk])
        bulk = bulk.with_context(tracking_disable=False)
        Mixin._bulk_update(
            bulk + unchanged,
            [(c.id, {"state": "cancel"}) for c in bulk + unchanged],
            bodies=dict.fromkeys(bulk.ids, body),
        )
        expected_message, expected_tracking = self._logged(by_write)
        self.assertEqual(len(expected_tracking), 1)
        self.assertIn(
            "Cancelled &lt;by&gt; the batch &amp; co.", expected_message["body"]
        )
        # The first one logged by the ORM, the others copied from it: all
        # the same columns as after a write.
        for contract in bulk:
            message, tracking = self._logged(contract)
            self.assertEqual(message, expected_message)
            self.assertEqual(tracking, expected_tracking)
            # The document's cache knows its new message, as after a create.
            self.assertEqual(len(contract.message_ids), counts[contract.id] + 1)
            self.assertEqual(
                contract.message_ids[0].tracking_value_ids.new_value_char,
                "Cancelled",
            )
        # A record whose value did not change gets no message.
        unchanged.invalidate_recordset()
        self.assertEqual(len(unchanged.message_ids), counts[unchanged.id])

    @freeze_time("2026-03-02 10:00:00")
    def test_bulk_path_gives_each_record_its_own_note(self):
        contracts = self._contracts(4)
        Mixin = self.env["service.contract.batch.mixin"]
        notes = {
            contracts[0].id: "First.",
            contracts[2].id: "Third <b>bold</b>?",
            # HTML already: sent as it is, quotes, commas, braces and
            # backslashes included
            contracts[3].id: Markup(
                '<span class="o_note">Fourth "quoted", {braced} \\ note</span>'
            ),
        }
        Mixin._bulk_update(
            contracts, [(c.id, {"state": "cancel"}) for c in contracts], bodies=notes
        )
        self.env.flush_all()
        bodies = [str(c.message_ids[0].body) for c in contracts]
        self.assertIn("First.", bodies[0])
        self.assertNotIn("First.", bodies[1])
        self.assertIn("Third &lt;b&gt;bold&lt;/b&gt;?", bodies[2])
        self.assertIn(
            '<span class="o_note">Fourth "quoted", {braced} \\ note</span>',
            bodies[3],
        )
        for contract in contracts:
            self.assertEqual(
                contract.message_ids[0].tracking_value_ids.mapped("old_value_char"),
                ["Ready"],
            )

    @freeze_time("2026-03-02 10:00:00")
    def test_bulk_update_tells_the_fields_depending_on_it(self):
        """What depends on the status, in any addon, is told (``modified``),
        as after a write, and the cache holds the new status."""
        contracts = self._contracts(3)
        Contract = type(contracts)
        told = []
        modified = Contract.modified

        def spy(records, fnames, *args, **kwargs):
            told.append((set(records.ids), tuple(fnames)))
            return modified(records, fnames, *args, **kwargs)

        with patch.object(Contract, "modified", spy):
            self.env["service.contract.batch.mixin"]._bulk_update(
                contracts[:2], [(c.id, {"state": "cancel"}) for c in contracts[:2]]
            )
        self.assertIn((set(contracts[:2].ids), ("state",)), told)
        with self.assertQueryCount(0):
            self.assertEqual(contracts.mapped("state"), ["cancel", "cancel", "ready"])

    @freeze_time("2026-03-02 10:00:00")
    def test_bulk_update_writes_each_row_its_own_value(self):
        """Different values (one array a column) and one value for all (one
        ``WHERE id = ANY``) give what a write gives."""
        contracts = self._contracts(3)
        Mixin = self.env["service.contract.batch.mixin"]
        ends = [date(2031, 1, 31), date(2032, 2, 29), date(2033, 3, 31)]
        Mixin._bulk_update(
            contracts,
            [(c.id, {"date_end": end}) for c, end in zip(contracts, ends, strict=True)],
        )
        Mixin._bulk_update(
            contracts[:2], [(c.id, {"external_ref": "same"}) for c in contracts[:2]]
        )
        self.env.flush_all()
        self.env.invalidate_all()
        self.assertEqual(contracts.mapped("date_end"), ends)
        self.assertEqual(contracts.mapped("date_expiry"), ends)
        self.assertEqual(contracts.mapped("external_ref"), ["same", "same", False])
        # Each change tracked: the end date on all three, the reference on two.
        tracked = [
            sorted(c.message_ids.tracking_value_ids.field_id.mapped("name"))
            for c in contracts
        ]
        self.assertEqual(
            tracked,
            [["date_end", "external_ref"], ["date_end", "external_ref"], ["date_end"]],
        )

    @freeze_time("2026-03-02 10:00:00")
    def test_bulk_update_leaves_in_the_cache_what_the_database_holds(self):
        """The cache is filled a column at a time: what it holds after the
        update, read without a query, is what the database holds, for one
        value for all and for a value each, dates, texts and many2one."""
        contracts = self._contracts(3)
        admin = self.env.ref("base.user_admin")
        Mixin = self.env["service.contract.batch.mixin"]
        ends = [date(2031, 1, 31), date(2032, 2, 29), date(2033, 3, 31)]
        Mixin._bulk_update(
            contracts,
            [
                (c.id, {"date_end": end, "user_id": user_id, "external_ref": ref})
                for c, end, user_id, ref in zip(
                    contracts,
                    ends,
                    [admin.id, False, self.env.user.id],
                    ["A-1", False, "C-3"],
                    strict=True,
                )
            ],
        )
        Mixin._bulk_update(
            contracts[:2],
            [(c.id, {"state": "cancel", "user_id": admin.id}) for c in contracts[:2]],
        )

        def columns():
            return [(c.date_end, c.user_id, c.external_ref, c.state) for c in contracts]

        with self.assertQueryCount(0):
            cached = columns()
        self.assertEqual(
            cached,
            [
                (ends[0], admin, "A-1", "cancel"),
                (ends[1], admin, False, "cancel"),
                (ends[2], self.env.user, "C-3", "ready"),
            ],
        )
        self.env.flush_all()
        self.env.invalidate_all()
        self.assertEqual(columns(), cached)
