"""The entitlement API: ``/api/service-contract/v1``, authenticated with a
user's API key (``Authorization: Bearer <key>``), answering JSON.

Errors are JSON ``{"error": {"code": ..., "message": ...}}`` with the HTTP
status: 401 without a key or with a bad one, 404 for what does not exist *or*
what the key's user may not see (the same message, so nothing leaks), 400 for
a bad date or an unknown component, 405 for another method than GET.
"""

import logging

import werkzeug.exceptions

from odoo import fields, http
from odoo.exceptions import AccessDenied, AccessError, MissingError, UserError
from odoo.http import request

_logger = logging.getLogger(__name__)

API_PREFIX = "/api/service-contract/v1"
API_VERSION = "1.0.0"
READ_METHODS = ("GET", "HEAD")
# What is missing is false, as in Odoo's RPC answers (XML-RPC has no null).
DATE_OR_FALSE = {
    "oneOf": [
        {"type": "string", "format": "date"},
        {"type": "boolean", "enum": [False]},
    ]
}
STRING_OR_FALSE = {"oneOf": [{"type": "string"}, {"type": "boolean", "enum": [False]}]}


def json_error(status, message, headers=None):
    """A JSON error response with HTTP ``status``."""
    response = request.make_json_response(
        {"error": {"code": status, "message": message}},
        headers=headers,
        status=status,
    )
    return response


def json_error_for(exception):
    """The JSON error response of ``exception`` raised under the API."""
    if isinstance(exception, werkzeug.exceptions.Unauthorized | AccessDenied):
        return json_error(
            401,
            request.env._("A valid API key is required (Authorization: Bearer <key>)."),
            headers=[("WWW-Authenticate", 'Bearer realm="service-contract"')],
        )
    if isinstance(exception, AccessError | MissingError | werkzeug.exceptions.NotFound):
        return json_error(404, request.env._("Not found."))
    if isinstance(exception, werkzeug.exceptions.MethodNotAllowed):
        return json_error(
            405, request.env._("Only GET is allowed."), headers=[("Allow", "GET")]
        )
    if isinstance(exception, werkzeug.exceptions.HTTPException):
        return json_error(exception.code, exception.description)
    if isinstance(exception, UserError):
        return json_error(400, exception.args[0])
    _logger.exception("Service contract API error")
    return json_error(500, request.env._("Internal server error."))


def api_route(path):
    """A route of the API: bearer authentication, every method reaching the
    handler (which answers 405 itself, in JSON), no CSRF token, no session."""
    return http.route(
        f"{API_PREFIX}{path}",
        type="http",
        auth="bearer",
        csrf=False,
        save_session=False,
        readonly=True,
    )


class ServiceContractApi(http.Controller):
    @api_route("/units/<string:serial>/entitlement")
    def unit_entitlement(self, serial, date=None, component=None, **kw):
        """Is this unit covered on ``date`` (for ``component``), by what, and
        why not: ``stock.lot.get_service_entitlement``."""
        if request.httprequest.method not in READ_METHODS:
            return json_error_for(werkzeug.exceptions.MethodNotAllowed())
        lot = request.env["stock.lot"].search([("name", "=", serial)], limit=1)
        if not lot:
            return json_error(404, request.env._("No unit has the serial %s.", serial))
        try:
            values = lot.get_service_entitlement(date=date, component=component)
        except (AccessError, MissingError):
            return json_error(404, request.env._("No unit has the serial %s.", serial))
        except UserError as error:
            return json_error(400, error.args[0])
        return request.make_json_response(values)

    @api_route("/contracts/<path:name>")
    def contract(self, name, **kw):
        """A contract, its status, dates and covered units."""
        if request.httprequest.method not in READ_METHODS:
            return json_error_for(werkzeug.exceptions.MethodNotAllowed())
        contract = request.env["service.contract"].search(
            [("name", "=", name)], limit=1
        )
        if not contract:
            return json_error(
                404, request.env._("No contract has the number %s.", name)
            )
        return request.make_json_response(self._contract_values(contract))

    @api_route("/openapi.json")
    def openapi(self, **kw):
        """The OpenAPI 3 document of this API."""
        if request.httprequest.method not in READ_METHODS:
            return json_error_for(werkzeug.exceptions.MethodNotAllowed())
        return request.make_json_response(self._openapi_document())

    # ------------------------------------------------------------------
    # Values
    # ------------------------------------------------------------------
    def _contract_values(self, contract):
        def day(value):
            return fields.Date.to_string(value) if value else False

        return {
            "name": contract.name,
            "type": contract.contract_type,
            "status": contract.state,
            "customer": contract.partner_id.display_name,
            "template": contract.template_id.name or False,
            "date_start": day(contract.date_start),
            "date_end": day(contract.date_end),
            "date_expiry": day(contract.date_expiry),
            "whole_installed_base": contract.whole_installed_base,
            "units": [
                {"serial": lot.name, "product": lot.product_id.display_name}
                for lot in contract._get_covered_lots()
            ],
        }

    def _openapi_document(self):
        error = {"$ref": "#/components/responses/Error"}
        entitlement_entry = {
            "type": "object",
            "properties": {
                "contract": {"type": "string"},
                "coverage_type": {
                    "type": "string",
                    "enum": ["lot", "product", "category", "whole"],
                },
                "service_level": {"type": "string"},
                "labor_share": {"type": "number"},
                "parts_share": {"type": "number"},
                "expenses_share": {"type": "number"},
                "valid_until": DATE_OR_FALSE,
                "covered_through": {"type": "string"},
                "reason": {"type": "string"},
            },
        }
        return {
            "openapi": "3.0.3",
            "info": {
                "title": "Service contract entitlement API",
                "version": API_VERSION,
                "description": "Whether a serial number is covered, by which "
                "contracts, and why not; authenticate with an Odoo API key.",
            },
            "servers": [{"url": API_PREFIX}],
            "security": [{"bearerAuth": []}],
            "paths": {
                "/units/{serial}/entitlement": {
                    "get": {
                        "operationId": "getUnitEntitlement",
                        "summary": "The entitlement answer of a unit on a day",
                        "parameters": [
                            {
                                "name": "serial",
                                "in": "path",
                                "required": True,
                                "schema": {"type": "string"},
                            },
                            {
                                "name": "date",
                                "in": "query",
                                "schema": {"type": "string", "format": "date"},
                                "description": "YYYY-MM-DD; default today.",
                            },
                            {
                                "name": "component",
                                "in": "query",
                                "schema": {"type": "string"},
                                "description": "The component's internal reference.",
                            },
                        ],
                        "responses": {
                            "200": {
                                "description": "The answer, best first.",
                                "content": {
                                    "application/json": {
                                        "schema": {
                                            "$ref": "#/components/schemas/Entitlement"
                                        }
                                    }
                                },
                            },
                            "400": error,
                            "401": error,
                            "404": error,
                            "405": error,
                        },
                    }
                },
                "/contracts/{name}": {
                    "get": {
                        "operationId": "getContract",
                        "summary": "A contract, its status, dates and covered units",
                        "parameters": [
                            {
                                "name": "name",
                                "in": "path",
                                "required": True,
                                "schema": {"type": "string"},
                            }
                        ],
                        "responses": {
                            "200": {
                                "description": "The contract.",
                                "content": {
                                    "application/json": {
                                        "schema": {
                                            "$ref": "#/components/schemas/Contract"
                                        }
                                    }
                                },
                            },
                            "401": error,
                            "404": error,
                            "405": error,
                        },
                    }
                },
                "/openapi.json": {
                    "get": {
                        "operationId": "getOpenApi",
                        "summary": "This document",
                        "responses": {
                            "200": {"description": "The OpenAPI 3 document."},
                            "401": error,
                            "405": error,
                        },
                    }
                },
            },
            "components": {
                "securitySchemes": {"bearerAuth": {"type": "http", "scheme": "bearer"}},
                "responses": {
                    "Error": {
                        "description": "An error.",
                        "content": {
                            "application/json": {
                                "schema": {"$ref": "#/components/schemas/Error"}
                            }
                        },
                    }
                },
                "schemas": {
                    "Error": {
                        "type": "object",
                        "properties": {
                            "error": {
                                "type": "object",
                                "properties": {
                                    "code": {"type": "integer"},
                                    "message": {"type": "string"},
                                },
                            }
                        },
                    },
                    "Entitlement": {
                        "type": "object",
                        "required": ["covered", "covering", "not_qualifying"],
                        "properties": {
                            "serial": {"type": "string"},
                            "product": {"type": "string"},
                            "date": {"type": "string", "format": "date"},
                            "component": STRING_OR_FALSE,
                            "covered": {"type": "boolean"},
                            "covering": {"type": "array", "items": entitlement_entry},
                            "not_qualifying": {
                                "type": "array",
                                "items": {
                                    "type": "object",
                                    "properties": {
                                        "contract": {"type": "string"},
                                        "reason": {"type": "string"},
                                    },
                                },
                            },
                        },
                    },
                    "Contract": {
                        "type": "object",
                        "properties": {
                            "name": {"type": "string"},
                            "type": {"type": "string"},
                            "status": {"type": "string"},
                            "customer": {"type": "string"},
                            "template": STRING_OR_FALSE,
                            "date_start": {"type": "string", "format": "date"},
                            "date_end": DATE_OR_FALSE,
                            "date_expiry": DATE_OR_FALSE,
                            "whole_installed_base": {"type": "boolean"},
                            "units": {
                                "type": "array",
                                "items": {
                                    "type": "object",
                                    "properties": {
                                        "serial": {"type": "string"},
                                        "product": {"type": "string"},
                                    },
                                },
                            },
                        },
                    },
                },
            },
        }
