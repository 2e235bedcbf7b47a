import datetime
from unittest.mock import patch

from odoo import Command
from odoo.tests import freeze_time, new_test_user, tagged

from odoo.addons.service_contract_meter.models.service_contract import (
    ServiceContract,
)

from .test_meter_cron import MeterCronCase

TODAY = "2026-06-10"
DAY = datetime.date(2026, 6, 10)


@tagged("post_install", "-at_install")
class TestMeterCronRecompute(MeterCronCase):
    """What did not change since the last run is not recomputed; every
    change of an input makes its contract due again."""

    #: Queries of a run with nothing to recompute, whatever the number of
    #: contracts: the search for due contracts, and the user's time zone
    #: for today's date (a new environment, as a scheduled run has).
    NOTHING_CHANGED_QUERIES = 3
    #: Queries of a batch whose every contract gets new dates (two of them
    #: a new expiry warning), whatever its size, with the batch toolkit's one
    #: query that re-checks the locked batch is still due: the contracts'
    #: columns the batch reads are one narrow query, and the newly warned
    #: contracts' display names, for their activities, one more.
    BATCH_QUERIES = 30

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.service_user = new_test_user(
            cls.env,
            login="meter_recompute_user",
            groups="service_contract.group_service_contract_user",
        )
        cls.service_manager = new_test_user(
            cls.env,
            login="meter_recompute_manager",
            groups="service_contract.group_service_contract_manager",
        )
        cls.technician = new_test_user(
            cls.env, login="meter_recompute_technician", groups="stock.group_stock_user"
        )
        cls.settings_user = new_test_user(
            cls.env, login="meter_recompute_settings", groups="base.group_system"
        )

    def _run_and_watch(self):
        """Run the action; return the contracts its batches recomputed."""
        seen = []
        original = ServiceContract._meter_expiry_batch

        def spy(contracts, today):
            seen.append(contracts.ids)
            return original(contracts, today)

        with patch.object(ServiceContract, "_meter_expiry_batch", spy):
            done = self._cron()
        recomputed = self.env["service.contract"].browse(
            [contract_id for ids in seen for contract_id in ids]
        )
        self.assertEqual(done, len(recomputed))
        return recomputed

    def _stamped(self, count=2, **kwargs):
        """``count`` contracts, computed today by a first run."""
        contracts = self._make_contracts(count, **kwargs)
        self.assertEqual(self._run_and_watch(), contracts)
        self.assertEqual(
            contracts.mapped("meter_expiry_checked_on"),
            [DAY] * count,
        )
        return contracts

    @freeze_time(TODAY)
    def test_unchanged_contracts_are_not_recomputed(self):
        contracts = self._stamped(3, start_value=50_000, rate=500)
        dates = contracts.mapped("date_expiry_calculated")
        # a second run the same day: nothing to do, nothing searched twice
        self.assertFalse(self._run_and_watch())
        self.assertEqual(contracts.mapped("date_expiry_calculated"), dates)
        # a change that is no input of the recalculation keeps it so
        contracts[0].with_user(self.service_user).write(
            {"note": "<p>Customer called</p>", "external_ref": "PO-7"}
        )
        self.assertFalse(self._run_and_watch())
        # and a contract that fails stays due, for the next run to try again
        contracts[1]._meter_expiry_mark_due()
        with (
            patch.object(
                ServiceContract,
                "_get_date_expiry_calculated",
                side_effect=ValueError("broken"),
                autospec=True,
            ),
            self.assertLogs(
                "odoo.addons.service_contract.models.service_contract_batch_mixin",
                "WARNING",
            ),
        ):
            self.assertEqual(self._cron(), 1)
        self.assertFalse(contracts[1].meter_expiry_checked_on)
        self.assertEqual(self._run_and_watch(), contracts[1])

    def test_the_next_day_every_contract_is_recomputed(self):
        with freeze_time(TODAY):
            contracts = self._stamped(2, start_value=50_000, rate=500)
            self.assertEqual(
                contracts.mapped("date_expiry_calculated"),
                [datetime.date(2026, 9, 18)] * 2,
            )
        with freeze_time("2026-06-11"):
            # the forecast starts from today: every date moves on
            self.assertEqual(self._run_and_watch(), contracts)
            self.assertEqual(
                contracts.mapped("date_expiry_calculated"),
                [datetime.date(2026, 9, 19)] * 2,
            )
            self.assertFalse(self._run_and_watch())

    @freeze_time(TODAY)
    def test_each_input_makes_its_contract_due_again(self):
        contracts = self._stamped(2, start_value=50_000, rate=500)
        target = contracts[0]
        km = target.meter_ids.filtered(lambda line: line.meter_id == self.meter_km)
        asset_km = km.asset_meter_id
        Reading = self.env["service.meter.reading"]
        spare = self.env["service.asset.meter"].create(
            {
                "lot_id": self._new_lot("SN-SPARE").id,
                "meter_id": self.meter_km.id,
                "daily_rate_manual": 250,
            }
        )
        target.lot_ids = [Command.link(spare.lot_id.id)]

        def new_reading():
            Reading.with_user(self.technician).create(
                {"asset_meter_id": asset_km.id, "date": TODAY, "value": 60_000}
            )

        def last_reading():
            return asset_km.reading_ids.sorted(lambda r: (r.date, r.id))[-1]

        changes = [
            ("new reading", new_reading),
            (
                "edited reading",
                lambda: (
                    last_reading().with_user(self.service_user).write({"value": 70_000})
                ),
            ),
            (
                "archived reading",
                lambda: (
                    last_reading().with_user(self.service_user).write({"active": False})
                ),
            ),
            (
                "deleted reading",
                lambda: (
                    Reading.with_user(self.service_user)
                    .with_context(active_test=False)
                    .search([("asset_meter_id", "=", asset_km.id), ("date", "=", DAY)])
                    .unlink()
                ),
            ),
            (
                "manual rate",
                lambda: asset_km.with_user(self.service_user).write(
                    {"daily_rate_manual": 800}
                ),
            ),
            (
                "meter replaced",
                lambda: km.with_user(self.service_user).write(
                    {"asset_meter_id": spare.id}
                ),
            ),
            (
                "interval",
                lambda: km.with_user(self.service_user).write(
                    {"value_interval": 90_000}
                ),
            ),
            (
                "contract meter removed",
                lambda: km.with_user(self.service_user).unlink(),
            ),
            (
                "contract meter added",
                lambda: (
                    self.env["service.contract.meter"]
                    .with_user(self.service_user)
                    .create(
                        {
                            "contract_id": target.id,
                            "asset_meter_id": asset_km.id,
                            "value_interval": 100_000,
                        }
                    )
                ),
            ),
            (
                "end date",
                lambda: target.with_user(self.service_user).write(
                    {"date_end": "2030-06-30"}
                ),
            ),
            (
                "start date",
                lambda: target.with_user(self.service_user).write(
                    {"date_start": "2026-01-02"}
                ),
            ),
            (
                "account manager",
                lambda: target.with_user(self.service_user).write(
                    {"user_id": self.service_user.id}
                ),
            ),
            (
                "template",
                lambda: target.with_user(self.service_user).write(
                    {"template_id": self.meter_template.id}
                ),
            ),
        ]
        for name, change in changes:
            with self.subTest(change=name):
                change()
                self.assertFalse(target.meter_expiry_checked_on)
                self.assertEqual(self._run_and_watch(), target)
                self.assertTrue(target.meter_expiry_checked_on)
                # what the run computed is what the ORM's computes give
                self.assertEqual(
                    target.date_expiry_calculated,
                    target._get_date_expiry_calculated(),
                )
                self.assertFalse(self._run_and_watch())

    @freeze_time(TODAY)
    def test_a_new_reading_moves_the_date_on_the_same_day(self):
        contract = self._stamped(1, start_value=50_000, rate=500)
        # 50,000 left at 500 a day
        self.assertEqual(contract.date_expiry_calculated, datetime.date(2026, 9, 18))
        km = contract.meter_ids.filtered(lambda line: line.meter_id == self.meter_km)
        self._reading(km.asset_meter_id, TODAY, 95_000)
        self.assertEqual(self._run_and_watch(), contract)
        # 5,000 left at 500 a day
        self.assertEqual(contract.date_expiry_calculated, datetime.date(2026, 6, 20))

    @freeze_time(TODAY)
    def test_meter_kind_and_company_settings_make_their_contracts_due(self):
        self.env.company.service_meter_warning_days = 0
        contracts = self._stamped(2, start_value=95_000, rate=500)
        other = self._make_contracts(1, start_value=50_000, rate=500)
        other.meter_ids.filtered(
            lambda line: line.meter_id == self.meter_hours
        ).unlink()
        self.assertEqual(self._run_and_watch(), other)
        # the rate window of a kind of meter: the contracts with such a meter
        self.meter_hours.with_user(self.service_manager).rate_window_days = 30
        self.assertEqual(self._run_and_watch(), contracts)
        self.meter_km.with_user(self.service_manager).meter_type = "resettable"
        self.assertEqual(self._run_and_watch(), contracts | other)
        # the warning days of the company: its contracts, warned now
        self.assertFalse(contracts.activity_ids)
        self.env.company.with_user(self.settings_user).service_meter_warning_days = 30
        self.assertEqual(self._run_and_watch(), contracts | other)
        self.assertEqual(len(contracts.activity_ids), 2)
        self.assertFalse(other.activity_ids)

    @freeze_time(TODAY)
    def test_a_warning_done_is_given_again_while_due(self):
        self.env.company.service_meter_warning_days = 30
        contracts = self._stamped(2, start_value=95_000, rate=500)
        soon = contracts[0]
        activity = soon.activity_ids
        self.assertEqual(len(activity), 1)
        # the account manager marks the warning done: its contract is due
        activity.with_user(self.manager).action_feedback(feedback="Called")
        self.assertFalse(soon.activity_ids)
        self.assertFalse(soon.meter_expiry_checked_on)
        # and warned again, as each run does while the date is that close
        self.assertEqual(self._run_and_watch(), soon)
        self.assertEqual(soon.activity_ids.user_id, self.manager)
        self.assertFalse(self._run_and_watch())
        # a warning the run itself withdraws leaves its contract computed
        soon.meter_ids.asset_meter_id.write({"daily_rate_manual": 10})
        self.assertEqual(self._run_and_watch(), soon)
        self.assertFalse(soon.activity_ids)
        self.assertEqual(soon.meter_expiry_checked_on, DAY)
        self.assertFalse(self._run_and_watch())

    def test_nothing_changed_costs_one_search(self):
        with freeze_time("2026-06-01"):
            small = self._make_contracts(10, start_value=10_000, rate=100)
        with freeze_time(TODAY):
            self._cron()
            self._cron()  # warm-up: caches of the environment
            with self.assertQueryCount(self.NOTHING_CHANGED_QUERIES):
                self._count_cron_queries(0)
        with freeze_time("2026-06-01"):
            large = self._make_contracts(490, start_value=10_000, rate=100)
        with freeze_time(TODAY):
            self.assertEqual(self._cron(), 490)
            with self.assertQueryCount(self.NOTHING_CHANGED_QUERIES):
                self._count_cron_queries(0)
            self.assertEqual(
                set((small | large).mapped("meter_expiry_checked_on")),
                {DAY},
            )

    def test_batch_query_count_is_pinned(self):
        """A batch whose every contract moves costs ``BATCH_QUERIES``, for
        10 contracts as for 500 (two of them newly warned each time)."""
        self.env.company.service_meter_warning_days = 5
        with freeze_time("2026-06-01"):
            contracts = self._make_contracts(10, start_value=10_000, rate=100)
            contracts[:2].meter_ids.asset_meter_id.daily_rate_manual = 30_000
        with freeze_time("2026-06-02"):
            self._cron()  # warm-up: caches of the environment
            contracts[2:4].meter_ids.asset_meter_id.daily_rate_manual = 30_000
        with freeze_time("2026-06-03"), self.assertQueryCount(self.BATCH_QUERIES):
            self._count_cron_queries(10)
        with freeze_time("2026-06-01"):
            contracts |= self._make_contracts(490, start_value=10_000, rate=100)
            contracts[10:12].meter_ids.asset_meter_id.daily_rate_manual = 30_000
        with freeze_time("2026-06-04"), self.assertQueryCount(self.BATCH_QUERIES):
            self._count_cron_queries(500)
        self.assertEqual(len(contracts.activity_ids), 6)
