from odoo import fields, models


class ServiceContractPointsMove(models.Model):
    """A consumption of points names the repair order that consumed them."""

    _inherit = "service.contract.points.move"

    repair_id = fields.Many2one(
        "repair.order",
        string="Repair Order",
        index="btree_not_null",
        check_company=True,
        readonly=True,
    )
