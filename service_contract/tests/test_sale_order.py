from odoo import Command
from odoo.tests import Form, freeze_time, tagged

from .common import ServiceContractCommon


@tagged("post_install", "-at_install")
class TestMaintenanceFromSale(ServiceContractCommon):
    """Maintenance contracts created when a sale order is confirmed."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.salesperson = cls._create_user(
            "sc_salesperson", "sales_team.group_sale_salesman", name="Sally Seller"
        )
        cls.maintenance_product = cls.env["product.product"].create(
            {
                "name": "Maintenance plan",
                "type": "service",
                "list_price": 300,
                "service_contract_template_id": cls.maintenance_template.id,
            }
        )
        cls.warranty_product = cls.env["product.product"].create(
            {
                "name": "Extended warranty",
                "type": "service",
                "list_price": 100,
                "service_contract_template_id": cls.warranty_template.id,
            }
        )

    def _order(self, products, user=None):
        return self.env["sale.order"].create(
            {
                "partner_id": self.partner_site.id,
                "user_id": (user or self.salesperson).id,
                "client_order_ref": "PO-4711",
                "order_line": [
                    Command.create({"product_id": product.id}) for product in products
                ],
            }
        )

    @freeze_time("2026-05-04")
    def test_confirm_creates_one_contract_per_maintenance_line(self):
        order = self._order(
            self.maintenance_product | self.product_unit | self.warranty_product
        )
        order.order_line = [
            Command.create({"product_id": self.maintenance_product.id}),
            Command.create({"display_type": "line_note", "name": "Thank you"}),
        ]
        order.action_confirm()
        maintenance_lines = order.order_line.filtered(
            lambda line: line.product_id == self.maintenance_product
        )
        contracts = order.service_contract_ids
        self.assertEqual(len(contracts), 2)
        self.assertEqual(order.service_contract_count, 2)
        self.assertRecordValues(
            contracts.sorted(lambda c: c.sale_line_id.id),
            [
                {
                    "template_id": self.maintenance_template.id,
                    "contract_type": "maintenance",
                    "partner_id": self.partner.id,
                    "user_id": self.salesperson.id,
                    "company_id": order.company_id.id,
                    "sale_line_id": line.id,
                    "sale_order_id": order.id,
                    "external_ref": "PO-4711",
                    "state": "draft",
                    "date_start": order.date_order.date(),
                }
                for line in maintenance_lines.sorted("id")
            ],
        )
        for line in maintenance_lines:
            self.assertEqual(line.service_contract_ids.sale_line_id, line)
        action = order.action_view_service_contracts()
        self.assertEqual(
            self.env["service.contract"].search(action["domain"]), contracts
        )

    def test_reconfirm_does_not_duplicate(self):
        order = self._order(self.maintenance_product)
        order.action_confirm()
        contract = order.service_contract_ids
        self.assertEqual(len(contract), 1)
        action = order.action_view_service_contracts()
        self.assertEqual(action["res_id"], contract.id)
        order._action_cancel()
        order.action_draft()
        order.action_confirm()
        self.assertEqual(order.service_contract_ids, contract)
        # Even an archived contract counts as the line's contract.
        contract.action_archive()
        order._action_cancel()
        order.action_draft()
        order.action_confirm()
        self.assertFalse(
            self.env["service.contract"].search([("sale_order_id", "=", order.id)])
        )
        self.assertEqual(
            self.env["service.contract"]
            .with_context(active_test=False)
            .search([("sale_order_id", "=", order.id)]),
            contract,
        )

    def test_order_without_maintenance_product_creates_nothing(self):
        order = self._order(self.product_unit | self.warranty_product)
        order.action_confirm()
        self.assertFalse(order.service_contract_ids)
        self.assertEqual(order.service_contract_count, 0)

    def test_salesperson_confirms_without_service_rights(self):
        """A salesperson confirms the order as usual: the contract is created
        under their own access rights."""
        self.assertFalse(
            self.salesperson.has_group("service_contract.group_service_contract_user")
        )
        order = self._order(self.maintenance_product).with_user(self.salesperson)
        with Form(order) as form:
            form.client_order_ref = "PO-9"
        order.action_confirm()
        self.assertEqual(order.service_contract_count, 1)
        contract = order.service_contract_ids
        self.assertEqual(contract.user_id, self.salesperson)
        self.assertEqual(contract.external_ref, "PO-9")
