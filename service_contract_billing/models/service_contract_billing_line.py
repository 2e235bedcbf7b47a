from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

from ..rules import prorata as prorata_rules

PRICE_BASES = [
    ("period", "Per Period"),
    ("annual", "Annual Royalty"),
]


class ServiceContractBillingLine(models.Model):
    _name = "service.contract.billing.line"
    _description = "Contract Invoicing Element"
    _order = "contract_id, sequence, id"
    _check_company_auto = True

    sequence = fields.Integer(default=10)
    contract_id = fields.Many2one(
        "service.contract",
        required=True,
        ondelete="cascade",
        index=True,
    )
    company_id = fields.Many2one(related="contract_id.company_id", store=True)
    currency_id = fields.Many2one(related="contract_id.currency_id")
    billing_period = fields.Selection(related="contract_id.billing_period")
    product_id = fields.Many2one(
        "product.product",
        required=True,
        check_company=True,
        domain="[('sale_ok', '=', True)]",
    )
    name = fields.Text(
        string="Description",
        compute="_compute_name",
        store=True,
        readonly=False,
        precompute=True,
        required=True,
    )
    quantity = fields.Float(default=1.0, digits="Product Unit of Measure")
    per_covered_unit = fields.Boolean(
        help="Bill this element once per unit the contract covers at the start "
        "of each period (the quantity is then that number of units).",
    )
    price_basis = fields.Selection(
        PRICE_BASES,
        required=True,
        default="period",
        help="Per Period: the unit price of one billing period. Annual Royalty: "
        "the yearly amount, split over the periods of the year.",
    )
    price_unit = fields.Float(
        string="Unit Price",
        compute="_compute_price_unit",
        store=True,
        readonly=False,
        precompute=True,
        digits="Product Price",
    )
    discount = fields.Float(string="Discount (%)", digits="Discount")
    points = fields.Float(
        string="Points per Unit",
        help="Points this element adds to the contract each time it is invoiced "
        "(points packages).",
    )
    amount_period = fields.Monetary(
        string="Amount per Period", compute="_compute_amounts"
    )
    amount_annual = fields.Monetary(string="Annual Basis", compute="_compute_amounts")

    @api.depends("product_id")
    def _compute_name(self):
        for line in self:
            if line.product_id:
                line.name = line.product_id.get_product_multiline_description_sale()
            else:
                line.name = line.name

    @api.depends("product_id")
    def _compute_price_unit(self):
        for line in self:
            if line.product_id and not line.price_unit:
                line.price_unit = line.product_id.lst_price
            else:
                line.price_unit = line.price_unit

    @api.depends(
        "price_unit",
        "quantity",
        "discount",
        "price_basis",
        "per_covered_unit",
        "contract_id.billing_period",
    )
    def _compute_amounts(self):
        for line in self:
            period = line.contract_id.billing_period or "month"
            quantity = line._get_quantity(fields.Date.context_today(line))
            unit = prorata_rules.period_price(line.price_unit, line.price_basis, period)
            factor = 1 - (line.discount or 0.0) / 100.0
            line.amount_period = unit * quantity * factor
            line.amount_annual = (
                prorata_rules.annual_amount(
                    line.price_unit, quantity, line.price_basis, period
                )
                * factor
            )

    @api.constrains("quantity", "price_unit", "points", "discount")
    def _check_values(self):
        for line in self:
            if line.quantity < 0 or line.price_unit < 0 or line.points < 0:
                raise ValidationError(
                    _(
                        "Invoicing element %(line)s of contract %(contract)s: "
                        "quantity, price and points cannot be negative.",
                        line=line.product_id.display_name,
                        contract=line.contract_id.name,
                    )
                )
            if not 0 <= line.discount <= 100:
                raise ValidationError(
                    _(
                        "A discount is between 0 and 100%% (%(contract)s).",
                        contract=line.contract_id.name,
                    )
                )

    @api.constrains("contract_id")
    def _check_billable_contract(self):
        for line in self:
            if line.contract_id.contract_type == "warranty":
                raise ValidationError(
                    _(
                        "Contract %(contract)s is a warranty contract: warranty "
                        "contracts are free and have no invoicing elements.",
                        contract=line.contract_id.name,
                    )
                )

    def _get_quantity(self, day, units=None):
        """Quantity billed for a period starting on ``day``.

        ``units`` is the number of units the contract covers on that day, when
        the caller already counted them for the whole contract.
        """
        self.ensure_one()
        if not self.per_covered_unit:
            return self.quantity
        if units is None:
            units = self.contract_id._count_covered_units(day)
        return units
