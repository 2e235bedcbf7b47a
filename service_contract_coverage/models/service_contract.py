from odoo import api, fields, models

from .service_contract_coverage import SERVICE_LEVELS


class ServiceContract(models.Model):
    _inherit = "service.contract"

    coverage_ids = fields.One2many(
        "service.contract.coverage",
        "contract_id",
        string="Coverage",
        copy=True,
    )
    coverage_service_level = fields.Selection(
        SERVICE_LEVELS,
        string="Service Level",
        compute="_compute_coverage_defaults",
        store=True,
        readonly=False,
        precompute=True,
    )
    coverage_labor_rate = fields.Float(
        string="Labour Covered (%)",
        compute="_compute_coverage_defaults",
        store=True,
        readonly=False,
        precompute=True,
        digits=(5, 2),
    )
    coverage_parts_rate = fields.Float(
        string="Parts Covered (%)",
        compute="_compute_coverage_defaults",
        store=True,
        readonly=False,
        precompute=True,
        digits=(5, 2),
    )
    coverage_expense_rate = fields.Float(
        string="Expenses Covered (%)",
        compute="_compute_coverage_defaults",
        store=True,
        readonly=False,
        precompute=True,
        digits=(5, 2),
    )

    @api.depends("template_id")
    def _compute_coverage_defaults(self):
        for contract in self:
            template = contract.template_id
            if not template:
                contract.coverage_service_level = (
                    contract.coverage_service_level or "standard"
                )
                for name in ("labor", "parts", "expense"):
                    field = f"coverage_{name}_rate"
                    contract[field] = contract[field] if contract.id else 100.0
                continue
            contract.coverage_service_level = template.coverage_service_level
            contract.coverage_labor_rate = template.coverage_labor_rate
            contract.coverage_parts_rate = template.coverage_parts_rate
            contract.coverage_expense_rate = template.coverage_expense_rate

    def _get_default_include_unlisted_components(self):
        """Default component policy of a new line: template, else setting."""
        policy = self.template_id.coverage_components_policy
        if policy:
            return policy == "include"
        company = self.company_id or self.env.company
        return company.service_coverage_include_unlisted
