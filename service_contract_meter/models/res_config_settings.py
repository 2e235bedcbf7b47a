from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    service_meter_warning_days = fields.Integer(
        related="company_id.service_meter_warning_days", readonly=False
    )
