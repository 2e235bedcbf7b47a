from odoo import _, api, fields, models
from odoo.exceptions import UserError
from odoo.tools import float_round

from ..rules import revaluation as revaluation_rules
from .service_contract_billing_terms_mixin import REVALUATION_METHODS


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

    # ------------------------------------------------------------------
    # Revaluing contracts (rule 7)
    # ------------------------------------------------------------------
    @api.model
    def _revalue_contract(self, contract, date):
        """Apply ``contract``'s revaluation on ``date`` to its invoicing
        elements, leave a history row, and move its next revaluation date."""
        contract.ensure_one()
        if not contract.revaluation_method:
            raise UserError(
                _(
                    "Contract %(name)s has no revaluation method.",
                    name=contract.name,
                )
            )
        contract._check_revaluation_index()
        vals = {
            "contract_id": contract.id,
            "date": date,
            "method": contract.revaluation_method,
            "amount_old": contract.amount_annual,
            "user_id": self.env.uid,
        }
        if contract.revaluation_method == "percent":
            factor = revaluation_rules.factor("percent", contract.revaluation_percent)
            vals["percent"] = contract.revaluation_percent
        else:
            base_date = contract.index_date_base or contract.date_start
            base_value = contract.index_id._get_value_at(base_date)
            new_value = contract.index_id._get_value_at(date)
            factor = revaluation_rules.factor(
                "index", base_value=base_value, new_value=new_value
            )
            vals.update(
                index_id=contract.index_id.id,
                index_date_base=base_date,
                index_value_base=base_value,
                index_value_new=new_value,
            )
        digits = self.env["decimal.precision"].precision_get("Product Price")
        lines = contract.billing_line_ids
        for line in lines:
            line.price_unit = float_round(line.price_unit * factor, digits)
        lines.invalidate_recordset(["amount_annual", "amount_period"])
        contract.invalidate_recordset(["amount_annual"])
        vals["amount_new"] = contract.amount_annual
        self.create(vals)
        update = {"date_next_revaluation": False}
        if contract.revaluation_interval > 0:
            update["date_next_revaluation"] = revaluation_rules.next_date(
                date, contract.revaluation_interval
            )
        if contract.revaluation_method == "index":
            update["index_date_base"] = date
        contract.write(update)

    @api.model
    def _revalue_due(self, contract, day, when):
        """Apply every revaluation of ``contract`` due on or before ``day`` on
        the occasion ``when`` (``schedule`` or ``invoicing``), each on its own
        date."""
        contract.ensure_one()
        guard = 0
        while (
            revaluation_rules.is_revaluation_due(
                contract.revaluation_method,
                contract.revaluation_trigger,
                contract.date_next_revaluation,
                day,
                when,
            )
            and guard < 100
        ):
            self._revalue_contract(contract, contract.date_next_revaluation)
            guard += 1
