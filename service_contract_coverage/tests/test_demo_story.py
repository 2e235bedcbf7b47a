from odoo.tests import tagged

from odoo.addons.service_contract.tests.demo_story_common import DemoStoryCase


@tagged("post_install", "-at_install")
class TestDemoStory(DemoStoryCase):
    """After an install with demo data, Northwind Printing's story goes on
    with a delivered order of coverage items and a covered repair."""

    story_groups = (
        "service_contract.group_service_contract_user,"
        "sales_team.group_sale_salesman_all_leads"
    )

    def test_confirmed_order_with_coverage_items_delivered(self):
        env = self.user_env
        order = env.ref("service_contract_coverage.sale_order_printer_coverage")
        self.assertEqual(order.state, "sale")
        self.assertEqual(order.picking_ids.mapped("state"), ["done"])
        plant = env.ref("service_contract.partner_northwind_plant")
        delivered = order.picking_ids.move_line_ids.lot_id
        self.assertEqual(len(delivered), 2)
        self.assertEqual(delivered.service_address_id, plant)
        items = order.order_line.filtered("covered_line_id")
        self.assertEqual(len(items), 2)
        for item in items:
            # The covered printers are delivered: the coverage item is billable
            # and its contract covers both serials.
            self.assertEqual(item.coverage_state, "active")
            self.assertEqual(item.qty_delivered, item.product_uom_qty)
            self.assertEqual(item.invoice_status, "to invoice")
            self.assertTrue(delivered <= item.coverage_contract_id.lot_ids)
        for lot in delivered:
            answer = lot._get_service_coverage()
            self.assertTrue(answer.best, lot.name)
            self.assertIn(answer.best.contract, items.coverage_contract_id)
        # The serial the base's demo contract listed is still covered by it.
        printer = env.ref("service_contract.lot_printer_001")
        self.assertIn(
            printer, env.ref("service_contract.contract_warranty_ready").lot_ids
        )

    def test_repair_on_covered_serial_with_discount(self):
        env = self.user_env
        repair = env.ref("service_contract_coverage.repair_printer_002")
        self.assertEqual(repair.lot_id, env.ref("service_contract.lot_printer_002"))
        self.assertTrue(repair.under_warranty)
        # The answer the unit gives today, not one from before the demo's
        # contracts were complete.
        answer = repair.lot_id._get_service_coverage(date=repair._service_date())
        self.assertEqual(repair.service_contract_id, answer.best.contract)
        self.assertEqual(
            repair.service_contract_id,
            env.ref("service_contract_coverage.contract_coverage_premium"),
        )
        self.assertTrue(repair.service_coverage_reason)
        lines = repair.sale_order_id.order_line
        fuser = lines.filtered(
            lambda line: (
                line.product_id == env.ref("service_contract_coverage.product_fuser")
            )
        )
        labour = lines.filtered(
            lambda line: (
                line.product_id
                == env.ref("service_contract_coverage.product_technician_hour")
            )
        )
        self.assertEqual(len(fuser), 1)
        self.assertEqual(len(labour), 1)
        self.assertTrue(fuser.price_unit)
        self.assertEqual(fuser.discount, repair.service_parts_rate)
        self.assertEqual(labour.discount, repair.service_labor_rate)
        self.assertTrue(fuser.discount > 0 and labour.discount > 0)

    def test_contract_report_coverage_section(self):
        """The contract PDF lists the covered units with their shares, the
        excluded components and the conditions."""
        contract = self.user_env.ref(
            "service_contract_coverage.contract_coverage_premium"
        )
        html = self._render(contract)
        self.assertIn("Coverage and covered shares", html)
        coverage = contract.coverage_ids.filtered(
            lambda line: line.coverage_type == "product"
        )
        self.assertEqual(len(coverage), 1)
        for line in contract.coverage_ids:
            self.assertIn(line.description, html)
        for rate in ("100.00", "80.00", "0.00"):
            self.assertIn(f"<span>{rate}</span> %", html)
        self.assertIn("Components excluded:", html)
        self.assertIn("Print Head PH-5", html)
        self.assertIn("Components not listed are covered.", html)
        self.assertIn("Conditions:", html)
        for rule in coverage.rule_ids:
            self.assertIn(rule.name, html)
        # A contract without coverage lines prints no coverage section.
        bare_html = self._render(self._bare_contract())
        self.assertNotIn("Coverage and covered shares", bare_html)
