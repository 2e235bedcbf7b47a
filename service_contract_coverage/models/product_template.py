from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

COVERAGE_KINDS = [
    ("extended_warranty", "Extended Warranty"),
    ("software_maintenance", "Software Maintenance"),
    ("sla", "Service Level Agreement"),
    ("preventive_maintenance", "Preventive Maintenance"),
]
DURATION_UNITS = [
    ("day", "Days"),
    ("week", "Weeks"),
    ("month", "Months"),
    ("year", "Years"),
]
DURATION_TYPES = [
    ("fixed", "Fixed"),
    ("variable", "Variable"),
]


class ProductTemplate(models.Model):
    _inherit = "product.template"

    service_coverage_enabled = fields.Boolean(
        string="Enabled for Contract Coverage",
        help="Only products enabled for contract coverage can be sold as "
        "coverage items on order lines.",
    )
    service_coverage_kind = fields.Selection(
        COVERAGE_KINDS,
        string="Coverage Kind",
        help="What this coverage item sells. With a contract template, the "
        "product is a coverage item: sold on an order line for a covered item, "
        "it becomes a contract covering that unit when the unit is delivered.",
    )
    service_coverage_item = fields.Boolean(
        string="Is a Coverage Item",
        compute="_compute_service_coverage_item",
        store=True,
    )
    service_coverage_duration = fields.Integer(
        string="Coverage Duration",
        compute="_compute_service_coverage_duration",
        store=True,
        readonly=False,
        precompute=True,
    )
    service_coverage_duration_unit = fields.Selection(
        DURATION_UNITS,
        string="Coverage Duration Unit",
        compute="_compute_service_coverage_duration",
        store=True,
        readonly=False,
        precompute=True,
    )
    service_coverage_duration_type = fields.Selection(
        DURATION_TYPES,
        string="Duration Type",
        default="fixed",
        required=True,
        help="Fixed: the coverage ends at its start plus the duration. "
        "Variable: the end is chosen on the order line and the duration "
        "follows from the dates.",
    )

    @api.depends("service_coverage_kind", "service_contract_template_id")
    def _compute_service_coverage_item(self):
        for template in self:
            template.service_coverage_item = bool(
                template.service_coverage_kind and template.service_contract_template_id
            )

    @api.depends("service_contract_template_id")
    def _compute_service_coverage_duration(self):
        for template in self:
            contract_template = template.service_contract_template_id
            if contract_template:
                template.service_coverage_duration = contract_template.duration
                template.service_coverage_duration_unit = (
                    contract_template.duration_unit
                )
            else:
                template.service_coverage_duration = template.service_coverage_duration
                template.service_coverage_duration_unit = (
                    template.service_coverage_duration_unit or "year"
                )

    @api.depends("service_coverage_kind")
    def _compute_invoice_policy(self):
        # A coverage item is billed once its covered item is delivered.
        result = super()._compute_invoice_policy()
        self.filtered("service_coverage_kind").invoice_policy = "delivery"
        return result

    @api.constrains(
        "service_coverage_kind",
        "service_coverage_duration",
        "service_coverage_duration_unit",
        "service_contract_template_id",
        "type",
    )
    def _check_service_coverage(self):
        for template in self.filtered("service_coverage_kind"):
            contract_template = template.service_contract_template_id
            if contract_template.whole_installed_base:
                raise ValidationError(
                    _(
                        "Coverage item %(product)s covers one unit: its contract "
                        "template %(template)s cannot cover the whole installed base.",
                        product=template.display_name,
                        template=contract_template.display_name,
                    )
                )
            if template.type == "consu":
                raise ValidationError(
                    _(
                        "Product %(product)s is goods: a coverage item must be a "
                        "service.",
                        product=template.display_name,
                    )
                )
            if (
                template.service_coverage_duration <= 0
                or not template.service_coverage_duration_unit
            ):
                raise ValidationError(
                    _(
                        "Coverage item %(product)s needs a positive duration and "
                        "its unit.",
                        product=template.display_name,
                    )
                )

    def _service_coverage_is_kit(self):
        """Whether this product is a configured product (a combo, or a kit
        bill of materials when Manufacturing is installed)."""
        self.ensure_one()
        if self.type == "combo":
            return True
        if "mrp.bom" in self.env:
            boms = self.env["mrp.bom"]._bom_find(
                self.product_variant_ids, bom_type="phantom"
            )
            return bool(boms)
        return False
