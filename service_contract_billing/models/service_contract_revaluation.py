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
        return self._revalue_contracts(contract, date)

    @api.model
    def _revalue_contracts(self, contracts, date=None):
        """Apply the revaluation of each of ``contracts`` on ``date`` (by
        default on its own next revaluation date) to its invoicing elements,
        leave a history row each, and move their next revaluation dates.

        The whole recordset is revalued at once: the index values are read
        once, the elements and the contracts are written with the bulk-update
        helper (one statement each) and the history rows are created
        together, so a batch of contracts costs the same number of queries
        whatever its size.
        """
        for contract in contracts:
            if not contract.revaluation_method:
                raise UserError(
                    _(
                        "Contract %(name)s has no revaluation method.",
                        name=contract.name,
                    )
                )
        contracts._check_revaluation_index()
        digits = self.env["decimal.precision"].precision_get("Product Price")
        vals_list, line_updates, contract_updates = [], [], []
        for contract in contracts:
            day = date or contract.date_next_revaluation
            vals = {
                "contract_id": contract.id,
                "date": day,
                "method": contract.revaluation_method,
                "amount_old": contract.amount_annual,
                "user_id": self.env.uid,
            }
            update = {
                "date_next_revaluation": False,
                "index_date_base": contract.index_date_base,
            }
            if contract.revaluation_method == "percent":
                factor = revaluation_rules.factor(
                    "percent", contract.revaluation_percent
                )
                vals["percent"] = contract.revaluation_percent
            else:
                base_date = contract.index_date_base or contract.date_start
                base_value = contract.index_id._get_value_at(base_date)
                new_value = contract.index_id._get_value_at(day)
                factor = revaluation_rules.factor(
                    "index", base_value=base_value, new_value=new_value
                )
                vals.update(
                    index_id=contract.index_id.id,
                    index_date_base=base_date,
                    index_value_base=base_value,
                    index_value_new=new_value,
                )
                update["index_date_base"] = day
            if contract.revaluation_interval > 0:
                update["date_next_revaluation"] = revaluation_rules.next_date(
                    day, contract.revaluation_interval
                )
            vals_list.append(vals)
            contract_updates.append((contract.id, update))
            line_updates += [
                (line.id, {"price_unit": float_round(line.price_unit * factor, digits)})
                for line in contract.billing_line_ids
            ]
        Batch = self.env["service.contract.batch.mixin"]
        lines = Batch._bulk_update(
            self.env["service.contract.billing.line"], line_updates
        )
        # What a write checks: the constraints on the new prices.
        lines._validate_fields(["price_unit"])
        lines.invalidate_recordset(["amount_annual", "amount_period"])
        contracts.invalidate_recordset(["amount_annual"])
        for vals, contract in zip(vals_list, contracts, strict=True):
            vals["amount_new"] = contract.amount_annual
        revaluations = self.create(vals_list)
        if contract_updates:
            Batch._bulk_update(contracts, contract_updates)
            contracts._validate_fields(["date_next_revaluation", "index_date_base"])
        return revaluations

    @api.model
    def _revalue_due(self, contracts, day, when):
        """Apply every revaluation of ``contracts`` due on or before ``day`` on
        the occasion ``when`` (``schedule`` or ``invoicing``), each on its own
        date; the contracts due are revalued together, one date after the
        other."""
        for _round in range(100):
            due = contracts.filtered(
                lambda contract: revaluation_rules.is_revaluation_due(
                    contract.revaluation_method,
                    contract.revaluation_trigger,
                    contract.date_next_revaluation,
                    day,
                    when,
                )
            )
            if not due:
                break
            self._revalue_contracts(due)
