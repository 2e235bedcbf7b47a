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
