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
