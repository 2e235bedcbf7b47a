from odoo import _, api, fields, models
from odoo.exceptions import ValidationError


class AccountMoveLine(models.Model):
    _inherit = "account.move.line"

    service_contract_id = fields.Many2one(
        related="move_id.service_contract_id",
        store=True,
        index="btree_not_null",
        string="Service Contract",
    )
    service_contract_billing_line_id = fields.Many2one(
        "service.contract.billing.line",
        string="Invoicing Element",
        copy=False,
        index="btree_not_null",
        ondelete="set null",
    )
    service_period_start = fields.Date(string="Period Start", copy=False)
    service_period_end = fields.Date(string="Period End", copy=False)
    service_points = fields.Float(string="Points Sold", copy=False)
    service_dispute_code_id = fields.Many2one(
        "service.contract.dispute.code",
        string="Dispute Code",
        copy=False,
        index="btree_not_null",
    )
    service_allowed_dispute_code_ids = fields.Many2many(
        "service.contract.dispute.code",
        compute="_compute_service_allowed_dispute_code_ids",
    )
    service_paid_amount = fields.Monetary(
        string="Paid",
        compute="_compute_service_payments",
        currency_field="company_currency_id",
    )
    service_payment_info = fields.Char(
        string="Payments", compute="_compute_service_payments"
    )

    @api.depends("service_contract_id.dispute_code_ids")
    def _compute_service_allowed_dispute_code_ids(self):
        for line in self:
            line.service_allowed_dispute_code_ids = (
                line.service_contract_id.dispute_code_ids
            )

    @api.depends(
        "matched_credit_ids.amount",
        "matched_credit_ids.max_date",
        "matched_credit_ids.credit_move_id",
    )
    def _compute_service_payments(self):
        for line in self:
            partials = line.matched_credit_ids
            line.service_paid_amount = sum(partials.mapped("amount"))
            line.service_payment_info = ", ".join(
                f"{partial.credit_move_id.move_id.name} "
                f"({fields.Date.to_string(partial.max_date)}: "
                f"{line.company_currency_id.format(partial.amount)})"
                for partial in partials.sorted("max_date")
            )

    @api.constrains("service_dispute_code_id")
    def _check_service_dispute_code(self):
        for line in self.filtered("service_dispute_code_id"):
            allowed = line.service_contract_id.dispute_code_ids
            if line.service_dispute_code_id not in allowed:
                raise ValidationError(
                    _(
                        "Dispute code %(code)s is not accepted by contract "
                        "%(contract)s.",
                        code=line.service_dispute_code_id.display_name,
                        contract=line.service_contract_id.name or "-",
                    )
                )

    def action_open_service_payments(self):
        """Open the payments reconciled with this open item."""
        self.ensure_one()
        moves = self.matched_credit_ids.credit_move_id.move_id
        return {
            "type": "ir.actions.act_window",
            "name": _("Payments of %(item)s", item=self.move_id.display_name),
            "res_model": "account.move",
            "view_mode": "list,form",
            "domain": [("id", "in", moves.ids)],
            "context": {"create": False},
        }
