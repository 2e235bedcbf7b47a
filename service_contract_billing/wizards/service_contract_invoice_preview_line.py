from odoo import fields, models


class ServiceContractInvoicePreviewLine(models.TransientModel):
    _name = "service.contract.invoice.preview.line"
    _description = "Contract Invoicing Preview Line"
    _order = "invoice_date, contract_id, period_start"

    preview_id = fields.Many2one(
        "service.contract.invoice.preview", required=True, ondelete="cascade"
    )
    contract_id = fields.Many2one("service.contract", readonly=True)
    partner_id = fields.Many2one("res.partner", string="Customer", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    currency_id = fields.Many2one("res.currency", readonly=True)
    period_start = fields.Date(readonly=True)
    period_end = fields.Date(readonly=True)
    invoice_date = fields.Date(readonly=True)
    amount_untaxed = fields.Monetary(string="Untaxed Amount", readonly=True)
    renewal = fields.Boolean(
        string="After Renewal",
        readonly=True,
        help="The contract is renewed automatically before this invoice.",
    )
