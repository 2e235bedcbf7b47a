from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

from odoo.addons.service_contract.models.stock_lot import USAGE_TYPES

RULE_TYPES = [
    ("country", "Country"),
    ("state", "State"),
    ("address", "Delivery Address"),
    ("usage", "Usage Type"),
    ("max_repairs", "At Most N Repairs"),
    ("preventive", "Recent Preventive Maintenance"),
]


class ServiceContractCoverageRule(models.Model):
    """A condition a unit must meet to be covered by a coverage line."""

    _name = "service.contract.coverage.rule"
    _description = "Coverage Conditional Rule"
    _order = "coverage_id, sequence, id"

    sequence = fields.Integer(default=10)
    coverage_id = fields.Many2one(
        "service.contract.coverage",
        string="Coverage Line",
        required=True,
        ondelete="cascade",
        index=True,
    )
    company_id = fields.Many2one(related="coverage_id.company_id", store=True)
    rule_type = fields.Selection(RULE_TYPES, string="Rule", required=True)
    country_id = fields.Many2one(
        "res.country",
    )
    state_id = fields.Many2one(
        "res.country.state", domain="[('country_id', '=?', country_id)]"
    )
    address_id = fields.Many2one("res.partner", string="Delivery Address")
    usage_type = fields.Selection(
        USAGE_TYPES,
    )
    max_repairs = fields.Integer(string="Max. Repairs")
    months = fields.Integer(string="In the Last (Months)")
    days = fields.Integer(string="Within (Days)")
    name = fields.Char(string="Description", compute="_compute_name")

    @api.depends(
        "rule_type",
        "country_id",
        "state_id",
        "address_id",
        "usage_type",
        "max_repairs",
        "months",
        "days",
    )
    def _compute_name(self):
        usage = dict(USAGE_TYPES)
        for rule in self:
            rule.name = {
                "country": _("Installed in %s", rule.country_id.name or "?"),
                "state": _("Installed in %s", rule.state_id.name or "?"),
                "address": _("Installed at %s", rule.address_id.display_name or "?"),
                "usage": _("Used as %s", usage.get(rule.usage_type, "?")),
                "max_repairs": _(
                    "At most %(count)s repair(s) in the last %(months)s month(s)",
                    count=rule.max_repairs,
                    months=rule.months,
                ),
                "preventive": _(
                    "A preventive maintenance within the last %s day(s)", rule.days
                ),
            }.get(rule.rule_type, "")

    @api.constrains(
        "rule_type",
        "country_id",
        "state_id",
        "address_id",
        "usage_type",
        "months",
        "days",
        "max_repairs",
    )
    def _check_parameters(self):
        required = {
            "country": "country_id",
            "state": "state_id",
            "address": "address_id",
            "usage": "usage_type",
            "max_repairs": "months",
            "preventive": "days",
        }
        for rule in self:
            if not rule[required[rule.rule_type]] or rule.max_repairs < 0:
                raise ValidationError(
                    _(
                        'Complete the conditional rule "%(rule)s" of coverage line '
                        "%(line)s.",
                        rule=dict(RULE_TYPES)[rule.rule_type],
                        line=rule.coverage_id.display_name,
                    )
                )

    def _to_rule_dict(self):
        """This rule as the plain dict ``rules.conditions`` evaluates."""
        self.ensure_one()
        return {
            "type": self.rule_type,
            "country": self.country_id.id,
            "state": self.state_id.id,
            "address": self.address_id.id,
            "usage": self.usage_type,
            "max_repairs": self.max_repairs,
            "months": self.months,
            "days": self.days,
            "name": self.name,
        }
