from odoo.tests import TransactionCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestDemoStory(TransactionCase):
    """After an install with demo data, Northwind Printing's story starts with
    its units delivered to their installation addresses (base part)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.user = new_test_user(
            cls.env,
            login="demo_story_service_user",
            groups="service_contract.group_service_contract_user",
        )

    def test_units_delivered_to_installation_addresses(self):
        env = self.env(user=self.user)
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
