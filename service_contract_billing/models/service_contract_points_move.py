from odoo import fields, models


class ServiceContractPointsMove(models.Model):
    """A purchase of points names the invoice that sold them."""

    _inherit = "service.contract.points.move"

    invoice_id = fields.Many2one(
        "account.move",
        index="btree_not_null",
        check_company=True,
        readonly=True,
    )
