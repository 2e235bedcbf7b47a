from odoo import models
from odoo.http import request

from ..controllers.api import API_PREFIX, json_error_for


class IrHttp(models.AbstractModel):
    _inherit = "ir.http"

    @classmethod
    def _handle_error(cls, exception):
        """The entitlement API answers its errors in JSON, authentication
        failures (401) and unknown paths (404) included."""
        if request and request.httprequest.path.startswith(API_PREFIX):
            return json_error_for(exception)
        return super()._handle_error(exception)
