from odoo import _, api, fields, models
from odoo.exceptions import ValidationError


class ServiceProductComponent(models.Model):
    """After-sales bill of materials: the component products of a product,
    as coverage lines list them."""

    _name = "service.product.component"
    _description = "After-Sales Bill of Materials Line"
    _order = "product_tmpl_id, sequence, id"
    _check_company_auto = True

    sequence = fields.Integer(default=10)
    product_tmpl_id = fields.Many2one(
        "product.template",
        string="Product",
        required=True,
        ondelete="cascade",
        index=True,
        check_company=True,
    )
    component_id = fields.Many2one(
        "product.product",
        required=True,
        ondelete="restrict",
        check_company=True,
    )
    quantity = fields.Float(default=1.0, digits="Product Unit of Measure")
    company_id = fields.Many2one(related="product_tmpl_id.company_id", store=True)

    _sql_constraints = [
        (
            "product_component_uniq",
            "unique(product_tmpl_id, component_id)",
            "A component appears once in a product's after-sales bill of materials.",
        ),
    ]

    @api.constrains("product_tmpl_id", "component_id")
    def _check_not_itself(self):
        for line in self:
            if line.component_id.product_tmpl_id == line.product_tmpl_id:
                raise ValidationError(
                    _(
                        "%(product)s cannot be a component of itself.",
                        product=line.product_tmpl_id.display_name,
                    )
                )
