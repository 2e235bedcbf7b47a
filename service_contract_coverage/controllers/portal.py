from odoo import http
from odoo.exceptions import AccessError, MissingError
from odoo.http import request

from odoo.addons.service_contract.controllers.portal import ServiceContractPortal

from ..models.service_contract_coverage import SERVICE_LEVELS


class ServiceContractCoveragePortal(ServiceContractPortal):
    """The contract's units with today's entitlement answer, and a service
    request on one of them."""

    def _prepare_service_contract_page_values(self, contract_sudo, access_token, **kw):
        values = super()._prepare_service_contract_page_values(
            contract_sudo, access_token, **kw
        )
        values["unit_answers"] = {
            lot.id: lot._get_service_coverage() for lot in values["covered_lots"]
        }
        values["service_levels"] = dict(SERVICE_LEVELS)
        return values

    @http.route(
        ["/my/contracts/<int:contract_id>/units/<int:lot_id>/service"],
        type="http",
        auth="public",
        methods=["POST"],
        website=True,
    )
    def portal_service_contract_request_service(
        self, contract_id, lot_id, access_token=None, description=None, **kw
    ):
        try:
            contract_sudo = self._document_check_access(
                "service.contract", contract_id, access_token=access_token
            )
            lot_sudo = self._get_service_contract_lot(contract_sudo, lot_id)
        except (AccessError, MissingError):
            return request.redirect("/my")
        repair_sudo = contract_sudo._request_service(lot_sudo, description)
        return self._redirect_to_service_contract(
            contract_sudo,
            access_token,
            message=request.env._(
                "Your service request %(repair)s for unit %(lot)s was sent.",
                repair=repair_sudo.name,
                lot=lot_sudo.name,
            ),
        )
