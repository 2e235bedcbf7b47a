from odoo.tests import tagged

from .demo_story_common import DemoStoryCase


@tagged("post_install", "-at_install")
class TestDemoStory(DemoStoryCase):
    """After an install with demo data, Northwind Printing's story starts with
    its units delivered to their installation addresses (base part)."""

    def test_units_delivered_to_installation_addresses(self):
        env = self.user_env
        northwind = env.ref("service_contract.partner_northwind")
        plant = env.ref("service_contract.partner_northwind_plant")
        delivery = env.ref("service_contract.picking_delivery_northwind")
        self.assertEqual(delivery.state, "done")
        shipped = delivery.move_line_ids.lot_id
        self.assertEqual(set(shipped.mapped("name")), {"IP500-0001", "IP500-0002"})
        for lot in shipped:
            # Validating the delivery installed the unit at the customer.
            self.assertEqual(lot.service_partner_id, northwind)
            self.assertTrue(lot.service_delivery_date)
        printer = env.ref("service_contract.lot_printer_001")
        self.assertEqual(printer.service_address_id, plant)
        self.assertIn(
            env.ref("service_contract.contract_warranty_ready"),
            printer.service_contract_ids,
        )
