from odoo import models
from odoo.exceptions import UserError

TO_RENEW = "service_contract_billing.report_service_contract_to_renew"


class IrActionsReport(models.Model):
    _inherit = "ir.actions.report"

    def _get_rendering_context(self, report, docids, data):
        if report.report_name == TO_RENEW:
            _check_contracts_to_renew(self.env["service.contract"].browse(docids))
        return super()._get_rendering_context(report, docids, data)


def _check_contracts_to_renew(contracts):
    """*Contracts to Renew* prints only contracts that can be renewed: refuse,
    naming them, the others."""
    refused = contracts.filtered(lambda c: not c.can_renew)
    if refused:
        raise UserError(
            contracts.env._(
                "Contracts to Renew lists only contracts that can be renewed "
                "(renewable, in progress or expired, and their end date "
                "reached or invoiced up to it). These cannot be renewed "
                "today: %(names)s.",
                names=", ".join(_refusal(contract) for contract in refused),
            )
        )


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
