from odoo import _, api, fields, models

COVERAGE_TYPES = [
    ("lot", "Serial Number"),
    ("product", "Product"),
    ("category", "Product Category"),
]
SERVICE_LEVELS = [
    ("standard", "Standard"),
    ("extended", "Extended"),
    ("premium", "Premium"),
]


class ServiceContractCoverage(models.Model):
    """A coverage line: one serial, every unit of the customer with a product,
    or every unit of the customer in a product category."""

    _name = "service.contract.coverage"
    _description = "Service Contract Coverage Line"
    _order = "contract_id, sequence, id"
    _check_company_auto = True

    # ------------------------------------------------------------------
    # Fields
    # ------------------------------------------------------------------
    sequence = fields.Integer(default=10)
    contract_id = fields.Many2one(
        "service.contract",
        string="Contract",
        required=True,
        ondelete="cascade",
        index=True,
        check_company=True,
    )
    company_id = fields.Many2one(
        related="contract_id.company_id", store=True, index=True, precompute=True
    )
    partner_id = fields.Many2one(
        "res.partner",
        string="Customer",
        related="contract_id.commercial_partner_id",
        store=True,
        index=True,
        precompute=True,
    )
    contract_type = fields.Selection(
        related="contract_id.contract_type", store=True, precompute=True
    )
    contract_state = fields.Selection(
        related="contract_id.state", string="Contract Status", store=True
    )
    coverage_type = fields.Selection(
        COVERAGE_TYPES,
        string="Covers",
        required=True,
        default="lot",
    )
    lot_id = fields.Many2one(
        "stock.lot",
        string="Serial Number",
        index="btree_not_null",
        check_company=True,
        domain="[('service_commercial_partner_id', '=', partner_id)]",
    )
    product_id = fields.Many2one(
        "product.product",
        string="Product",
        compute="_compute_product_id",
        store=True,
        readonly=False,
        precompute=True,
        index="btree_not_null",
        check_company=True,
    )
    categ_id = fields.Many2one(
        "product.category",
        string="Product Category",
        index="btree_not_null",
    )
    description = fields.Char(
        compute="_compute_description",
        store=True,
        readonly=False,
        precompute=True,
    )
    service_level = fields.Selection(
        SERVICE_LEVELS,
        string="Service Level",
        compute="_compute_from_contract",
        store=True,
        readonly=False,
        precompute=True,
    )
    authorized_loan = fields.Boolean(
        string="Authorized Loan",
        help="A replacement unit may be lent to the customer during a repair.",
    )
    include_unlisted_components = fields.Boolean(
        string="Include Unlisted Components",
        compute="_compute_from_contract",
        store=True,
        readonly=False,
        precompute=True,
        help="Ticked: the components not listed below are covered (and the "
        "listed ones are suggested as excluded). Unticked: only the listed "
        "components marked included are covered.",
    )
    component_ids = fields.One2many(
        "service.contract.coverage.component",
        "coverage_id",
        string="Components",
        copy=True,
    )
    labor_rate = fields.Float(
        string="Labour Covered (%)",
        compute="_compute_from_contract",
        store=True,
        readonly=False,
        precompute=True,
        digits=(5, 2),
    )
    parts_rate = fields.Float(
        string="Parts Covered (%)",
        compute="_compute_from_contract",
        store=True,
        readonly=False,
        precompute=True,
        digits=(5, 2),
    )
    expense_rate = fields.Float(
        string="Expenses Covered (%)",
        compute="_compute_from_contract",
        store=True,
        readonly=False,
        precompute=True,
        digits=(5, 2),
        help="Share of travel and overheads covered.",
    )
    date_start = fields.Date(
        string="Start Date",
        compute="_compute_dates",
        store=True,
        readonly=False,
        precompute=True,
        index=True,
    )
    date_end = fields.Date(
        string="End Date",
        compute="_compute_dates",
        store=True,
        readonly=False,
        precompute=True,
        index=True,
    )

    # ------------------------------------------------------------------
    # Computes
    # ------------------------------------------------------------------
    @api.depends("lot_id", "coverage_type")
    def _compute_product_id(self):
        for line in self:
            if line.coverage_type == "lot" and line.lot_id:
                line.product_id = line.lot_id.product_id
            elif line.coverage_type == "category":
                line.product_id = False
            else:
                line.product_id = line.product_id

    @api.depends("coverage_type", "lot_id", "product_id", "categ_id")
    def _compute_description(self):
        for line in self:
            if line.coverage_type == "lot" and line.lot_id:
                line.description = _(
                    "%(product)s, serial %(lot)s",
                    product=line.lot_id.product_id.display_name,
                    lot=line.lot_id.name,
                )
            elif line.coverage_type == "product" and line.product_id:
                line.description = _(
                    "Every unit of %(product)s", product=line.product_id.display_name
                )
            elif line.coverage_type == "category" and line.categ_id:
                line.description = _(
                    "Every unit in %(categ)s", categ=line.categ_id.display_name
                )
            else:
                line.description = line.description

    @api.depends("contract_id")
    def _compute_from_contract(self):
        for line in self:
            contract = line.contract_id
            line.service_level = contract.coverage_service_level or "standard"
            line.labor_rate = contract.coverage_labor_rate
            line.parts_rate = contract.coverage_parts_rate
            line.expense_rate = contract.coverage_expense_rate
            line.include_unlisted_components = (
                contract._get_default_include_unlisted_components()
            )

    @api.depends("contract_id")
    def _compute_dates(self):
        for line in self:
            line.date_start = line.date_start or line.contract_id.date_start
            line.date_end = line.date_end or line.contract_id.date_end
