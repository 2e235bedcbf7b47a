from werkzeug.urls import url_encode

from odoo import http
from odoo.exceptions import AccessError, MissingError
from odoo.http import request

from odoo.addons.portal.controllers.portal import CustomerPortal
from odoo.addons.portal.controllers.portal import pager as portal_pager

# The outcome of a form of a contract's page, shown once on the page.
PORTAL_NOTICE_KEY = "service_contract_portal_notice"


class ServiceContractPortal(CustomerPortal):
    """The customer's contracts on the portal: ``/my/contracts`` and one
    contract's page, which the other addons extend through
    ``_prepare_service_contract_page_values``."""

    def _prepare_home_portal_values(self, counters):
        values = super()._prepare_home_portal_values(counters)
        if "service_contract_count" in counters:
            Contract = request.env["service.contract"]
            values["service_contract_count"] = (
                Contract.search_count(
                    self._prepare_service_contracts_domain(request.env.user.partner_id)
                )
                if Contract.has_access("read")
                else 0
            )
        return values

    def _prepare_service_contracts_domain(self, partner):
        """The contracts a customer sees in ``/my/contracts``."""
        return [
            ("commercial_partner_id", "=", partner.commercial_partner_id.id),
            ("state", "in", ("ready", "expired")),
        ]

    def _get_service_contract_searchbar_sortings(self):
        return {
            "date": {
                "label": request.env._("Start Date"),
                "order": "date_start desc, id desc",
            },
            "name": {"label": request.env._("Number"), "order": "name"},
            "expiry": {"label": request.env._("Expiry Date"), "order": "date_expiry"},
        }

    @http.route(
        ["/my/contracts", "/my/contracts/page/<int:page>"],
        type="http",
        auth="user",
        website=True,
    )
    def portal_my_service_contracts(self, page=1, sortby=None, **kw):
        Contract = request.env["service.contract"]
        values = self._prepare_portal_layout_values()
        domain = self._prepare_service_contracts_domain(request.env.user.partner_id)
        sortings = self._get_service_contract_searchbar_sortings()
        if sortby not in sortings:
            sortby = "date"
        pager = portal_pager(
            url="/my/contracts",
            url_args={"sortby": sortby},
            total=Contract.search_count(domain),
            page=page,
            step=self._items_per_page,
        )
        contracts = Contract.search(
            domain,
            order=sortings[sortby]["order"],
            limit=self._items_per_page,
            offset=pager["offset"],
        )
        request.session["my_service_contracts_history"] = contracts.ids[:100]
        values.update(
            {
                "contracts": contracts,
                "page_name": "service_contract",
                "pager": pager,
                "default_url": "/my/contracts",
                "searchbar_sortings": sortings,
                "sortby": sortby,
            }
        )
        return request.render("service_contract.portal_my_service_contracts", values)

    @http.route(
        ["/my/contracts/<int:contract_id>"],
        type="http",
        auth="public",
        website=True,
    )
    def portal_my_service_contract(
        self, contract_id, access_token=None, report_type=None, download=False, **kw
    ):
        try:
            contract_sudo = self._document_check_access(
                "service.contract", contract_id, access_token=access_token
            )
        except (AccessError, MissingError):
            return request.redirect("/my")
        if report_type in ("html", "pdf", "text"):
            return self._show_report(
                model=contract_sudo,
                report_type=report_type,
                report_ref="service_contract.action_report_service_contract",
                download=download,
            )
        values = self._prepare_service_contract_page_values(
            contract_sudo, access_token, **kw
        )
        return request.render("service_contract.portal_my_service_contract", values)

    def _prepare_service_contract_page_values(self, contract_sudo, access_token, **kw):
        """What the contract's page shows; other addons add their sections.

        The outcome of a form of the page (``portal_message`` or
        ``portal_error``) is shown at the top, once."""
        values = self._get_page_view_values(
            contract_sudo,
            access_token,
            {
                "service_contract": contract_sudo,
                "page_name": "service_contract",
                "covered_lots": contract_sudo._get_covered_lots(),
                **request.session.pop(PORTAL_NOTICE_KEY, {}),
            },
            "my_service_contracts_history",
            False,
        )
        return values

    def _get_service_contract_lot(self, contract_sudo, lot_id):
        """The unit ``lot_id`` if ``contract_sudo`` covers it (sudo), else
        raise ``MissingError``: a customer acts only on their own units."""
        lot_sudo = contract_sudo._get_covered_lots().filtered(
            lambda lot: lot.id == lot_id
        )
        if not lot_sudo:
            raise MissingError(
                request.env._("This unit is not covered by this contract.")
            )
        return lot_sudo

    def _redirect_to_service_contract(
        self, contract_sudo, access_token, message=None, error=None
    ):
        """Back to the contract's page, which shows the outcome of a form
        (kept in the session: a link cannot make the page say anything)."""
        request.session[PORTAL_NOTICE_KEY] = {
            "portal_message": message,
            "portal_error": error,
        }
        query = {"access_token": access_token} if access_token else {}
        return request.redirect(
            f"{contract_sudo.access_url}?{url_encode(query)}"
            if query
            else contract_sudo.access_url
        )
