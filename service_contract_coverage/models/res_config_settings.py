from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    service_coverage_include_unlisted = fields.Boolean(
        related="company_id.service_coverage_include_unlisted", readonly=False
    )
