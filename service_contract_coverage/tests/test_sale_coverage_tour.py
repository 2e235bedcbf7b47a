from dateutil.relativedelta import relativedelta

from odoo import Command
from odoo.tests import HttpCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestSaleCoverageTour(HttpCase):
    """A salesperson adds a one-year warranty to a laptop on a quotation, and
    one to a laptop an earlier order delivered, and confirms it; a warehouse
    user delivers the laptop; the salesperson sees the warranty delivered and
    its contract covering the serial; in a real browser, each as that user."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        new_test_user(
            cls.env,
            login="tour_salesperson",
            groups="base.group_user,sales_team.group_sale_salesman",
        )
        new_test_user(
            cls.env,
            login="tour_warehouse_user",
            groups="stock.group_stock_user,stock.group_production_lot",
        )
        cls.customer = cls.env["res.partner"].create(
            {"name": "Tour Coverage Customer", "is_company": True}
        )
        template = cls.env["service.contract.template"].create(
            {
                "name": "Tour Warranty 1 Year",
                "contract_type": "warranty",
                "duration": 1,
                "duration_unit": "year",
            }
        )
        cls.laptop = cls.env["product.product"].create(
            {
                "name": "Tour Laptop",
                "type": "consu",
                "is_storable": True,
                "tracking": "serial",
                "list_price": 1200.0,
            }
        )
        cls.warranty = cls.env["product.product"].create(
            {
                "name": "Tour Warranty",
                "type": "service",
                "list_price": 150.0,
                "service_coverage_enabled": True,
                "service_coverage_kind": "extended_warranty",
                "service_contract_template_id": template.id,
            }
        )
        # A laptop delivered by an earlier order, and one in stock.
        warehouse = cls.env["stock.warehouse"].search(
            [("company_id", "=", cls.env.company.id)], limit=1
        )
        cls.old_lot, cls.new_lot = cls.env["stock.lot"].create(
            [
                {"name": name, "product_id": cls.laptop.id}
                for name in ("LAP-TOUR-OLD", "LAP-TOUR-NEW")
            ]
        )
        cls.env["stock.quant"]._update_available_quantity(
            cls.laptop, warehouse.lot_stock_id, 1.0, lot_id=cls.old_lot
        )
        cls.earlier = cls.env["sale.order"].create(
            {
                "partner_id": cls.customer.id,
                "order_line": [Command.create({"product_id": cls.laptop.id})],
            }
        )
        cls.earlier.action_confirm()
        picking = cls.earlier.picking_ids
        picking.move_ids.picked = True
        picking.button_validate()
        cls.env["stock.quant"]._update_available_quantity(
            cls.laptop, warehouse.lot_stock_id, 1.0, lot_id=cls.new_lot
        )
        assert picking.state == "done", picking.state
        assert cls.old_lot.service_partner_id == cls.customer

    def test_add_warranty_to_laptop_and_confirm(self):
        self.start_tour(
            "/odoo/action-sale.action_quotations_with_onboarding",
            "sale_coverage_tour",
            login="tour_salesperson",
        )
        order = self.env["sale.order"].search(
            [("partner_id", "=", self.customer.id), ("id", "!=", self.earlier.id)]
        )
        self.assertEqual(len(order), 1)
        self.assertEqual(order.state, "sale")
        laptop_line = order.order_line.filtered(
            lambda line: line.product_id == self.laptop
        )
        coverage = order.order_line.filtered(
            lambda line: line.product_id == self.warranty and line.covered_line_id
        )
        self.assertRecordValues(
            coverage,
            [
                {
                    "covered_line_id": laptop_line.id,
                    "product_uom_qty": 1.0,
                    "qty_delivered_method": "service_coverage",
                    "coverage_state": "waiting",
                    "coverage_duration": 1.0,
                }
            ],
        )
        self.assertEqual(
            coverage.coverage_date_end,
            coverage.coverage_date_start + relativedelta(years=1),
        )
        # The contract waits for the laptop's delivery.
        self.assertFalse(coverage.coverage_contract_id)
        self.assertEqual(len(order.picking_ids), 1)
        old_coverage = order.order_line.filtered(
            lambda line: line.product_id == self.warranty and line.covered_lot_id
        )
        self.assertRecordValues(
            old_coverage,
            [{"covered_lot_id": self.old_lot.id, "covered_line_id": False}],
        )

        self.start_tour(
            "/odoo/action-stock.action_picking_tree_all",
            "sale_coverage_delivery_tour",
            login="tour_warehouse_user",
        )
        self.assertEqual(order.picking_ids.state, "done")
        self.assertEqual(order.picking_ids.move_line_ids.lot_id, self.new_lot)
        self.assertRecordValues(
            coverage, [{"qty_delivered": 1.0, "coverage_state": "active"}]
        )
        self.assertIn(self.new_lot, coverage.coverage_contract_id.coverage_ids.lot_id)
        self.assertTrue(self.new_lot._get_service_coverage().covered)

        self.start_tour(
            "/odoo/action-sale.action_orders",
            "sale_coverage_delivered_tour",
            login="tour_salesperson",
        )
