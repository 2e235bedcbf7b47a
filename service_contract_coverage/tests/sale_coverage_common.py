from odoo import Command

from odoo.addons.service_contract.tests.common import ServiceContractCommon


class SaleCoverageCommon(ServiceContractCommon):
    """A laptop sold with coverage items, stock to deliver it from."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.warehouse = cls.env["stock.warehouse"].search(
            [("company_id", "=", cls.env.company.id)], limit=1
        )
        cls.stock_location = cls.warehouse.lot_stock_id
        cls.laptop = cls.env["product.product"].create(
            {
                "name": "Laptop",
                "default_code": "LAP",
                "type": "consu",
                "is_storable": True,
                "tracking": "serial",
                "list_price": 1000.0,
                "invoice_policy": "delivery",
            }
        )
        cls.laptop_lots = cls.env["stock.lot"].create(
            [
                {"name": f"LAP-{index:03d}", "product_id": cls.laptop.id}
                for index in range(1, 5)
            ]
        )
        for lot in cls.laptop_lots:
            cls.env["stock.quant"]._update_available_quantity(
                cls.laptop, cls.stock_location, 1.0, lot_id=lot
            )
        cls.warranty = cls.env["product.product"].create(
            {
                "name": "Extended Warranty 1 Year",
                "type": "service",
                "list_price": 120.0,
                "service_coverage_enabled": True,
                "service_coverage_kind": "extended_warranty",
                "service_contract_template_id": cls.warranty_template.id,
            }
        )
        cls.sla = cls.env["product.product"].create(
            {
                "name": "Service Level Agreement",
                "type": "service",
                "list_price": 300.0,
                "service_coverage_enabled": True,
                "service_coverage_kind": "sla",
                "service_contract_template_id": cls.maintenance_template.id,
                "service_coverage_duration_type": "variable",
            }
        )
        cls.installation = cls.env["product.product"].create(
            {"name": "Installation", "type": "service", "list_price": 80.0}
        )
        cls.cable = cls.env["product.product"].create(
            {"name": "Cable", "type": "consu", "list_price": 5.0}
        )

    @classmethod
    def _create_order(cls, lines, partner=None):
        return cls.env["sale.order"].create(
            {
                "partner_id": (partner or cls.partner).id,
                "order_line": [Command.create(vals) for vals in lines],
            }
        )

    @classmethod
    def _laptop_order(cls, qty=1.0, **coverage):
        """An order for ``qty`` laptops, and a warranty covering them."""
        order = cls._create_order(
            [{"product_id": cls.laptop.id, "product_uom_qty": qty}]
        )
        laptop_line = order.order_line
        vals = {
            "order_id": order.id,
            "product_id": cls.warranty.id,
            "covered_line_id": laptop_line.id,
            "coverage_date_start": "2026-02-01 08:00:00",
        }
        vals.update(coverage)
        coverage_line = cls.env["sale.order.line"].create(vals)
        return order, laptop_line, coverage_line

    def _deliver(self, order, lots, user=None):
        """Validate the order's delivery with these serial numbers (as
        ``user`` when given)."""
        picking = order.picking_ids.filtered(
            lambda p: (
                p.state not in ("done", "cancel") and p.picking_type_code == "outgoing"
            )
        )
        if user:
            picking = picking.with_user(user)
        move = picking.move_ids
        move.move_line_ids.unlink()
        move.write(
            {
                "move_line_ids": [
                    Command.create(
                        {
                            "product_id": move.product_id.id,
                            "lot_id": lot.id,
                            "quantity": 1.0,
                            "location_id": move.location_id.id,
                            "location_dest_id": move.location_dest_id.id,
                            "picking_id": picking.id,
                        }
                    )
                    for lot in lots
                ],
                "picked": True,
            }
        )
        result = picking.button_validate()
        if (
            isinstance(result, dict)
            and result.get("res_model") == "stock.backorder.confirmation"
        ):
            wizard = (
                self.env["stock.backorder.confirmation"]
                .with_context(**result["context"])
                .create({})
            )
            wizard.process()
        return picking

    def _return(self, picking, lots):
        """Validate a return of these serial numbers from ``picking``."""
        wizard = (
            self.env["stock.return.picking"]
            .with_context(active_id=picking.id, active_model="stock.picking")
            .create({})
        )
        wizard.product_return_moves.quantity = len(lots)
        action = wizard.action_create_returns()
        return_picking = self.env["stock.picking"].browse(action["res_id"])
        move = return_picking.move_ids
        move.move_line_ids.unlink()
        move.write(
            {
                "move_line_ids": [
                    Command.create(
                        {
                            "product_id": move.product_id.id,
                            "lot_id": lot.id,
                            "quantity": 1.0,
                            "location_id": move.location_id.id,
                            "location_dest_id": move.location_dest_id.id,
                            "picking_id": return_picking.id,
                        }
                    )
                    for lot in lots
                ],
                "picked": True,
            }
        )
        return_picking.button_validate()
        return return_picking
