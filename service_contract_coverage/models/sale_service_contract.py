from odoo import api, fields, models


class ServiceContract(models.Model):
    """Order lines whose coverage items created or extended the contract."""

    _inherit = "service.contract"

    coverage_sale_line_ids = fields.One2many(
        "sale.order.line",
        "coverage_contract_id",
        string="Coverage Sold",
        readonly=True,
    )
    coverage_sale_order_count = fields.Integer(
        string="Orders", compute="_compute_coverage_sale_order_count"
    )

    @api.depends("coverage_sale_line_ids", "sale_order_id")
    def _compute_coverage_sale_order_count(self):
        for contract in self:
            contract.coverage_sale_order_count = len(
                contract.coverage_sale_line_ids.order_id | contract.sale_order_id
            )

    def action_view_coverage_sale_orders(self):
        self.ensure_one()
        orders = self.coverage_sale_line_ids.order_id | self.sale_order_id
        action = self.env["ir.actions.act_window"]._for_xml_id("sale.action_orders")
        if len(orders) == 1:
            action.update(
                {"res_id": orders.id, "view_mode": "form", "views": [(False, "form")]}
            )
        else:
            action["domain"] = [("id", "in", orders.ids)]
        action["context"] = {"create": False}
        return action
