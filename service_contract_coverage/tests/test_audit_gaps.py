import datetime
from contextlib import nullcontext
from unittest.mock import patch

from odoo import Command
from odoo.exceptions import UserError
from odoo.tests import tagged
from odoo.tools import SQL

from .common import CoverageCommon

#: Queries of one run of the daily gap detection with one batch, whatever the
#: number of customers in it (after a first run filled the caches).
GAP_QUERIES = 17


@tagged("post_install", "-at_install")
class TestAuditLogAndGaps(CoverageCommon):
    def test_log_rows_for_lines_and_components(self):
        contract = self._ready_contract()
        line = self._create_line(contract, lot_id=self.lot.id)
        Log = self.env["service.contract.coverage.log"]
        added = Log.search([("contract_id", "=", contract.id)])
        self.assertRecordValues(
            added,
            [
                {
                    "operation": "add",
                    "lot_id": self.lot.id,
                    "user_id": self.env.uid,
                    "contract_name": contract.name,
                }
            ],
        )
        line.write({"labor_rate": 30.0, "service_level": "premium"})
        changes = Log.search(
            [("contract_id", "=", contract.id), ("operation", "=", "change")]
        )
        self.assertEqual(
            sorted(changes.mapped("field_name")),
            ["Labour Covered (%)", "Service Level"],
        )
        labour = changes.filtered(lambda r: r.field_name == "Labour Covered (%)")
        self.assertEqual((labour.old_value, labour.new_value), ("100.0", "30.0"))
        line.component_ids = [Command.create({"product_id": self.component_drum.id})]
        self.assertFalse(line.component_ids.included)
        line.component_ids.included = True
        line.component_ids = [Command.clear()]
        self.assertEqual(
            Log.search(
                [
                    ("contract_id", "=", contract.id),
                    ("component_product_id", "!=", False),
                ],
                order="id",
            ).mapped("operation"),
            ["component_add", "component_change", "component_remove"],
        )
        line.unlink()
        removed = Log.search(
            [("contract_id", "=", contract.id), ("operation", "=", "remove")]
        )
        self.assertEqual(removed.lot_id, self.lot)
        self.assertIn("SN-T-0001", removed.old_value)
        self.assertEqual(
            contract.coverage_log_ids, Log.search([("contract_id", "=", contract.id)])
        )

    def test_log_is_read_only(self):
        contract = self._ready_contract()
        self._create_line(contract, lot_id=self.lot.id)
        row = contract.coverage_log_ids
        with self.assertRaisesRegex(UserError, "cannot be modified"):
            row.write({"new_value": "forged"})
        with self.assertRaisesRegex(UserError, "cannot be deleted"):
            row.unlink()
        user = self.env["res.users"].create(
            {
                "name": "Account Manager",
                "login": "am_log",
                "groups_id": [
                    Command.set(
                        [
                            self.env.ref(
                                "service_contract.group_service_contract_user"
                            ).id
                        ]
                    )
                ],
            }
        )
        Log = self.env["service.contract.coverage.log"].with_user(user)
        self.assertTrue(Log.search([("id", "=", row.id)]))
        self.assertFalse(Log.has_access("create"))
        self.assertFalse(Log.has_access("unlink"))

    def test_overlap_reported_not_refused(self):
        first = self._ready_contract()
        self._create_line(first, lot_id=self.lot.id)
        second = self._ready_contract()
        self._create_line(
            second, coverage_type="product", product_id=self.product_unit.id
        )
        gaps = self.env["service.contract.coverage.gap"].search(
            [
                ("kind", "=", "overlap"),
                ("state", "=", "open"),
                ("partner_id", "=", self.partner.id),
            ]
        )
        self.assertEqual(gaps.lot_id, self.lot)
        self.assertEqual(gaps.contract_id | gaps.other_contract_id, first | second)
        self.assertEqual(len(gaps), 1)
        self.assertGreaterEqual(first.coverage_gap_count + second.coverage_gap_count, 1)
        self.assertIn("overlapping dates", gaps.description)
        # A warranty overlapping a maintenance contract is no double coverage.
        warranty = self._ready_contract(template_id=self.warranty_template.id)
        self._create_line(warranty, lot_id=self.lot2.id)
        self.assertFalse(
            self.env["service.contract.coverage.gap"].search(
                [("kind", "=", "overlap"), ("lot_id", "=", self.lot2.id)]
            )
        )
        # Fixing it resolves the gap on the next detection.
        second.coverage_ids.date_end = "2026-06-30"
        first.coverage_ids.write({"date_start": "2026-01-01", "date_end": "2026-01-31"})
        second.coverage_ids.date_start = "2026-02-01"
        self.assertEqual(gaps.state, "resolved")
        self.env["service.contract.coverage.gap"]._detect_gaps()
        self.assertFalse(
            self.env["service.contract.coverage.gap"].search(
                [
                    ("kind", "=", "overlap"),
                    ("state", "=", "open"),
                    ("partner_id", "=", self.partner.id),
                ]
            )
        )

    def test_under_coverage_and_decommissioned(self):
        contract = self._ready_contract()
        self._create_line(contract, lot_id=self.lot.id)
        Gap = self.env["service.contract.coverage.gap"]
        mine = [("partner_id", "=", self.partner.id)]
        under = Gap.search([("kind", "=", "under"), ("state", "=", "open")] + mine)
        self.assertEqual(under.lot_id, self.lot2 | self.lot_scanner)
        self.assertEqual(under.contract_id, contract)
        self.lot.write(
            {"service_state": "decommissioned", "decommission_date": "2026-02-20"}
        )
        Gap._cron_detect_gaps()
        decommissioned = Gap.search([("kind", "=", "decommissioned")] + mine)
        self.assertRecordValues(
            decommissioned,
            [{"lot_id": self.lot.id, "contract_id": contract.id, "state": "open"}],
        )
        # Re-running changes nothing.
        count = Gap.search_count([])
        Gap._cron_detect_gaps()
        self.assertEqual(Gap.search_count([]), count)
        # Gaps per month, as the KPI graph reads them.
        groups = Gap._read_group(mine, ["date_found:month"], ["gap_count:sum"])
        self.assertEqual(groups[0][1], Gap.search_count(mine))
        self.assertEqual(groups[0][0], datetime.date(2026, 3, 1))

    def test_daily_detection_runs_batch_by_batch(self):
        """The daily detection runs on the batch toolkit: a customer whose
        detection fails is flagged alone, the others are checked, and each
        customer is checked once a day."""
        contract = self._ready_contract()
        self._create_line(contract, lot_id=self.lot.id)
        second = self._ready_contract()
        self._create_line(second, lot_id=self.lot2.id)
        other = self._ready_contract(partner_id=self.other_partner.id)
        self._create_line(other, lot_id=self.lot_other.id)
        Gap = self.env["service.contract.coverage.gap"]
        Gap.search([]).unlink()
        detect = type(Gap)._detect_gaps

        def failing_for_other(gaps, partners=None):
            if self.other_partner.commercial_partner_id in partners:
                raise UserError(self.env._("detection failed"))
            return detect(gaps, partners=partners)

        with patch.object(type(Gap), "_detect_gaps", failing_for_other):
            result = Gap._cron_detect_gaps(batch_size=1)
        self.assertEqual(result.failed, other)
        today = datetime.date(2026, 3, 1)
        # Both contracts of the customer are checked by the first batch.
        self.assertRecordValues(
            contract | second | other,
            [
                {"coverage_gaps_checked_on": today},
                {"coverage_gaps_checked_on": today},
                {"coverage_gaps_checked_on": False},
            ],
        )
        self.assertTrue(
            Gap.search(
                [("kind", "=", "under"), ("contract_id", "in", (contract | second).ids)]
            )
        )
        # The failed customer is due again; the others not before tomorrow.
        self.assertEqual(Gap._cron_detect_gaps().done, 1)
        self.assertEqual(other.coverage_gaps_checked_on, today)
        self.assertEqual(Gap._cron_detect_gaps().done, 0)

    def _customer_with_gaps(self, name):
        """A customer with three units and two contracts listing the first:
        one unit covered twice, two covered by no contract."""
        partner = self.env["res.partner"].create({"name": name, "is_company": True})
        lots = self.env["stock.lot"].create(
            [
                {
                    "name": f"{name}-{i}",
                    "product_id": self.product_unit.id,
                    "service_partner_id": partner.id,
                }
                for i in range(3)
            ]
        )
        contracts = self._ready_contract(partner_id=partner.id)
        contracts |= self._ready_contract(partner_id=partner.id)
        for contract in contracts:
            self._create_line(contract, lot_id=lots[0].id)
        return contracts

    def test_daily_detection_queries_do_not_grow_with_the_batch(self):
        """A batch of the daily detection costs the same queries for one
        customer and for three: each query reads the batch's customers, the
        gaps are created together."""
        Gap = self.env["service.contract.coverage.gap"]
        counts = []
        # The first run fills the caches (access rules, parameters...) and
        # checks whatever else the database holds (demo data).
        for run, customers in enumerate((1, 1, 3)):
            contracts = self.env["service.contract"]
            for n in range(customers):
                contracts |= self._customer_with_gaps(f"GAPQ-{run}-{n}")
            self.env.flush_all()
            self.env.invalidate_all()
            with self.assertQueryCount(GAP_QUERIES) if run else nullcontext():
                before = self.cr.sql_log_count
                result = Gap._cron_detect_gaps(batch_size=100)
                counts.append(self.cr.sql_log_count - before)
            if run:
                self.assertEqual(result.done, len(contracts))
            gaps = Gap.search(
                [("contract_id", "in", contracts.ids), ("state", "=", "open")]
            )
            self.assertEqual(
                sorted(gaps.mapped("kind")),
                ["overlap"] * customers + ["under"] * (2 * customers),
            )
        self.assertEqual(counts[1], counts[2])

    def test_in_service_condition_of_the_detection_follows_the_rule(self):
        """The SQL of the detection selects the units the base's in-service
        rule says are in service."""
        Lot = self.env["stock.lot"]
        Gap = self.env["service.contract.coverage.gap"]
        self.lot.write(
            {"service_state": "decommissioned", "decommission_date": "2026-03-01"}
        )
        self.lot2.write(
            {"service_state": "decommissioned", "decommission_date": "2026-03-02"}
        )
        units = self.lot | self.lot2 | self.lot_scanner
        self.env.flush_all()
        for day in (datetime.date(2026, 2, 28), datetime.date(2026, 3, 1)):
            self.env.cr.execute(
                SQL(
                    "SELECT lot.id FROM stock_lot lot WHERE lot.id IN %s AND %s",
                    tuple(units.ids),
                    Gap._in_service_sql(day),
                )
            )
            selected = Lot.browse(row[0] for row in self.env.cr.fetchall())
            self.assertEqual(selected, units._filter_in_service_on(day))

    def test_decommission_and_customer_change_notify_account_manager(self):
        contract = self._ready_contract()
        self._create_line(contract, lot_id=self.lot.id)
        self._create_line(contract, lot_id=self.lot2.id)
        self.lot.action_decommission()
        activity = contract.activity_ids
        self.assertEqual(len(activity), 1)
        self.assertIn("SN-T-0001 decommissioned", activity.summary)
        self.assertEqual(activity.user_id, contract.user_id)
        self.lot2.service_partner_id = self.other_partner
        self.assertEqual(len(contract.activity_ids), 2)
        Log = self.env["service.contract.coverage.log"]
        self.assertRecordValues(
            Log.search(
                [
                    ("contract_id", "=", contract.id),
                    ("operation", "in", ("decommission", "customer_change")),
                ],
                order="id",
            ),
            [
                {
                    "operation": "decommission",
                    "lot_id": self.lot.id,
                    "old_value": "In Service",
                    "new_value": "Decommissioned",
                },
                {
                    "operation": "customer_change",
                    "lot_id": self.lot2.id,
                    "old_value": "Contoso Plant",
                    "new_value": "Fabrikam",
                },
            ],
        )

    def test_coverage_analysis_kpis(self):
        self.env["service.product.component"].create(
            {
                "product_tmpl_id": self.product_unit.product_tmpl_id.id,
                "component_id": self.component_drum.id,
            }
        )
        self.lot.service_delivery_date = "2026-01-01"
        contract = self._ready_contract()
        complete = self._create_line(contract, lot_id=self.lot.id)
        complete.action_load_components()
        self._create_line(contract, lot_id=self.lot2.id)  # no components listed
        self.env.flush_all()
        Report = self.env["service.contract.coverage.report"]
        [(units, rate, days)] = Report._read_group(
            [("contract_id", "=", contract.id)],
            [],
            ["unit_count:sum", "complete_rate:avg", "inclusion_days:avg"],
        )
        self.assertEqual(units, 2)
        self.assertEqual(rate, 50.0)
        self.assertGreaterEqual(days, 0)

    def test_technician_decommissioning_notifies_account_manager(self):
        contract = self._ready_contract()
        self._create_line(contract, lot_id=self.lot.id)
        technician = self.env["res.users"].create(
            {
                "name": "Field Technician",
                "login": "technician_decommission",
                "groups_id": [Command.set([self.env.ref("stock.group_stock_user").id])],
            }
        )
        self.lot.with_user(technician).action_decommission()
        self.assertEqual(len(contract.activity_ids), 1)
        self.assertEqual(
            contract.coverage_log_ids.filtered(
                lambda r: r.operation == "decommission"
            ).user_id,
            technician,
        )


@tagged("post_install", "-at_install")
class TestCoverageGapMenus(CoverageCommon):
    def test_gaps_per_month_is_not_the_gap_list(self):
        """Coverage Gaps lists the gaps; Coverage Gaps per Month charts them
        by month: two menus, two actions, different views."""
        gap_list = self.env.ref(
            "service_contract_coverage.menu_service_contract_coverage_gap"
        )
        per_month = self.env.ref(
            "service_contract_coverage.menu_service_contract_coverage_gap_report"
        )
        self.assertNotEqual(gap_list.action, per_month.action)
        self.assertEqual([mode for _view, mode in gap_list.action.views], ["list"])
        self.assertEqual(
            [mode for _view, mode in per_month.action.views], ["graph", "pivot"]
        )
        self.assertEqual(
            per_month.parent_id,
            self.env.ref("service_contract.menu_service_contract_reporting"),
        )
        views = self.env["service.contract.coverage.gap"].get_views(
            per_month.action.views
        )["views"]
        for mode in ("graph", "pivot"):
            self.assertIn('interval="month"', views[mode]["arch"], mode)
