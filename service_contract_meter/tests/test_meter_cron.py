import datetime
import logging
import threading
from unittest.mock import patch

from odoo.tests import freeze_time, tagged
from odoo.tools import SQL

from odoo.addons.service_contract.models.service_contract import (
    ServiceContract as BaseServiceContract,
)
from odoo.addons.service_contract_meter.models.service_asset_meter import (
    ServiceAssetMeter,
)
from odoo.addons.service_contract_meter.models.service_contract import (
    ServiceContract,
)
from odoo.addons.service_contract_meter.models.service_contract_meter import (
    ServiceContractMeter,
)

from .common import ServiceMeterCommon

_logger = logging.getLogger(__name__)


class MeterCronCase(ServiceMeterCommon):
    """Contracts on units with two meters each, and the action to run."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.long_template = cls.env["service.contract.template"].create(
            {"name": "Ten years", "duration": 10, "duration_unit": "year"}
        )
        # only this test's contracts have meters
        cls.env["service.contract"].search([("meter_ids", "!=", False)]).write(
            {"state": "cancel"}
        )
        cls.activity_type = cls.env.ref(
            "service_contract_meter.mail_activity_type_meter_expiry"
        )
        cls.manager = cls.env["res.users"].create(
            {
                "name": "Account Manager",
                "login": "meter_account_manager",
                "groups_id": [
                    (
                        6,
                        0,
                        [
                            cls.env.ref(
                                "service_contract.group_service_contract_user"
                            ).id
                        ],
                    )
                ],
            }
        )

    def _make_contracts(self, count, start_value=0.0, rate=100.0, interval=100_000):
        """``count`` ready contracts, each on its own unit with two meters."""
        lots = self.env["stock.lot"].create(
            [
                {
                    "name": f"SN-CRON-{self._counter + i}",
                    "product_id": self.product_unit.id,
                    "service_partner_id": self.partner.id,
                }
                for i in range(count)
            ]
        )
        type(self)._counter += count
        asset_meters = self.env["service.asset.meter"].create(
            [
                {"lot_id": lot.id, "meter_id": meter.id, "daily_rate_manual": rate}
                for lot in lots
                for meter in (self.meter_km, self.meter_hours)
            ]
        )
        self.env["service.meter.reading"].create(
            [
                {"asset_meter_id": am.id, "date": "2026-01-02", "value": start_value}
                for am in asset_meters
            ]
        )
        return self.env["service.contract"].create(
            [
                {
                    "partner_id": self.partner.id,
                    "template_id": self.long_template.id,
                    "date_start": "2026-01-01",
                    "user_id": self.manager.id,
                    "state": "ready",
                    "lot_ids": [(4, lot.id)],
                    "meter_ids": [
                        (0, 0, {"asset_meter_id": am.id, "value_interval": interval})
                        for am in asset_meters.filtered(
                            lambda a, lot=lot: a.lot_id == lot
                        )
                    ],
                }
                for lot in lots
            ]
        )

    _counter = 0

    def _cron(self):
        return self.env["service.contract"]._cron_update_meter_expiry()

    def _count_cron_queries(self, expected_done):
        self.env.flush_all()
        self.env.invalidate_all()
        count = self.cr.sql_log_count
        self.assertEqual(self._cron(), expected_done)
        self.env.flush_all()
        return self.cr.sql_log_count - count


@tagged("post_install", "-at_install")
class TestMeterCron(MeterCronCase):
    def test_cron_recomputes_from_new_rate_and_moves_status(self):
        with freeze_time("2026-06-01"):
            contract = self._make_contracts(1, start_value=1_000, rate=0.0)[0]
            km = contract.meter_ids.filtered(lambda m: m.meter_id == self.meter_km)
            self.assertFalse(contract.date_expiry_calculated)
            self.assertEqual(contract.date_expiry, datetime.date(2035, 12, 31))
        # readings arrive; the rate window slides as the days pass
        with freeze_time("2026-06-10"):
            self._reading(km.asset_meter_id, "2026-06-10", 91_000)
            self.assertEqual(km.asset_meter_id.daily_rate, 90_000 / 159)
        with freeze_time("2026-06-30"):
            self._cron()
            self.assertEqual(km.asset_meter_id.daily_rate, 90_000 / 159)
            # (100,000 - 91,000) / 566.04 = 15.9 days from today, rounded down
            expected = datetime.date(2026, 7, 15)
            self.assertRecordValues(
                contract,
                [
                    {
                        "date_expiry_calculated": expected,
                        "date_expiry": expected,
                        "state": "ready",
                    }
                ],
            )
            self.assertEqual(km.date_expiry, expected)
        # the window no longer holds the January reading: one reading, no rate
        with freeze_time("2027-01-02"):
            self._cron()
            self.assertRecordValues(
                km.asset_meter_id, [{"rate_reading_count": 1, "daily_rate": 0.0}]
            )
            self.assertFalse(contract.date_expiry_calculated)
        # a manual rate, then a reading at the end value: expired on save
        with freeze_time("2027-01-03"):
            km.asset_meter_id.daily_rate_manual = 100
            self.assertEqual(contract.date_expiry, datetime.date(2027, 4, 3))
            self.assertEqual(contract.state, "ready")
            self._reading(km.asset_meter_id, "2027-01-03", 100_000)
            self.assertEqual(contract.date_expiry, datetime.date(2027, 1, 3))
            self.assertEqual(contract.state, "expired")

    def test_cron_moves_status_when_dates_pass(self):
        with freeze_time("2026-06-01"):
            contracts = self._make_contracts(3, start_value=90_000, rate=1_000)
            self.assertEqual(
                contracts.mapped("date_expiry"), [datetime.date(2026, 6, 11)] * 3
            )
        with freeze_time("2026-06-11"):
            # nothing was read since: the cron takes today as the reference
            self._cron()
            self.assertEqual(
                contracts.mapped("date_expiry"), [datetime.date(2026, 6, 21)] * 3
            )
            self._reading(
                contracts[0].meter_ids[0].asset_meter_id, "2026-06-11", 100_000
            )
            self.assertEqual(contracts[0].state, "expired")
            self.assertEqual(contracts[1:].mapped("state"), ["ready", "ready"])

    def test_cron_updates_fields_depending_on_the_dates(self):
        with freeze_time("2026-06-01"):
            contract = self._make_contracts(1, start_value=90_000, rate=1_000)
        with freeze_time("2026-06-11"):
            # read before the run: the stale date gives 0 days left
            self.assertEqual(contract.days_to_expiry, 0)
            modified = []
            original = ServiceContract.modified

            def spy(records, fnames, *args, **kwargs):
                modified.append((records._name, tuple(fnames), records.ids))
                return original(records, fnames, *args, **kwargs)

            with patch.object(ServiceContract, "modified", spy):
                self._cron()
            self.assertEqual(contract.date_expiry, datetime.date(2026, 6, 21))
            # fields depending on the expiry date follow, as after a write
            self.assertEqual(contract.days_to_expiry, 10)
            # stored fields of other addons depending on the dates are told
            # (both dates are written at once, as by one write, with the
            # day they were computed on)
            self.assertIn(
                (
                    "service.contract",
                    (
                        "date_expiry_calculated",
                        "date_expiry",
                        "meter_expiry_checked_on",
                    ),
                    contract.ids,
                ),
                modified,
            )
            # nothing is left for the ORM to compute a second time
            tocompute = self.env.transaction.tocompute
            for field in (
                contract._fields["date_expiry"],
                contract._fields["date_expiry_calculated"],
                contract.meter_ids._fields["date_expiry"],
            ):
                self.assertFalse(tocompute.get(field), field)

    def test_cron_expires_contract_whose_stored_date_is_stale(self):
        with freeze_time("2026-06-01"):
            contract = self._make_contracts(1, start_value=99_000, rate=100)
            self.assertEqual(contract.date_expiry, datetime.date(2026, 6, 11))
            self.assertEqual(contract.state, "ready")
            # usage recorded directly in the database (e.g. an external sync)
            self.env.cr.execute(
                "UPDATE service_meter_reading SET value = 100500, net_value = 100500 "
                "WHERE asset_meter_id = %s",
                [contract.meter_ids[0].asset_meter_id.id],
            )
            self.env.invalidate_all()
            self._cron()
            self.assertEqual(
                contract.date_expiry_calculated, datetime.date(2026, 5, 27)
            )
            self.assertEqual(contract.state, "expired")
            self.assertIn("Contract expired", contract.message_ids[0].body)

    def test_cron_is_idempotent(self):
        with freeze_time("2026-06-01"):
            contracts = self._make_contracts(5, start_value=50_000, rate=500)
        with freeze_time("2026-06-05"):
            self._cron()
            first = contracts.read(["date_expiry_calculated", "date_expiry", "state"])
            activities = contracts.activity_ids
            messages = contracts.message_ids
            self._cron()
            self.assertEqual(
                contracts.read(["date_expiry_calculated", "date_expiry", "state"]),
                first,
            )
            self.assertEqual(contracts.activity_ids, activities)
            self.assertEqual(contracts.message_ids, messages)

    def test_cron_survives_a_failing_contract(self):
        with freeze_time("2026-06-01"):
            contracts = self._make_contracts(3, start_value=50_000, rate=500)
        bad = contracts[1]
        # a scheduled run starts in a fresh transaction, with nothing pending
        self.env.flush_all()
        original = ServiceContract._get_date_expiry_calculated

        def failing(record):
            if record == bad:
                raise ValueError("broken contract")
            return original(record)

        with (
            freeze_time("2026-06-05"),
            patch.object(ServiceContract, "_get_date_expiry_calculated", failing),
            self.assertLogs(
                "odoo.addons.service_contract.models.service_contract_batch_mixin",
                "WARNING",
            ) as logs,
        ):
            done = self._cron()
        self.assertEqual(done, 3)
        failures = [line for line in logs.output if "broken contract" in line]
        self.assertEqual(len(failures), 1)
        self.assertIn(bad.name, failures[0])
        # 100 days from the day of the run; the failing one kept its date
        self.assertEqual(
            (contracts - bad).mapped("date_expiry_calculated"),
            [datetime.date(2026, 9, 13)] * 2,
        )
        self.assertEqual(bad.date_expiry_calculated, datetime.date(2026, 9, 9))

    def _row_updates(self, table):
        """(rows updated, of them HOT) in ``table`` by this transaction."""
        self.env.flush_all()
        self.env.cr.execute(
            "SELECT n_tup_upd, n_tup_hot_upd FROM pg_stat_xact_user_tables "
            "WHERE relid = %s::regclass",
            [table],
        )
        return self.env.cr.fetchone() or (0, 0)

    def test_cron_rewrites_meter_rows_in_their_pages(self):
        tables = ["service_asset_meter", "service_contract_meter"]
        self.env.cr.execute(
            "SELECT relname, reloptions FROM pg_class WHERE relname IN %s",
            [tuple(tables)],
        )
        self.assertEqual(
            dict(self.env.cr.fetchall()), dict.fromkeys(tables, ["fillfactor=50"])
        )
        with freeze_time("2026-06-01"):
            contracts = self._make_contracts(3, start_value=50_000, rate=500)
        before = self._row_updates("service_contract_meter")
        with freeze_time("2026-06-05"):
            self._cron()
        updated, hot = (
            now - then
            for now, then in zip(
                self._row_updates("service_contract_meter"), before, strict=True
            )
        )
        # each line's new date was written in its own page: no index entry
        self.assertEqual(updated, len(contracts.meter_ids))
        self.assertEqual(hot, updated)

    def test_bulk_one2many_caches_what_the_orm_reads(self):
        with freeze_time("2026-06-01"):
            contracts = self._make_contracts(3)
        # a second contract on the first unit (its template adds the unit's
        # meters): its lines belong to the unit meters too, though not to
        # the contracts read
        first = contracts[0]
        other = first.copy({"lot_ids": [(4, first.lot_ids.id)]})
        asset_meters = contracts.meter_ids.asset_meter_id
        self.assertEqual(other.meter_ids.asset_meter_id, first.meter_ids.asset_meter_id)
        self.env.flush_all()
        expected = (
            [contract.meter_ids.ids for contract in contracts],
            [meter.contract_meter_ids.ids for meter in asset_meters],
        )
        self.assertEqual(len(asset_meters[0].contract_meter_ids), 2)
        self.env.invalidate_all()
        Contract = self.env["service.contract"]
        with self.assertQueryCount(2):
            Contract._bulk_one2many(contracts, "meter_ids")
            Contract._bulk_one2many(asset_meters, "contract_meter_ids")
        # the lines, in their order, and their inverse: all from the cache
        with self.assertQueryCount(0):
            self.assertEqual(
                (
                    [contract.meter_ids.ids for contract in contracts],
                    [meter.contract_meter_ids.ids for meter in asset_meters],
                ),
                expected,
            )
            self.assertEqual(contracts.meter_ids.contract_id, contracts)
            self.assertEqual(
                asset_meters.contract_meter_ids.asset_meter_id, asset_meters
            )
        # nothing is read again for what is cached
        with self.assertQueryCount(0):
            Contract._bulk_one2many(contracts, "meter_ids")

    def test_bulk_update_prepares_what_modified_reads(self):
        with freeze_time("2026-06-01"):
            contracts = self._make_contracts(3)
        asset_meters = contracts.meter_ids.asset_meter_id
        self.env.flush_all()
        self.env.invalidate_all()
        Contract = self.env["service.contract"]
        # as the batch: its contracts' lines read first, their contract with
        # them (the lines' inverse)
        Contract._bulk_one2many(contracts, "meter_ids")
        # the unit meters' lines, which the lines' expiry depends through
        with self.assertQueryCount(1):
            Contract._bulk_prepare_modified(asset_meters, ["daily_rate"])
        # (not flushed: the flush would compute what is marked)
        with self.assertQueryCount(0, flush=False):
            asset_meters.modified(["daily_rate"])
        line_expiry = self.env["service.contract.meter"]._fields["date_expiry"]
        self.assertEqual(self.env.records_to_compute(line_expiry), contracts.meter_ids)
        # what is cached is not read again, for any of the fields it serves
        with self.assertQueryCount(0, flush=False):
            Contract._bulk_prepare_modified(asset_meters, ["daily_rate_manual"])

    def test_reading_stats_find_their_unit_meters_by_key(self):
        """The batch's statement of the readings' statistics reads its unit
        meters by their key, not the whole table: its cost per batch does
        not grow with the number of unit meters."""
        with freeze_time("2026-06-01"):
            contracts = self._make_contracts(2)
        asset_meters = contracts.meter_ids.asset_meter_id
        self.env.flush_all()
        cr = self.env.cr
        # Tables this small are read whole whatever the statement says:
        # without sequential scans and nested loops, what is left shows
        # whether the statement lets the meters be found by their key.
        cr.execute("SET LOCAL enable_seqscan = off")
        cr.execute("SET LOCAL enable_nestloop = off")
        try:
            cr.execute(
                SQL(
                    "EXPLAIN (FORMAT JSON) %s",
                    asset_meters._get_reading_stats_sql(datetime.date(2026, 6, 1)),
                )
            )
            plan = cr.fetchone()[0][0]["Plan"]
        finally:
            cr.execute("RESET enable_seqscan")
            cr.execute("RESET enable_nestloop")
        nodes, scans = [plan], []
        while nodes:
            node = nodes.pop()
            nodes += node.get("Plans", [])
            if node.get("Relation Name") == "service_asset_meter":
                scans.append(node)
        self.assertTrue(scans)
        for scan in scans:
            # an index scan's condition, or a bitmap scan's on its index
            condition = scan.get("Index Cond") or scan.get("Recheck Cond", "")
            self.assertIn("ANY", condition, scan)

    def test_batch_search_reads_the_contracts_table_alone(self):
        """The contracts due are found from their own columns: a stored "has
        meters" flag, kept with the lines, rather than a semi join with the
        contract meters (which PostgreSQL may answer by reading every line
        before the batch's keyset)."""
        with freeze_time("2026-06-01"):
            contracts = self._make_contracts(2)
        contract = contracts[0]
        self.assertTrue(contract.has_meters)
        lines = contract.meter_ids
        lines.unlink()
        self.assertFalse(contract.has_meters)
        Contract = self.env["service.contract"]
        today = datetime.date(2026, 6, 2)
        query = Contract._search(
            Contract._get_meter_recompute_domain(today) + [("id", "in", contracts.ids)],
            limit=10,
            order="id",
        )
        self.assertNotIn("service_contract_meter", query.select().code)
        self.assertEqual(Contract.browse(query), contracts[1])

    def test_batch_reads_only_the_contract_columns_it_uses(self):
        """The batch reads of its contracts the columns it computes from and
        compares (one narrow query), not every column of the table, tracking
        on and no warning due; the dates are those of the formula."""
        with freeze_time("2026-06-01"):
            contracts = self._make_contracts(3, start_value=50_000, rate=500)
        contracts = contracts.with_context(tracking_disable=False)
        self.env.flush_all()
        self.env.invalidate_all()
        queries = []
        thread = threading.current_thread()
        hooks = getattr(thread, "query_hooks", ())
        thread.query_hooks = (
            *hooks,
            lambda _cr, query, *_args: queries.append(
                query.decode() if isinstance(query, bytes) else str(query)
            ),
        )
        try:
            with freeze_time("2026-06-05"):
                self.assertEqual(contracts.browse()._cron_update_meter_expiry(), 3)
        finally:
            thread.query_hooks = hooks
        reads = [
            query
            for query in queries
            if query.startswith("SELECT") and 'FROM "service_contract" ' in query
        ]
        self.assertTrue(reads)
        for query in reads:
            # a column no step of the batch reads
            self.assertNotIn('"service_contract"."terms"', query)
        self.assertEqual(
            set(contracts.mapped("date_expiry_calculated")),
            {datetime.date(2026, 9, 13)},
        )

    def test_cron_tracks_the_dates_as_a_write(self):
        with freeze_time("2026-06-01"):
            contracts = self._make_contracts(2, start_value=50_000, rate=500)
        contracts = contracts.with_context(tracking_disable=False)
        before = {contract: contract.message_ids for contract in contracts}
        with freeze_time("2026-06-05"):
            self.assertEqual(
                contracts.browse()._cron_update_meter_expiry(batch_size=1000), 2
            )
            # one message a changed contract, with both dates, as for a write
            for contract in contracts:
                logged = contract.message_ids - before[contract]
                self.assertEqual(len(logged), 1)
                self.assertEqual(
                    set(logged.tracking_value_ids.field_id.mapped("name")),
                    {"date_expiry_calculated", "date_expiry"},
                )
                self.assertEqual(
                    contract.date_expiry_calculated, datetime.date(2026, 9, 13)
                )
            # nothing changed: nothing logged
            messages = contracts.message_ids
            contracts.browse()._cron_update_meter_expiry()
            self.assertEqual(contracts.message_ids, messages)

    def test_cron_and_computes_share_each_formula(self):
        with freeze_time("2026-06-01"):
            contract = self._make_contracts(1, start_value=50_000, rate=500)
        asset_meters = contract.meter_ids.asset_meter_id
        with (
            freeze_time("2026-06-05"),
            patch.object(
                ServiceAssetMeter,
                "_get_daily_rate",
                lambda self, manual, computed: 1_000.0,
            ),
        ):
            # the batch's daily rate is the one of the compute
            self._cron()
            self.assertEqual(asset_meters.mapped("daily_rate"), [1_000.0] * 2)
            # 50,000 left at 1,000 a day
            self.assertEqual(contract.date_expiry, datetime.date(2026, 7, 25))
        fixed = datetime.date(2026, 6, 20)
        with (
            freeze_time("2026-06-06"),
            patch.object(BaseServiceContract, "_get_date_expiry", lambda self: fixed),
        ):
            # the batch's effective expiry is the one of the compute
            self._cron()
            self.assertEqual(contract.date_expiry, fixed)
            self.assertEqual(
                contract.date_expiry_calculated, datetime.date(2026, 9, 14)
            )
        line_date = datetime.date(2026, 8, 1)
        with (
            freeze_time("2026-06-07"),
            patch.object(
                ServiceContractMeter,
                "_date_expiry_from",
                lambda self, start, end, last_date, net, rate, today: line_date,
            ),
        ):
            # the batch's line dates are those of the compute
            self._cron()
            self.assertEqual(contract.meter_ids.mapped("date_expiry"), [line_date] * 2)
            self.assertEqual(contract.date_expiry_calculated, line_date)
            contract.meter_ids.invalidate_recordset(["date_expiry"])
            contract.meter_ids._compute_date_expiry()
            self.assertEqual(contract.meter_ids.mapped("date_expiry"), [line_date] * 2)

    def test_activity_for_account_manager_within_warning_days(self):
        self.env.company.service_meter_warning_days = 30
        with freeze_time("2026-06-01"):
            soon, later = self._make_contracts(2, start_value=90_000, rate=500)
            later.meter_ids.asset_meter_id.daily_rate_manual = 100  # 100 days
            self._cron()
            activity = soon.activity_ids
            self.assertRecordValues(
                activity,
                [
                    {
                        "activity_type_id": self.activity_type.id,
                        "user_id": self.manager.id,
                        "date_deadline": datetime.date(2026, 6, 21),
                    }
                ],
            )
            self.assertFalse(later.activity_ids)
            # never twice
            self._cron()
            self.assertEqual(soon.activity_ids, activity)
            # no account manager, no activity
            no_manager = self._make_contracts(1, start_value=90_000, rate=500)
            no_manager.user_id = False
            self._cron()
            self.assertFalse(no_manager.activity_ids)
        with freeze_time("2026-06-02"):
            # slower usage: the date leaves the window, the warning is withdrawn
            soon.meter_ids.asset_meter_id.daily_rate_manual = 50
            self._cron()
            self.assertFalse(soon.activity_ids)
        with freeze_time("2026-08-01"):
            self.env.company.service_meter_warning_days = 0
            self._cron()
            self.assertFalse(later.activity_ids)
            self.env.company.service_meter_warning_days = 100
            self._cron()
            self.assertEqual(later.activity_ids.user_id, self.manager)

    def test_cron_query_count_is_flat(self):
        """The same number of queries for 10 and for 500 contracts.

        In each measured run every contract gets a new calculated date and
        two contracts get a new expiry warning.
        """
        self.env.company.service_meter_warning_days = 5
        with freeze_time("2026-06-01"):
            small = self._make_contracts(10, start_value=10_000, rate=100)
            small[:2].meter_ids.asset_meter_id.daily_rate_manual = 30_000
        with freeze_time("2026-06-02"):
            self._cron()  # warm-up: caches of the environment
            self.assertEqual(len(small.activity_ids), 2)
            small[2:4].meter_ids.asset_meter_id.daily_rate_manual = 30_000
        with freeze_time("2026-06-03"):
            queries_10 = self._count_cron_queries(10)
            self.assertEqual(len(small.activity_ids), 4)
        with freeze_time("2026-06-01"):
            large = self._make_contracts(490, start_value=10_000, rate=100)
            large[:2].meter_ids.asset_meter_id.daily_rate_manual = 30_000
        with freeze_time("2026-06-04"):
            with self.assertQueryCount(queries_10):
                queries_500 = self._count_cron_queries(500)
            self.assertEqual(queries_500, queries_10)
            _logger.info(
                "Meter expiry cron: %s queries for 10 contracts, %s for 500",
                queries_10,
                queries_500,
            )
            self.assertEqual(len((small | large).activity_ids), 6)
            # every contract was recomputed for the new day
            self.assertEqual(
                set(large[2:].mapped("date_expiry_calculated")),
                {datetime.date(2026, 6, 4) + datetime.timedelta(days=900)},
            )
