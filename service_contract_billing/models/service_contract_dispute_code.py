from odoo import _, api, fields, models
from odoo.exceptions import ValidationError


class ServiceContractDisputeCode(models.Model):
    _name = "service.contract.dispute.code"
    _description = "Dispute Code"
    _order = "code"
    _rec_names_search = ["code", "name"]

    code = fields.Char(required=True)
    name = fields.Char(string="Description", required=True, translate=True)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one("res.company", index=True)

    @api.depends("code", "name")
    def _compute_display_name(self):
        for code in self:
            code.display_name = f"[{code.code}] {code.name}" if code.code else code.name

    @api.constrains("code", "company_id")
    def _check_unique_code(self):
        groups = self.with_context(active_test=False)._read_group(
            [("code", "in", self.mapped("code"))],
            ["code", "company_id"],
            ["__count"],
            having=[("__count", ">", 1)],
        )
        if groups:
            raise ValidationError(_("This dispute code has already been entered."))
