from dateutil.relativedelta import relativedelta

from odoo import Command, _, api, fields, models

from ..rules import periods as period_rules


class ServiceContractInvoicePreview(models.TransientModel):
    _name = "service.contract.invoice.preview"
    _description = "Contract Invoicing Preview"

    mode = fields.Selection(
        [("run", "Next Run"), ("schedule", "Schedule")],
        required=True,
        default="run",
        help="Next Run: what the scheduled action will invoice on the date. "
        "Schedule: every upcoming invoice of the contracts up to the date.",
    )
    date = fields.Date(
        string="Up To",
        required=True,
        compute="_compute_date",
        store=True,
        readonly=False,
        precompute=True,
    )
    contract_ids = fields.Many2many(
        "service.contract",
        string="Contracts",
        help="Leave empty for every contract.",
    )
    line_ids = fields.One2many(
        "service.contract.invoice.preview.line", "preview_id", string="Invoices"
    )
    contract_count = fields.Integer(compute="_compute_totals")
    invoice_count = fields.Integer(compute="_compute_totals")
    amount_untaxed = fields.Monetary(string="Untaxed Amount", compute="_compute_totals")
    currency_id = fields.Many2one(
        "res.currency", default=lambda self: self.env.company.currency_id
    )

    @api.depends("mode")
    def _compute_date(self):
        today = fields.Date.context_today(self)
        for preview in self:
            preview.date = (
                today if preview.mode == "run" else today + relativedelta(months=12)
            )

    @api.depends("line_ids.amount_untaxed")
    def _compute_totals(self):
        for preview in self:
            preview.contract_count = len(preview.line_ids.contract_id)
            preview.invoice_count = len(preview.line_ids)
            preview.amount_untaxed = sum(
                preview.line_ids.filtered(
                    lambda line, p=preview: line.currency_id == p.currency_id
                ).mapped("amount_untaxed")
            )

    def _get_contracts(self):
        self.ensure_one()
        contracts = self.env["service.contract"]
        if self.mode == "run":
            domain = contracts._get_invoicing_domain(self.date)
        else:
            domain = period_rules.invoicing_domain(self.date)
        if self.contract_ids:
            domain.append(("id", "in", self.contract_ids.ids))
        return contracts.search(domain, order="id")

    def action_compute(self):
        self.ensure_one()
        rows = self._get_contracts()._get_billing_schedule(self.date)
        self.line_ids = [Command.clear()] + [Command.create(row) for row in rows]
        return self._reopen()

    def action_view_lines(self):
        self.ensure_one()
        if not self.line_ids:
            self.action_compute()
        return {
            "type": "ir.actions.act_window",
            "name": _("Contract Schedule")
            if self.mode == "schedule"
            else _("Next Invoicing Run"),
            "res_model": "service.contract.invoice.preview.line",
            "view_mode": "list,pivot,graph",
            "domain": [("preview_id", "=", self.id)],
            "context": {"create": False},
        }

    def action_run(self):
        """Run the invoicing now for the contracts shown (up to the date)."""
        self.ensure_one()
        contracts = self._get_contracts()._lock_for_update()
        moves, failed = contracts._create_invoices_isolated(self.date)
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "title": _("Contract invoicing"),
                "message": _(
                    "%(count)s invoice(s) created, %(failed)s contract(s) failed.",
                    count=len(moves),
                    failed=len(failed),
                ),
                "type": "warning" if failed else "success",
                "next": {"type": "ir.actions.act_window_close"},
            },
        }

    def _reopen(self):
        return {
            "type": "ir.actions.act_window",
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
            "target": "new",
        }
