from odoo import fields, models
from odoo.tools import SQL


class ResCompany(models.Model):
    _inherit = "res.company"

    service_meter_warning_days = fields.Integer(
        string="Meter Expiry Warning (days)",
        default=30,
        help="Schedule an activity for the account manager when a contract "
        "will expire by meter within this many days (0 disables it).",
    )

    def write(self, vals):
        result = super().write(vals)
        if "service_meter_warning_days" in vals:
            # the expiry warnings follow: the companies' contracts are due
            self.env["service.contract"]._meter_expiry_mark_due_where(
                SQL("company_id = ANY(%s)", self.ids)
            )
        return result
