from odoo import api, fields, models


class SaleOrder(models.Model):
    _inherit = "sale.order"

    coverage_contract_ids = fields.Many2many(
        "service.contract",
        string="Coverage Contracts",
        compute="_compute_coverage_contract_ids",
        help="Contracts created or extended by this order's coverage items.",
    )

    @api.depends("order_line.coverage_contract_id")
    def _compute_coverage_contract_ids(self):
        for order in self:
            order.coverage_contract_ids = order.order_line.coverage_contract_id

    @api.depends("order_line.coverage_contract_id")
    def _compute_service_contract_count(self):
        result = super()._compute_service_contract_count()
        for order in self:
            order.service_contract_count = len(
                order.service_contract_ids | order.order_line.coverage_contract_id
            )
        return result

    def action_view_service_contracts(self):
        action = super().action_view_service_contracts()
        contracts = self.service_contract_ids | self.order_line.coverage_contract_id
        if len(contracts) == 1:
            action.update(
                {
                    "res_id": contracts.id,
                    "view_mode": "form",
                    "views": [(False, "form")],
                }
            )
            action.pop("domain", None)
        else:
            action.update(
                {"domain": [("id", "in", contracts.ids)], "view_mode": "list,form"}
            )
            action.pop("res_id", None)
            action.pop("views", None)
        return action

    def copy_data(self, default=None):
        # A coverage item covering a line of the order is created once its
        # covered line exists (see copy), so that it covers the copy.
        vals_list = super().copy_data(default=default)
        if default and "order_line" in default:
            return vals_list
        for order, vals in zip(self, vals_list, strict=True):
            lines = order._get_copiable_order_lines()
            items = lines._filter_coverage_items_covering(lines)
            vals["order_line"] = [
                command
                for line, command in zip(lines, vals["order_line"], strict=True)
                if line not in items
            ]
        return vals_list

    def copy(self, default=None):
        new_orders = super().copy(default=default)
        if default and "order_line" in default:
            return new_orders
        item_vals = []
        for old, new in zip(self, new_orders, strict=True):
            lines = old._get_copiable_order_lines()
            items = lines._filter_coverage_items_covering(lines)
            copies = dict(zip(lines - items, new.order_line.sorted("id"), strict=True))
            item_vals += [
                dict(
                    vals,
                    order_id=new.id,
                    covered_line_id=copies[item.covered_line_id].id,
                )
                for item, vals in zip(items, items.copy_data(), strict=True)
            ]
        if item_vals:
            self.env["sale.order.line"].create(item_vals)
        return new_orders

    def _action_confirm(self):
        result = super()._action_confirm()
        # A unit delivered by an earlier order is covered from confirmation.
        lines = self.order_line.filtered(
            lambda line: line.covered_lot_id and line._is_coverage_item()
        )
        lines._activate_service_coverage({line: line.covered_lot_id for line in lines})
        return result
