from odoo import api, fields, models


class SaleOrder(models.Model):
    _inherit = "sale.order"

    service_contract_ids = fields.One2many(
        "service.contract", "sale_order_id", string="Service Contracts"
    )
    service_contract_count = fields.Integer(
        string="Contracts", compute="_compute_service_contract_count"
    )

    @api.depends("service_contract_ids")
    def _compute_service_contract_count(self):
        counts = dict(
            self.env["service.contract"]._read_group(
                [("sale_order_id", "in", self.ids)], ["sale_order_id"], ["__count"]
            )
        )
        for order in self:
            order.service_contract_count = counts.get(order, 0)

    def _action_confirm(self):
        result = super()._action_confirm()
        self.order_line._create_maintenance_contracts()
        return result

    def action_view_service_contracts(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "service_contract.action_service_contract"
        )
        contracts = self.service_contract_ids
        if len(contracts) == 1:
            action.update(
                {
                    "res_id": contracts.id,
                    "view_mode": "form",
                    "views": [(False, "form")],
                }
            )
        else:
            action["domain"] = [("id", "in", contracts.ids)]
        action["context"] = {"create": False}
        return action
