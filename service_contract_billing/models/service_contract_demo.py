from odoo import models


class ServiceContract(models.Model):
    _inherit = "service.contract"

    def _demo_settle_open_items(self):
        """Demo data only: post the contracts' draft invoices, register the
        payment of the oldest one and dispute the next one, as an accountant
        would from the contract's *Invoicing* tab."""
        for contract in self:
            drafts = contract.invoice_ids.filtered(lambda m: m.state == "draft")
            drafts.action_post()
            invoices = contract.invoice_ids.filtered(
                lambda m: m.state == "posted"
            ).sorted(lambda m: (m.invoice_date, m.id))
            if invoices:
                self.env["account.payment.register"].with_context(
                    active_model="account.move", active_ids=invoices[0].ids
                ).create({})._create_payments()
            if len(invoices) > 1 and contract.dispute_code_ids:
                receivable = invoices[1].line_ids.filtered(
                    lambda line: line.account_id.account_type == "asset_receivable"
                )
                receivable.service_dispute_code_id = contract.dispute_code_ids[0]
        return True
