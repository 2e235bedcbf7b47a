from odoo import fields, models


class StockPicking(models.Model):
    _inherit = "stock.picking"

    def _action_done(self):
        result = super()._action_done()
        self._update_installed_base()
        return result

    def _update_installed_base(self):
        """Keep the units' customer up to date as deliveries and returns are
        validated: a serial delivered to a customer is installed there; a
        serial coming back from that customer is no longer installed anywhere.
        """
        deliveries = {}
        returns = {}
        for picking in self.filtered(lambda p: p.state == "done"):
            partner = picking.partner_id
            if not partner:
                continue
            day = fields.Date.context_today(picking, picking.date_done)
            for line in picking.move_line_ids:
                if not line.lot_id or not line.quantity:
                    continue
                if line.location_dest_id.usage == "customer":
                    key = (partner, day, picking.company_id)
                    deliveries[key] = (
                        deliveries.get(key, line.lot_id.browse()) | line.lot_id
                    )
                elif line.location_id.usage == "customer":
                    returns[partner] = (
                        returns.get(partner, line.lot_id.browse()) | line.lot_id
                    )
        for partner, lots in returns.items():
            lots._set_returned_from(partner)
        for (partner, day, company), lots in deliveries.items():
            lots._set_service_company(company)
            lots._set_installed_at(partner, day)

    def _demo_deliver_lots(self, lot_ids):
        """Demo data only: validate these pickings shipping exactly the
        serials ``lot_ids`` (whatever the reservation picked), as a warehouse
        user scanning them would; validating installs them at the customer."""
        lots = self.env["stock.lot"].browse(lot_ids)
        self.filtered(lambda p: p.state == "draft").action_confirm()
        self.move_line_ids.unlink()
        vals_list = []
        for move in self.move_ids:
            move_lots = lots.filtered(
                lambda lot, move=move: lot.product_id == move.product_id
            )
            vals_list += [
                {
                    "move_id": move.id,
                    "picking_id": move.picking_id.id,
                    "product_id": move.product_id.id,
                    "lot_id": lot.id,
                    "quantity": 1,
                    "picked": True,
                    "location_id": move.location_id.id,
                    "location_dest_id": move.location_dest_id.id,
                }
                for lot in move_lots[: int(move.product_uom_qty)]
            ]
            lots -= move_lots[: int(move.product_uom_qty)]
        self.env["stock.move.line"].create(vals_list)
        self.move_ids.picked = True
        self._action_done()
        return True
