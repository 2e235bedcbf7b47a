from odoo import fields
from odoo.tests import HttpCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestAccountManagerTour(HttpCase):
    """An account manager makes a contract from a template and lists what it
    covers by serial, product and category, with a component and a rule; the
    check against the asset register names a decommissioned serial; the
    coverage log shows the changes; in a real browser, as that user."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.user = new_test_user(
            cls.env,
            login="tour_account_manager",
            groups="service_contract.group_service_contract_user,"
            "stock.group_production_lot",
        )
        customer = cls.env["res.partner"].create(
            {"name": "Tour AM Customer", "is_company": True}
        )
        cls.categ = cls.env["product.category"].create({"name": "Tour AM Printers"})
        Product = cls.env["product.product"]
        printer = Product.create(
            {
                "name": "Tour AM Copier",
                "type": "consu",
                "is_storable": True,
                "tracking": "serial",
                "categ_id": cls.categ.id,
            }
        )
        cls.plotter = Product.create(
            {
                "name": "Tour AM Plotter",
                "type": "consu",
                "is_storable": True,
                "tracking": "serial",
            }
        )
        cls.drum = Product.create({"name": "Tour AM Drum", "type": "consu"})
        cls.unit, cls.retired = cls.env["stock.lot"].create(
            [
                {
                    "name": name,
                    "product_id": printer.id,
                    "service_partner_id": customer.id,
                }
                for name in ("SN-TOUR-A1", "SN-TOUR-A2")
            ]
        )
        cls.retired.write(
            {
                "service_state": "decommissioned",
                "decommission_date": fields.Date.today(),
            }
        )
        cls.env["service.contract.template"].create(
            {
                "name": "Tour AM Maintenance",
                "contract_type": "maintenance",
                "duration": 1,
                "duration_unit": "year",
            }
        )
        cls.customer = customer

    def test_contract_coverage_register_and_log(self):
        self.start_tour(
            "/odoo/action-service_contract.action_service_contract",
            "account_manager_tour",
            login="tour_account_manager",
        )
        contract = self.env["service.contract"].search(
            [("partner_id", "=", self.customer.id)]
        )
        self.assertEqual(contract.create_uid, self.user)
        lines = contract.coverage_ids.sorted("id")
        self.assertEqual(
            lines.mapped("coverage_type"), ["lot", "product", "category", "lot"]
        )
        self.assertEqual(lines[0].lot_id, self.unit)
        self.assertEqual(lines[0].component_ids.product_id, self.drum)
        self.assertEqual(lines[0].rule_ids.usage_type, "commercial")
        self.assertEqual(lines[1].product_id, self.plotter)
        self.assertEqual(lines[2].categ_id, self.categ)
        gaps = self.env["service.contract.coverage.gap"].search(
            [("contract_id", "=", contract.id)]
        )
        decommissioned = gaps.filtered(lambda gap: gap.kind == "decommissioned")
        self.assertEqual(decommissioned.lot_id, self.retired)
        # SN-TOUR-A1 is listed and in the category: covered twice.
        overlaps = gaps.filtered(lambda gap: gap.kind == "overlap")
        self.assertEqual(overlaps.lot_id, self.unit)
        self.assertTrue(contract.coverage_log_ids)
