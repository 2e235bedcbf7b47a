from odoo import _, api, fields, models
from odoo.exceptions import UserError


class ServiceContractPointsMove(models.Model):
    """One consumption of a points contract's points (rule 8)."""

    _name = "service.contract.points.move"
    _description = "Points Ledger Entry"
    _order = "date desc, id desc"
    _check_company_auto = True

    contract_id = fields.Many2one(
        "service.contract",
        required=True,
        ondelete="cascade",
        index=True,
        check_company=True,
    )
    company_id = fields.Many2one(related="contract_id.company_id", store=True)
    date = fields.Date(required=True, default=fields.Date.context_today)
    repair_id = fields.Many2one(
        "repair.order",
        string="Repair Order",
        index="btree_not_null",
        check_company=True,
    )
    lot_id = fields.Many2one("stock.lot", string="Unit", check_company=True)
    skill_group_id = fields.Many2one(
        "service.contract.skill.group", string="Skills Group"
    )
    points = fields.Float(required=True)
    user_id = fields.Many2one(
        "res.users", string="By", default=lambda self: self.env.user
    )

    def write(self, vals):  # pylint: disable=method-required-super
        raise UserError(_("Points ledger entries cannot be modified."))

    @api.ondelete(at_uninstall=False)
    def _unlink_never(self):
        raise UserError(_("Points ledger entries cannot be deleted."))
