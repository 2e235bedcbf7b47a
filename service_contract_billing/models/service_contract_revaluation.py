from odoo import fields, models

REVALUATION_METHODS = [
    ("percent", "Fixed Percentage"),
    ("index", "Index"),
]


class ServiceContractRevaluation(models.Model):
    _name = "service.contract.revaluation"
    _description = "Contract Revaluation"
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
    currency_id = fields.Many2one(related="contract_id.currency_id")
    date = fields.Date(required=True, readonly=True)
    method = fields.Selection(REVALUATION_METHODS, required=True, readonly=True)
    percent = fields.Float(readonly=True)
    index_id = fields.Many2one("service.contract.index", readonly=True)
    index_date_base = fields.Date(string="Base Date", readonly=True)
    index_value_base = fields.Float(
        string="Base Index Value", readonly=True, digits=(16, 6)
    )
    index_value_new = fields.Float(
        string="New Index Value", readonly=True, digits=(16, 6)
    )
    amount_old = fields.Monetary(string="Old Annual Basis", readonly=True)
    amount_new = fields.Monetary(string="New Annual Basis", readonly=True)
    user_id = fields.Many2one(
        "res.users",
        string="Revalued By",
        required=True,
        readonly=True,
        default=lambda self: self.env.user,
    )
