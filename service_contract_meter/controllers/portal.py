from odoo import fields, http
from odoo.exceptions import AccessError, MissingError, UserError
from odoo.http import request

from odoo.addons.service_contract.controllers.portal import ServiceContractPortal


class ServiceContractMeterPortal(ServiceContractPortal):
    """The contract's meters with the calculated expiry, and a reading
    entered by the customer for one of their units."""

    def _prepare_service_contract_page_values(self, contract_sudo, access_token, **kw):
        values = super()._prepare_service_contract_page_values(
            contract_sudo, access_token, **kw
        )
        values["unit_meters"] = values["covered_lots"].meter_ids.filtered("active")
        return values

    @http.route(
        ["/my/contracts/<int:contract_id>/readings"],
        type="http",
        auth="public",
        methods=["POST"],
        website=True,
    )
    def portal_service_contract_reading(
        self, contract_id, asset_meter_id=None, value=None, date=None, **kw
    ):
        access_token = kw.get("access_token")
        try:
            contract_sudo = self._document_check_access(
                "service.contract", contract_id, access_token=access_token
            )
            asset_meter_sudo = self._get_service_contract_asset_meter(
                contract_sudo, asset_meter_id
            )
        except (AccessError, MissingError):
            return request.redirect("/my")
        try:
            with request.env.cr.savepoint():
                reading_sudo = (
                    request.env["service.meter.reading"]
                    .sudo()
                    .with_company(contract_sudo.company_id)
                    .create(
                        {
                            "asset_meter_id": asset_meter_sudo.id,
                            "date": date or fields.Date.context_today(contract_sudo),
                            "value": float(value or 0.0),
                        }
                    )
                )
        except (UserError, ValueError) as error:
            message = (
                error.args[0]
                if isinstance(error, UserError)
                else request.env._("The reading must be a date and a number.")
            )
            return self._redirect_to_service_contract(
                contract_sudo, access_token, error=message
            )
        return self._redirect_to_service_contract(
            contract_sudo,
            access_token,
            message=request.env._(
                "Your reading of %(value)s for %(meter)s was recorded.",
                value=reading_sudo.value,
                meter=asset_meter_sudo.display_name,
            ),
        )

    def _get_service_contract_asset_meter(self, contract_sudo, asset_meter_id):
        """The unit meter ``asset_meter_id`` of a unit the contract covers."""
        meters = contract_sudo._get_covered_lots().meter_ids.filtered("active")
        try:
            meter_id = int(asset_meter_id)
        except (TypeError, ValueError) as error:
            raise MissingError(request.env._("No such meter.")) from error
        asset_meter = meters.filtered(lambda meter: meter.id == meter_id)
        if not asset_meter:
            raise MissingError(request.env._("No such meter."))
        return asset_meter
