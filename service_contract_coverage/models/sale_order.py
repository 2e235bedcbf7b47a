from odoo import api, fields, models


class SaleOrder(models.Model):
    _inherit = "sale.order"

    coverage_contract_ids = fields.Many2many(
        "service.contract",
        string="Coverage Contracts",
        compute="_compute_coverage_contract_ids",
        help="Contracts created or extended by this order's coverage lines.",
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

    def copy(self, default=None):
        # Coverage lines of a duplicated order cover the duplicated lines.
        new_orders = (
            super(SaleOrder, self.with_context(service_coverage_copy=True))
            .copy(default=default)
            .with_env(self.env)
        )
        if not (default and "order_line" in default):
            for old, new in zip(self, new_orders, strict=True):
                old_lines = old._get_copiable_order_lines()
                mapping = dict(
                    zip(old_lines, new.order_line.sorted("id"), strict=False)
                )
                for old_line, new_line in mapping.items():
                    covered = mapping.get(old_line.covered_line_id)
                    if covered:
                        new_line.covered_line_id = covered
        new_orders.order_line._check_service_coverage()
        new_orders.order_line._check_service_coverage_duration()
        return new_orders

    def _action_confirm(self):
        result = super()._action_confirm()
        # A unit delivered by an earlier order is covered from confirmation.
        lines = self.order_line.filtered(
            lambda line: line.covered_lot_id and line._is_service_coverage_line()
        )
        lines._activate_service_coverage({line: line.covered_lot_id for line in lines})
        return result
