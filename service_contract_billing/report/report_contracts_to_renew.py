from odoo import api, models
from odoo.exceptions import UserError


class ReportServiceContractToRenew(models.AbstractModel):
    """*Contracts to Renew* prints only contracts that can be renewed."""

    _name = "report.service_contract_billing.report_contracts_to_renew"
    _description = "Contracts to Renew Report"

    @api.model
    def _get_report_values(self, docids, data=None):
        contracts = self.env["service.contract"].browse(docids)
        refused = contracts.filtered(lambda c: not c.can_renew)
        if refused:
            raise UserError(
                self.env._(
                    "Contracts to Renew lists only contracts that can be renewed "
                    "(renewable, in progress or expired, and their end date "
                    "reached or invoiced up to it). These cannot be renewed "
                    "today: %(names)s.",
                    names=", ".join(_refusal(contract) for contract in refused),
                )
            )
        return {
            "doc_ids": contracts.ids,
            "doc_model": "service.contract",
            "docs": contracts,
        }


def _refusal(contract):
    """Why ``contract`` cannot be renewed today, for the user."""
    env = contract.env
    if not contract.renewable:
        return env._("%(name)s (not renewable)", name=contract.name)
    if contract.state not in ("ready", "expired"):
        state = dict(contract._fields["state"]._description_selection(env))
        return env._(
            "%(name)s (status %(state)s)",
            name=contract.name,
            state=state[contract.state],
        )
    return env._(
        "%(name)s (end date %(end)s neither reached nor invoiced up to)",
        name=contract.name,
        end=contract.date_end or "-",
    )
