from odoo import fields, models


class ServiceContractTemplate(models.Model):
    _inherit = "service.contract.template"

    meter_line_ids = fields.One2many(
        "service.contract.template.meter",
        "template_id",
        string="Meter Intervals",
        copy=True,
        help="The meters a contract from this template expects on its units, "
        "with the usage it covers.",
    )
