from datetime import date

from odoo import Command
from odoo.exceptions import AccessError, ValidationError
from odoo.tests import freeze_time, new_test_user, tagged
from odoo.tools.safe_eval import safe_eval

from .sale_coverage_common import SaleCoverageCommon


@tagged("post_install", "-at_install")
class TestSaleCoverageAccess(SaleCoverageCommon):
    """Who sells coverage, who delivers it, and which company sees it."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.salesman = new_test_user(
            cls.env, login="sc_cov_salesman", groups="sales_team.group_sale_salesman"
        )
        cls.storekeeper = new_test_user(
            cls.env, login="sc_cov_storekeeper", groups="stock.group_stock_user"
        )
        cls.company_b = cls.env["res.company"].create({"name": "Service Site B"})
        cls.user_b = new_test_user(
            cls.env,
            login="sc_cov_user_b",
            groups="sales_team.group_sale_salesman,"
            "service_contract.group_service_contract_user",
            company_id=cls.company_b.id,
            company_ids=[Command.set(cls.company_b.ids)],
        )

    @freeze_time("2026-02-01 10:00:00")
    def test_salesman_sells_and_storekeeper_delivers(self):
        order, laptop_line, _coverage = self._laptop_order()
        order.user_id = self.salesman
        order = order.with_user(self.salesman)
        order.action_confirm()
        coverage = order.order_line.filtered("covered_line_id")
        # The storekeeper manages no contract, yet delivering the laptop
        # brings its coverage in force.
        with self.assertRaises(AccessError):
            self.env["service.contract"].with_user(self.storekeeper).create(
                {"partner_id": self.partner.id}
            )
        picking = self._deliver(
            order.with_env(self.env), self.laptop_lots[0], user=self.storekeeper
        )
        self.assertEqual(picking.state, "done")
        contract = coverage.coverage_contract_id
        self.assertRecordValues(
            contract,
            [
                {
                    "company_id": self.env.company.id,
                    "user_id": self.salesman.id,
                    "state": "ready",
                }
            ],
        )
        self.assertEqual(coverage.qty_delivered, 1.0)
        # The salesman sees the contract from the order.
        self.assertEqual(order.service_contract_count, 1)
        self.assertEqual(order.coverage_contract_ids, contract)
        # Another company's user sees neither the contract nor its coverage.
        Contract_b = self.env["service.contract"].with_user(self.user_b)
        self.assertFalse(Contract_b.search([("id", "=", contract.id)]))
        with self.assertRaises(AccessError):
            contract.with_user(self.user_b).read(["name"])

    def test_whole_installed_base_template_is_refused(self):
        points = self.env["service.contract.template"].create(
            {"name": "Points Pack", "contract_type": "points", "points_total": 10}
        )
        with self.assertRaisesRegex(
            ValidationError, "cannot cover the whole installed base"
        ):
            self.warranty.service_contract_template_id = points

    @freeze_time("2026-02-01 10:00:00")
    def test_coverage_sold_list(self):
        order, _laptop_line, coverage = self._laptop_order()
        order.action_confirm()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "service_contract_coverage.action_sale_coverage_items"
        )
        lines = self.env["sale.order.line"].search(safe_eval(action["domain"]))
        self.assertIn(coverage, lines)
        self.assertNotIn(order.order_line - coverage, lines)
        self._deliver(order, self.laptop_lots[0])
        self.assertEqual(
            coverage.coverage_contract_line_ids.date_start, date(2026, 2, 1)
        )
