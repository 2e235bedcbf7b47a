from odoo import api, fields, models

from ..rules import components as component_rules


class ServiceContractCoverageComponent(models.Model):
    """A component product listed on a coverage line, included or excluded."""

    _name = "service.contract.coverage.component"
    _description = "Coverage Line Component"
    _order = "coverage_id, id"
    _check_company_auto = True

    coverage_id = fields.Many2one(
        "service.contract.coverage",
        string="Coverage Line",
        required=True,
        ondelete="cascade",
        index=True,
    )
    contract_id = fields.Many2one(
        related="coverage_id.contract_id", store=True, index=True
    )
    company_id = fields.Many2one(related="coverage_id.company_id", store=True)
    product_id = fields.Many2one(
        "product.product",
        string="Component",
        required=True,
        check_company=True,
    )
    included = fields.Boolean(
        compute="_compute_included",
        store=True,
        readonly=False,
        precompute=True,
        help="Suggested from the line: listed components are included when "
        "the line excludes the components not listed, and excluded when it "
        "includes them.",
    )

    _sql_constraints = [
        (
            "coverage_product_uniq",
            "unique(coverage_id, product_id)",
            "A component is listed once per coverage line.",
        ),
    ]

    @api.depends("coverage_id")
    def _compute_included(self):
        for component in self:
            component.included = component_rules.default_included(
                component.coverage_id.include_unlisted_components
            )

    @api.model_create_multi
    def create(self, vals_list):
        components = super().create(vals_list)
        self.env["service.contract.coverage.log"]._log_components(
            components, "component_add"
        )
        return components

    def write(self, vals):
        Log = self.env["service.contract.coverage.log"]
        before = {}
        if "included" in vals:
            before = {
                c.id: (self.env._("Included") if c.included else self.env._("Excluded"))
                for c in self
            }
        if "product_id" in vals:
            Log._log_components(self, "component_remove")
        result = super().write(vals)
        if "product_id" in vals:
            Log._log_components(self, "component_add")
        elif "included" in vals:
            Log._log_components(self, "component_change", before=before)
        return result

    @api.ondelete(at_uninstall=False)
    def _log_removal(self):
        self.env["service.contract.coverage.log"]._log_components(
            self, "component_remove"
        )
