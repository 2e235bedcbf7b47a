from datetime import date
from unittest.mock import patch

from odoo.exceptions import ValidationError
from odoo.tests import freeze_time, tagged

from .common import ServiceContractCommon


@tagged("post_install", "-at_install")
class TestServiceContractCron(ServiceContractCommon):
    """Business rule 1: the daily scheduled action."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Contract = cls.env["service.contract"]
        cls.cron = cls.env.ref("service_contract.ir_cron_service_contract_update_state")
        # Whatever else the database holds stays out of the counts below.
        cls.Contract.search([]).action_archive()

    def _make_contracts(self, count, end="2026-06-30"):
        """``count`` ready contracts created on 1 June 2026 ending on ``end``."""
        with freeze_time("2026-06-01"):
            return self.Contract.create(
                [
                    {
                        "partner_id": self.partner.id,
                        "template_id": self.maintenance_template.id,
                        "date_start": "2026-01-01",
                        "date_end": end,
                        "state": "ready",
                    }
                    for _i in range(count)
                ]
            )

    def _move_dates_behind_the_orm(self, contracts, day):
        """Move contracts' dates as a direct import or another job would,
        without a save: only the scheduled action sees the change."""
        self.env.flush_all()
        self.env.cr.execute(
            "UPDATE service_contract SET date_end = %s, date_expiry = %s "
            "WHERE id IN %s",
            (day, day, tuple(contracts.ids)),
        )
        contracts.invalidate_recordset(["date_end", "date_expiry"])

    def _make_mix(self, count):
        """Half ready contracts past their end, half expired contracts whose
        dates were moved into the future, as of 15 July 2026."""
        to_expire = self._make_contracts(count // 2)
        to_revive = self._make_contracts(count - count // 2, end="2026-06-05")
        with freeze_time("2026-06-10"):
            to_revive.date_end = "2026-06-09"
            self.assertEqual(set(to_revive.mapped("state")), {"expired"})
        self._move_dates_behind_the_orm(to_revive, date(2026, 12, 31))
        return to_expire, to_revive

    def test_cron_expires_and_revives(self):
        to_expire, to_revive = self._make_mix(6)
        draft = self._create_contract(date_start="2025-01-01")
        cancelled = self._create_contract(date_start="2025-01-01")
        cancelled.action_cancel()
        untouched = self._make_contracts(2, end="2026-12-31")
        self.assertEqual(set(to_expire.mapped("state")), {"ready"})
        with freeze_time("2026-07-15"):
            moved = self.Contract._cron_update_state()
        self.assertEqual(moved, 6)
        self.assertEqual(set(to_expire.mapped("state")), {"expired"})
        self.assertEqual(set(to_revive.mapped("state")), {"ready"})
        self.assertEqual(draft.state, "draft")
        self.assertEqual(cancelled.state, "cancel")
        self.assertEqual(set(untouched.mapped("state")), {"ready"})
        # Each moved contract tells why in its chatter.
        self.assertIn(
            "Contract expired (scheduled status update).",
            to_expire[0].message_ids[0].body,
        )
        self.assertIn("ready again", to_revive[0].message_ids[0].body)
        # Re-runnable: a second run finds nothing left to do.
        with freeze_time("2026-07-15"):
            self.assertEqual(self.Contract._cron_update_state(), 0)

    def test_cron_expires_on_the_end_date_itself(self):
        contracts = self._make_contracts(1)
        with freeze_time("2026-06-29"):
            self.Contract._cron_update_state()
        self.assertEqual(contracts.state, "ready")
        with freeze_time("2026-06-30"):
            self.Contract._cron_update_state()
        self.assertEqual(contracts.state, "expired")

    def test_cron_works_in_batches(self):
        to_expire, to_revive = self._make_mix(7)
        with freeze_time("2026-07-15"):
            moved = self.Contract._cron_update_state(batch_size=2)
        self.assertEqual(moved, 7)
        self.assertEqual(set(to_expire.mapped("state")), {"expired"})
        self.assertEqual(set(to_revive.mapped("state")), {"ready"})

    def test_one_failing_contract_does_not_block_the_others(self):
        contracts = self._make_contracts(4)
        bad = contracts[1]
        model_class = type(self.Contract)
        write_state_update = model_class._write_state_update

        def refuse_one(records, new_state):
            if bad in records:
                raise ValidationError(
                    self.env._("Refused by another addon's constraint.")
                )
            return write_state_update(records, new_state)

        with (
            patch.object(model_class, "_write_state_update", refuse_one),
            self.assertLogs(
                "odoo.addons.service_contract.models.service_contract_batch_mixin",
                "WARNING",
            ) as logs,
            freeze_time("2026-07-15"),
        ):
            moved = self.Contract._cron_update_state()
        self.assertEqual(moved, 3)
        self.assertEqual(bad.state, "ready")
        self.assertEqual(set((contracts - bad).mapped("state")), {"expired"})
        self.assertIn(bad.name, logs.output[0])
        self.assertIn("Refused by another addon", logs.output[0])
        # The next run tries again.
        with freeze_time("2026-07-16"):
            self.assertEqual(self.Contract._cron_update_state(), 1)
        self.assertEqual(bad.state, "expired")

    def test_rows_locked_by_another_run_are_left_for_the_next(self):
        """The status action leaves what the lock skipped for its next run
        (the lock itself is proven on committed data with a real second
        connection in test_batch_toolkit)."""
        contracts = self._make_contracts(3)
        held = contracts[0]
        model_class = type(self.Contract)
        lock_rows = model_class._lock_rows

        def held_elsewhere(model, records):
            self.assertIn(held, records)
            return lock_rows(model, records - held)

        with (
            patch.object(model_class, "_lock_rows", held_elsewhere),
            freeze_time("2026-07-15"),
        ):
            self.assertEqual(self.Contract._cron_update_state(), 2)
        self.assertEqual(held.state, "ready")
        self.assertEqual(set((contracts - held).mapped("state")), {"expired"})
        with freeze_time("2026-07-15"):
            self.assertEqual(self.Contract._cron_update_state(), 1)
        self.assertEqual(held.state, "expired")

    def test_cron_record_runs_the_update(self):
        contracts = self._make_contracts(3)
        self.assertEqual(self.cron.code, "model._cron_update_state()")
        with freeze_time("2026-07-15"):
            self.cron.method_direct_trigger()
        self.assertEqual(set(contracts.mapped("state")), {"expired"})

    def _count_cron_queries(self, expected_moved):
        """Run the status update on fresh caches and count its queries, the
        way assertQueryCount counts them: flushed before and after, with
        random.random() patched so that no random garbage collection of
        another module runs."""
        self.env.flush_all()
        self.env.invalidate_all()
        with freeze_time("2026-07-15"), patch("random.random", lambda: 1):
            self.env.cr.flush()
            before = self.env.cr.sql_log_count
            self.assertEqual(self.Contract._cron_update_state(), expected_moved)
            self.env.flush_all()
            self.env.cr.flush()
            return self.env.cr.sql_log_count - before

    def test_cron_query_count_does_not_grow(self):
        """The same number of queries for 10 and for 200 contracts."""
        # Warm the caches (sequences, subtypes, models) with a first run.
        self._make_mix(4)
        self._count_cron_queries(4)

        small_expire, small_revive = self._make_mix(10)
        queries_for_10 = self._count_cron_queries(10)
        self.assertEqual(set(small_expire.mapped("state")), {"expired"})
        self.assertEqual(set(small_revive.mapped("state")), {"ready"})

        big_expire, big_revive = self._make_mix(200)
        with self.assertQueryCount(queries_for_10):
            queries_for_200 = self._count_cron_queries(200)
        self.assertEqual(queries_for_200, queries_for_10)
        self.assertEqual(set(big_expire.mapped("state")), {"expired"})
        self.assertEqual(set(big_revive.mapped("state")), {"ready"})
        # 19 since the messages and tracking values are written set-based
        # and the batch re-checked in one query (was below 25).
        self.assertLessEqual(queries_for_10, 19)
