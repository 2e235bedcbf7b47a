from odoo import fields, models

RENEWAL_TYPES = [
    ("automatic", "Automatic"),
    ("manual", "Manual"),
]


class ServiceContractRenewal(models.Model):
    _name = "service.contract.renewal"
    _description = "Contract Renewal"
    _order = "date desc, id desc"
    _rec_name = "contract_id"

    contract_id = fields.Many2one(
        "service.contract",
        required=True,
        ondelete="cascade",
        index=True,
        readonly=True,
    )
    partner_id = fields.Many2one(
        related="contract_id.partner_id", store=True, string="Customer"
    )
    company_id = fields.Many2one(related="contract_id.company_id", store=True)
    date = fields.Date(required=True, readonly=True, default=fields.Date.context_today)
    date_end_old = fields.Date(string="Old End Date", required=True, readonly=True)
    date_end_new = fields.Date(string="New End Date", required=True, readonly=True)
    renewal_type = fields.Selection(
        RENEWAL_TYPES, string="Type", required=True, readonly=True
    )
    user_id = fields.Many2one(
        "res.users",
        string="Renewed By",
        required=True,
        readonly=True,
        default=lambda self: self.env.user,
    )
    invoice_id = fields.Many2one(
        "account.move",
        string="Triggering Invoice",
        readonly=True,
        help="Set for an automatic renewal: the invoice created after the end date.",
    )
