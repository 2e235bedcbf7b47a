import datetime

from odoo import Command, fields
from odoo.tests import HttpCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestRepairCoverageTour(HttpCase):
    """A technician sees on a repair the covering contract, Under Warranty and
    the covered shares as discounts on the quotation, and on a unit whose
    contract expired the reason, in a real browser, as that user."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.technician = new_test_user(
            cls.env,
            login="tour_technician",
            groups="service_contract.group_service_contract_user,"
            "stock.group_production_lot,sales_team.group_sale_salesman,"
            "sale.group_discount_per_so_line",
        )
        cls.customer = cls.env["res.partner"].create(
            {"name": "Tour Repair Customer", "is_company": True}
        )
        cls.printer = cls.env["product.product"].create(
            {
                "name": "Tour Printer",
                "type": "consu",
                "is_storable": True,
                "tracking": "serial",
            }
        )
        cls.drum = cls.env["product.product"].create(
            {"name": "Tour Drum", "type": "consu", "list_price": 100.0}
        )
        cls.covered, cls.expired_unit = cls.env["stock.lot"].create(
            [
                {
                    "name": name,
                    "product_id": cls.printer.id,
                    "service_partner_id": cls.customer.id,
                }
                for name in ("SN-TOUR-R1", "SN-TOUR-R2")
            ]
        )
        template = cls.env["service.contract.template"].create(
            {
                "name": "Tour Maintenance",
                "contract_type": "maintenance",
                "duration": 1,
                "duration_unit": "year",
            }
        )
        today = fields.Date.today()
        cls.contract = cls.env["service.contract"].create(
            {
                "partner_id": cls.customer.id,
                "template_id": template.id,
                "date_start": today - datetime.timedelta(days=30),
                "state": "ready",
                "coverage_ids": [
                    Command.create(
                        {
                            "coverage_type": "lot",
                            "lot_id": cls.covered.id,
                            "parts_rate": 50.0,
                        }
                    )
                ],
            }
        )
        cls.expiry = today - datetime.timedelta(days=35)
        cls.expired = cls.env["service.contract"].create(
            {
                "partner_id": cls.customer.id,
                "template_id": template.id,
                "date_start": today - datetime.timedelta(days=400),
                "date_end": cls.expiry,
                "state": "ready",
                "coverage_ids": [
                    Command.create(
                        {"coverage_type": "lot", "lot_id": cls.expired_unit.id}
                    )
                ],
            }
        )
        warehouse = cls.env["stock.warehouse"].search(
            [("company_id", "=", cls.env.company.id)], limit=1
        )
        cls.repair = cls.env["repair.order"].create(
            {
                "product_id": cls.printer.id,
                "lot_id": cls.covered.id,
                "partner_id": cls.customer.id,
                "picking_type_id": warehouse.repair_type_id.id,
                "move_ids": [
                    Command.create(
                        {
                            "product_id": cls.drum.id,
                            "product_uom_qty": 1.0,
                            "repair_line_type": "add",
                            "company_id": cls.env.company.id,
                        }
                    )
                ],
            }
        )

    def test_repair_on_covered_and_expired_units(self):
        self.assertEqual(self.expired.state, "expired")
        self.start_tour(
            "/odoo/action-repair.action_repair_order_tree",
            "repair_coverage_tour",
            login="tour_technician",
        )
        self.assertRecordValues(
            self.repair,
            [{"under_warranty": True, "service_contract_id": self.contract.id}],
        )
        drum_line = self.repair.sale_order_id.order_line.filtered(
            lambda line: line.product_id == self.drum
        )
        self.assertRecordValues(drum_line, [{"price_unit": 100.0, "discount": 50.0}])
        second = self.env["repair.order"].search(
            [("lot_id", "=", self.expired_unit.id)]
        )
        self.assertEqual(second.create_uid, self.technician)
        self.assertFalse(second.under_warranty)
        self.assertIn(
            f"Contract {self.expired.name} expired on {self.expiry}.",
            second.service_coverage_reason,
        )
