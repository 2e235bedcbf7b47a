from collections import defaultdict

from odoo import fields, models


class StockPicking(models.Model):
    _inherit = "stock.picking"

    def _action_done(self):
        result = super()._action_done()
        self._update_sale_coverage()
        return result

    def _update_sale_coverage(self):
        """Coverage items follow their covered units: a delivered unit gets the
        coverage sold for it (contract created or extended); a returned unit's
        coverage sold on an order ends on the return date."""
        Lot = self.env["stock.lot"]
        delivered = defaultdict(lambda: Lot)
        returned = defaultdict(lambda: Lot)
        for picking in self.filtered(lambda p: p.state == "done"):
            moment = picking.date_done or fields.Datetime.now()
            for move_line in picking.move_line_ids:
                if not move_line.lot_id or not move_line.quantity:
                    continue
                if (
                    move_line.location_dest_id.usage == "customer"
                    and move_line.move_id.sale_line_id
                ):
                    delivered[move_line.move_id.sale_line_id] |= move_line.lot_id
                elif move_line.location_id.usage == "customer":
                    returned[moment] |= move_line.lot_id
        # The delivery acts for the sales order: the warehouse user who
        # validates it needs no right on contracts for the coverage sold on
        # the order to follow the units.  Companies come from the orders.
        SaleLine = self.env["sale.order.line"].sudo()
        for moment, lots in returned.items():
            covers = SaleLine.env["service.contract.coverage"].search(
                [("sale_line_id", "!=", False), ("lot_id", "in", lots.ids)]
            )
            covers.sale_line_id._end_service_coverage(moment, lots=lots)
        if delivered:
            lots_by_item = SaleLine._get_coverage_item_lots(delivered)
            SaleLine._activate_service_coverage(lots_by_item)
