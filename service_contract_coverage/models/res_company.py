from odoo import fields, models


class ResCompany(models.Model):
    _inherit = "res.company"

    service_coverage_include_unlisted = fields.Boolean(
        string="Coverage Includes Unlisted Components",
        default=True,
        help="Default of new coverage lines whose template says nothing: "
        "cover the components not listed on the line.",
    )
