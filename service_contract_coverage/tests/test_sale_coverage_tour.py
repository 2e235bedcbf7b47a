from dateutil.relativedelta import relativedelta

from odoo.tests import HttpCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestSaleCoverageTour(HttpCase):
    """A salesperson adds a one-year warranty to a laptop on a quotation and
    confirms it, in a real browser."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        new_test_user(
            cls.env,
            login="tour_salesperson",
            groups="base.group_user,sales_team.group_sale_salesman",
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

    def test_add_warranty_to_laptop_and_confirm(self):
        self.start_tour(
            "/odoo/action-sale.action_quotations_with_onboarding",
            "sale_coverage_tour",
            login="tour_salesperson",
        )
        order = self.env["sale.order"].search([("partner_id", "=", self.customer.id)])
        self.assertEqual(len(order), 1)
        self.assertEqual(order.state, "sale")
        laptop_line = order.order_line.filtered(
            lambda line: line.product_id == self.laptop
        )
        coverage = order.order_line.filtered(
            lambda line: line.product_id == self.warranty
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
