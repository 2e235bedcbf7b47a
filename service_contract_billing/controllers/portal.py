from odoo.addons.service_contract.controllers.portal import ServiceContractPortal


class ServiceContractBillingPortal(ServiceContractPortal):
    """The contract's invoices on its portal page, each linking to Odoo's
    own invoice page (``/my/invoices/<id>``)."""

    def _prepare_service_contract_page_values(self, contract_sudo, access_token, **kw):
        values = super()._prepare_service_contract_page_values(
            contract_sudo, access_token, **kw
        )
        values["contract_invoices"] = contract_sudo._get_portal_invoices()
        return values
