from odoo import models


class ServiceContractTemplate(models.Model):
    _name = "service.contract.template"
    _inherit = ["service.contract.template", "service.contract.billing.terms.mixin"]
