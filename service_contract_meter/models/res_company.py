from odoo import fields, models


class ResCompany(models.Model):
    _inherit = "res.company"

    service_meter_warning_days = fields.Integer(
        string="Meter Expiry Warning (days)",
        default=30,
        help="Schedule an activity for the account manager when a contract "
        "will expire by meter within this many days (0 disables it).",
    )
