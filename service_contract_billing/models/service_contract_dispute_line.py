from odoo import _, api, fields, models
from odoo.exceptions import ValidationError


class ServiceContractDisputeLine(models.Model):
    _name = "service.contract.dispute.line"
    _description = "Dispute Code Accepted by a Contract"
    _order = "contract_id, sequence, id"
    _check_company_auto = True

    sequence = fields.Integer(default=10)
    contract_id = fields.Many2one(
        "service.contract",
        required=True,
        ondelete="cascade",
        index=True,
    )
    company_id = fields.Many2one(related="contract_id.company_id", store=True)
    dispute_code_id = fields.Many2one(
        "service.contract.dispute.code",
        required=True,
        check_company=True,
    )
    name = fields.Char(related="dispute_code_id.name", string="Description")

    @api.constrains("contract_id", "dispute_code_id")
    def _check_unique_code(self):
        groups = self._read_group(
            [("contract_id", "in", self.contract_id.ids)],
            ["contract_id", "dispute_code_id"],
            ["__count"],
            having=[("__count", ">", 1)],
        )
        if groups:
            raise ValidationError(_("This dispute code has already been entered."))
