from odoo import models


class StockMove(models.Model):
    _inherit = "stock.move"

    def _create_repair_sale_order_line(self):
        result = super()._create_repair_sale_order_line()
        self.repair_id.filtered(
            lambda r: r.under_warranty and r.service_contract_id
        )._apply_service_coverage()
        return result
