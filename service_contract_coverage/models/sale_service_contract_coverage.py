from odoo import fields, models


class ServiceContractCoverage(models.Model):
    """Coverage lines created by coverage items sold on order lines."""

    _inherit = "service.contract.coverage"

    sale_line_id = fields.Many2one(
        "sale.order.line",
        string="Sold On",
        index="btree_not_null",
        readonly=True,
        copy=False,
        ondelete="set null",
        help="The coverage item of the order line that created this coverage.",
    )
    sale_order_id = fields.Many2one(
        related="sale_line_id.order_id", string="Sale Order", store=True
    )
