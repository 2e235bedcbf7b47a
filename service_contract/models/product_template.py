from odoo import fields, models


class ProductTemplate(models.Model):
    _inherit = "product.template"

    service_contract_template_id = fields.Many2one(
        "service.contract.template",
        check_company=True,
        help="Selling this product creates a contract from this template: a "
        "maintenance template creates the contract when the order is confirmed.",
    )
