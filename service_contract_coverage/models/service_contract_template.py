from odoo import api, fields, models

from .service_contract_coverage import SERVICE_LEVELS, check_covered_shares


class ServiceContractTemplate(models.Model):
    _inherit = "service.contract.template"

    coverage_service_level = fields.Selection(
        SERVICE_LEVELS, string="Service Level", default="standard"
    )
    coverage_labor_rate = fields.Float(
        string="Labour Covered (%)", default=100.0, digits=(5, 2)
    )
    coverage_parts_rate = fields.Float(
        string="Parts Covered (%)", default=100.0, digits=(5, 2)
    )
    coverage_expense_rate = fields.Float(
        string="Expenses Covered (%)", default=100.0, digits=(5, 2)
    )
    coverage_components_policy = fields.Selection(
        [
            ("include", "Include the components not listed"),
            ("exclude", "Exclude the components not listed"),
        ],
        string="Unlisted Components",
        help="Default of new coverage lines; empty: the company's setting.",
    )

    @api.constrains(
        "coverage_labor_rate", "coverage_parts_rate", "coverage_expense_rate"
    )
    def _check_coverage_rates(self):
        check_covered_shares(
            self,
            "coverage_%s_rate",
            lambda template: template.env._(
                "Template %(template)s: a covered share is a percentage "
                "between 0 and 100.",
                template=template.name,
            ),
        )
