import datetime

from odoo import Command, _, api, fields, models
from odoo.exceptions import ValidationError

from ..rules import financial

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


def check_covered_shares(records, field_pattern, message):
    """Refuse covered shares outside 0-100 (``financial.out_of_range``) on
    ``records``, whose fields are ``field_pattern % category``; ``message``
    gives the refusal of one record."""
    for record in records:
        rates = {
            category: record[field_pattern % category]
            for category in financial.CATEGORIES
        }
        if financial.out_of_range(rates):
            raise ValidationError(message(record))


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
        compute="_compute_from_contract",
        store=True,
        readonly=False,
        precompute=True,
    )
    authorized_loan = fields.Boolean(
        help="A replacement unit may be lent to the customer during a repair.",
    )
    include_unlisted_components = fields.Boolean(
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
    rule_ids = fields.One2many(
        "service.contract.coverage.rule",
        "coverage_id",
        string="Conditional Rules",
        copy=True,
        help="Only the units passing every rule are covered.",
    )
    sale_line_id = fields.Many2one(
        "sale.order.line",
        string="Sold On",
        index="btree_not_null",
        readonly=True,
        copy=False,
        ondelete="set null",
        help="The coverage item, sold on an order line, that created this "
        "coverage line.",
    )
    sale_order_id = fields.Many2one(
        related="sale_line_id.order_id", string="Sale Order", store=True
    )
    lot_service_state = fields.Selection(
        related="lot_id.service_state", string="Unit Status"
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

    @api.depends("contract_id", "coverage_type", "lot_id", "product_id", "categ_id")
    def _compute_display_name(self):
        for line in self:
            target = line.lot_id.name or line.product_id.display_name
            if line.coverage_type == "category":
                target = line.categ_id.display_name
            line.display_name = f"{line.contract_id.name or ''} / {target or ''}"

    # ------------------------------------------------------------------
    # Constraints
    # ------------------------------------------------------------------
    @api.constrains("coverage_type", "lot_id", "product_id", "categ_id")
    def _check_target(self):
        for line in self:
            missing = {
                "lot": not line.lot_id,
                "product": not line.product_id,
                "category": not line.categ_id,
            }[line.coverage_type]
            if missing:
                raise ValidationError(
                    _(
                        "Coverage line of contract %(contract)s: choose the %(kind)s "
                        "it covers.",
                        contract=line.contract_id.name,
                        kind=dict(COVERAGE_TYPES)[line.coverage_type].lower(),
                    )
                )

    @api.constrains("contract_id")
    def _check_contract_takes_lines(self):
        for line in self:
            if line.contract_id._covers_whole_installed_base():
                raise ValidationError(
                    _(
                        "Contract %(contract)s covers the whole installed base of "
                        "its customer: it takes no coverage lines.",
                        contract=line.contract_id.name,
                    )
                )

    @api.constrains("lot_id", "date_start", "contract_id")
    def _check_lot_register(self):
        """Rule 3: the serial is the customer's and was in service at the start."""
        for line in self.filtered("lot_id"):
            lot = line.lot_id
            partner = line.contract_id.commercial_partner_id
            if not lot._is_installed_at(partner):
                raise ValidationError(
                    _(
                        "Serial number %(lot)s is not installed at %(partner)s, the "
                        "customer of contract %(contract)s (installed at: %(owner)s).",
                        lot=lot.name,
                        partner=partner.display_name,
                        contract=line.contract_id.name,
                        owner=lot.service_partner_id.display_name or _("nowhere"),
                    )
                )
            # Not decommissioned before the start: still in service the day
            # before (a unit decommissioned on the first day may be covered).
            if line.date_start and not lot._is_in_service_on(
                line.date_start - datetime.timedelta(days=1)
            ):
                raise ValidationError(
                    _(
                        "Serial number %(lot)s was decommissioned on %(date)s, before "
                        "the coverage starts (%(start)s).",
                        lot=lot.name,
                        date=lot.decommission_date,
                        start=line.date_start,
                    )
                )

    @api.constrains("date_start", "date_end", "contract_id")
    def _check_dates(self):
        for line in self:
            contract = line.contract_id
            # A line without a start date of its own starts with its contract.
            start = line.date_start or contract.date_start
            if start and line.date_end and line.date_end < start:
                raise ValidationError(
                    _(
                        "Coverage line %(line)s cannot end before it starts.",
                        line=line.display_name,
                    )
                )
            if line.date_start and line.date_start < contract.date_start:
                raise ValidationError(
                    _(
                        "Coverage line %(line)s starts (%(start)s) before its contract "
                        "(%(contract_start)s).",
                        line=line.display_name,
                        start=line.date_start,
                        contract_start=contract.date_start,
                    )
                )
            if (
                contract.date_end
                and line.date_start
                and line.date_start > contract.date_end
            ):
                raise ValidationError(
                    _(
                        "Coverage line %(line)s starts (%(start)s) after its contract "
                        "ends (%(contract_end)s).",
                        line=line.display_name,
                        start=line.date_start,
                        contract_end=contract.date_end,
                    )
                )
            if (
                contract.date_end
                and line.date_end
                and line.date_end > contract.date_end
            ):
                raise ValidationError(
                    _(
                        "Coverage line %(line)s ends (%(end)s) after its contract "
                        "(%(contract_end)s).",
                        line=line.display_name,
                        end=line.date_end,
                        contract_end=contract.date_end,
                    )
                )

    @api.constrains("labor_rate", "parts_rate", "expense_rate")
    def _check_rates(self):
        check_covered_shares(
            self,
            "%s_rate",
            lambda line: line.env._(
                "Coverage line %(line)s: a covered share is a percentage "
                "between 0 and 100.",
                line=line.display_name,
            ),
        )

    # ------------------------------------------------------------------
    # CRUD (every change leaves an audit row)
    # ------------------------------------------------------------------
    @api.model_create_multi
    def create(self, vals_list):
        lines = super().create(vals_list)
        lines.filtered("lot_id").contract_id._set_lots_company()
        Log = self.env["service.contract.coverage.log"]
        Log._log_lines(lines, "add")
        self.env["service.contract"]._invalidate_lot_contracts()
        lines._detect_gaps_after_change()
        return lines

    def write(self, vals):
        logged = [f for f in self._get_logged_fields() if f in vals]
        before = {}
        if logged:
            before = {line.id: line._snapshot(logged) for line in self}
        result = super().write(vals)
        if {"lot_id", "contract_id"} & set(vals):
            self.filtered("lot_id").contract_id._set_lots_company()
        if logged:
            self.env["service.contract.coverage.log"]._log_changes(self, before, logged)
        if {"coverage_type", "lot_id", "product_id", "categ_id", "contract_id"} & set(
            vals
        ):
            self.env["service.contract"]._invalidate_lot_contracts()
        if {"lot_id", "product_id", "categ_id", "date_start", "date_end"} & set(vals):
            self._detect_gaps_after_change()
        return result

    @api.ondelete(at_uninstall=False)
    def _log_removal(self):
        self.env["service.contract.coverage.log"]._log_lines(self, "remove")

    def unlink(self):
        result = super().unlink()
        self.env["service.contract"]._invalidate_lot_contracts()
        return result

    def _get_logged_fields(self):
        """Fields whose change is written to the coverage audit log (hook)."""
        return [
            "coverage_type",
            "lot_id",
            "product_id",
            "categ_id",
            "date_start",
            "date_end",
            "service_level",
            "authorized_loan",
            "include_unlisted_components",
            "labor_rate",
            "parts_rate",
            "expense_rate",
        ]

    def _snapshot(self, field_names):
        self.ensure_one()
        return {name: self._format_value(name) for name in field_names}

    def _format_value(self, field_name):
        """A user-readable rendering of a field's value, for the audit log."""
        self.ensure_one()
        field = self._fields[field_name]
        value = self[field_name]
        if field.type == "many2one":
            return value.display_name or ""
        if field.type == "selection":
            return dict(field._description_selection(self.env)).get(value, "") or ""
        if field.type == "boolean":
            return _("Yes") if value else _("No")
        if value is False or value is None:
            return ""
        return str(value)

    def _follows_contract_dates(self):
        """Whether this line's dates move with its contract's (hook).

        Lines entered on the contract follow it when it is extended; a line
        created by a coverage item sold on an order line keeps the dates it
        was sold for.
        """
        self.ensure_one()
        return not self.sale_line_id

    def _detect_gaps_after_change(self):
        """Report overlaps and decommissioned units of these lines' customers."""
        partners = self.partner_id
        if partners:
            self.env["service.contract.coverage.gap"]._detect_gaps(partners=partners)

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------
    def action_load_components(self):
        """List the components of the after-sales bill of materials."""
        BomLine = self.env["service.product.component"]
        boms = BomLine.search(
            [("product_tmpl_id", "in", self.product_id.product_tmpl_id.ids)]
        )
        for line in self:
            listed = line.component_ids.product_id
            products = (
                boms.filtered(
                    lambda b, ln=line: (
                        b.product_tmpl_id == ln.product_id.product_tmpl_id
                    )
                ).component_id
                - listed
            )
            if products:
                line.component_ids = [
                    Command.create({"product_id": product.id}) for product in products
                ]
        return True
