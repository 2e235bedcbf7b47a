from collections import defaultdict

from odoo import Command, _, api, fields, models
from odoo.exceptions import UserError, ValidationError

from ..rules import precedence
from ..rules import sale_coverage as coverage_rules

# Fields whose change revises a coverage item.
REVISION_FIELDS = (
    "product_id",
    "product_uom_qty",
    "product_uom",
    "price_unit",
    "discount",
    "covered_line_id",
    "covered_lot_id",
    "coverage_date_start",
    "coverage_date_end",
)


class SaleOrderLine(models.Model):
    _inherit = "sale.order.line"

    # ------------------------------------------------------------------
    # Fields
    # ------------------------------------------------------------------
    qty_delivered_method = fields.Selection(
        selection_add=[("service_coverage", "Delivery of the Covered Item")]
    )
    # A coverage item follows the quantity and the delivery of the line it
    # covers, a line of the same model: these dependencies are recursive.
    product_uom_qty = fields.Float(recursive=True)
    qty_delivered = fields.Float(recursive=True)
    is_service_coverage = fields.Boolean(
        string="Is a Coverage Item",
        related="product_id.service_coverage_item",
    )
    covered_line_id = fields.Many2one(
        "sale.order.line",
        index="btree_not_null",
        ondelete="cascade",
        copy=False,
        domain="[('order_id', '=', order_id), ('id', '!=', id), "
        "('display_type', '=', False), ('is_service_coverage', '=', False)]",
        help="The item of this order this coverage item covers.",
    )
    coverage_item_ids = fields.One2many(
        "sale.order.line", "covered_line_id", string="Coverage Items"
    )
    covered_lot_id = fields.Many2one(
        "stock.lot",
        string="Covered Unit",
        index="btree_not_null",
        check_company=True,
        domain="[('service_commercial_partner_id', '=', order_partner_commercial_id)]",
        help="A unit delivered to this customer by an earlier order that this "
        "coverage item covers.",
    )
    order_partner_commercial_id = fields.Many2one(
        "res.partner", related="order_id.partner_id.commercial_partner_id"
    )
    coverage_date_start = fields.Datetime(
        string="Coverage Start",
        compute="_compute_coverage_date_start",
        store=True,
        readonly=False,
        precompute=True,
        copy=False,
    )
    coverage_date_end = fields.Datetime(
        string="Coverage End",
        compute="_compute_coverage_date_end",
        store=True,
        readonly=False,
        precompute=True,
        copy=False,
        help="Start plus duration when the duration is fixed; chosen, with the "
        "duration following, when it is variable.",
    )
    coverage_duration = fields.Float(
        compute="_compute_coverage_duration",
        store=True,
        digits=(16, 2),
    )
    coverage_duration_unit = fields.Selection(
        related="product_id.service_coverage_duration_unit", string="Duration Unit"
    )
    coverage_duration_type = fields.Selection(
        related="product_id.service_coverage_duration_type", string="Duration Type"
    )
    coverage_cancelled = fields.Boolean(copy=False)
    coverage_date_returned = fields.Datetime(
        string="Coverage Ended On",
        copy=False,
        readonly=True,
        help="The coverage ended early: its covered item or the coverage "
        "itself was returned.",
    )
    coverage_contract_id = fields.Many2one(
        "service.contract",
        copy=False,
        readonly=True,
        index="btree_not_null",
        check_company=True,
        help="The contract created or extended when the covered item was delivered.",
    )
    coverage_contract_line_ids = fields.One2many(
        "service.contract.coverage",
        "sale_line_id",
        string="Contract Coverage Lines",
    )
    coverage_state = fields.Selection(
        [
            ("quotation", "Quotation"),
            ("waiting", "Waiting for Delivery"),
            ("active", "Active"),
            ("ended", "Ended"),
            ("cancel", "Cancelled"),
        ],
        string="Coverage Status",
        compute="_compute_coverage_state",
    )

    # ------------------------------------------------------------------
    # Computes
    # ------------------------------------------------------------------
    @api.depends("product_id")
    def _compute_coverage_date_start(self):
        now = fields.Datetime.now()
        for line in self:
            if not line.product_id.service_coverage_item:
                line.coverage_date_start = False
            elif not line.coverage_date_start:
                order = line.order_id
                line.coverage_date_start = (
                    order.commitment_date or order.date_order or now
                )

    # No dependency on the product's duration: changing a product does not
    # change the coverage already sold.
    @api.depends("product_id", "coverage_date_start")
    def _compute_coverage_date_end(self):
        for line in self:
            product = line.product_id
            if not product.service_coverage_item or not line.coverage_date_start:
                line.coverage_date_end = False
                continue
            end = line.coverage_date_end
            if end and end <= line.coverage_date_start:
                end = False
            line.coverage_date_end = (
                coverage_rules.coverage_dates(
                    line.coverage_date_start,
                    end,
                    product.service_coverage_duration,
                    product.service_coverage_duration_unit,
                    product.service_coverage_duration_type,
                )[1]
                or False
            )

    @api.depends("coverage_date_start", "coverage_date_end", "product_id")
    def _compute_coverage_duration(self):
        for line in self:
            product = line.product_id
            if not product.service_coverage_item or not line.coverage_date_start:
                line.coverage_duration = 0.0
            elif not line.coverage_date_end or (
                line.coverage_date_end < line.coverage_date_start
            ):
                line.coverage_duration = 0.0
            else:
                line.coverage_duration = coverage_rules.coverage_duration(
                    line.coverage_date_start,
                    line.coverage_date_end,
                    product.service_coverage_duration_unit,
                )

    @api.depends(
        "state",
        "coverage_cancelled",
        "coverage_date_returned",
        "coverage_contract_line_ids",
    )
    def _compute_coverage_state(self):
        for line in self:
            if not line.product_id.service_coverage_item:
                line.coverage_state = False
            elif line.coverage_cancelled or line.state == "cancel":
                line.coverage_state = "cancel"
            elif line.coverage_date_returned:
                line.coverage_state = "ended"
            elif line.coverage_contract_line_ids:
                line.coverage_state = "active"
            elif line.state == "sale":
                line.coverage_state = "waiting"
            else:
                line.coverage_state = "quotation"

    @api.depends("covered_line_id", "covered_line_id.product_uom_qty", "covered_lot_id")
    def _compute_product_uom_qty(self):
        # A coverage item covers the whole quantity of its covered item.
        result = super()._compute_product_uom_qty()
        for line in self:
            if line.coverage_cancelled or line.display_type:
                continue
            if line.covered_line_id and not line.covered_lot_id:
                line.product_uom_qty = line.covered_line_id.product_uom_qty
            elif line.covered_lot_id and not line.covered_line_id:
                line.product_uom_qty = 1.0
        return result

    @api.depends("covered_line_id", "covered_lot_id")
    def _compute_qty_delivered_method(self):
        result = super()._compute_qty_delivered_method()
        for line in self:
            if line._is_coverage_item():
                line.qty_delivered_method = "service_coverage"
        return result

    @api.depends(
        "covered_line_id.qty_delivered",
        "covered_line_id.product_uom_qty",
        "coverage_cancelled",
        "coverage_date_returned",
        "coverage_contract_line_ids",
    )
    def _compute_qty_delivered(self):
        result = super()._compute_qty_delivered()
        for line in self:
            if line.qty_delivered_method != "service_coverage":
                continue
            ended = bool(line.coverage_cancelled or line.coverage_date_returned)
            if line.covered_line_id:
                covered = line.covered_line_id
                line.qty_delivered = coverage_rules.billable_quantity(
                    line.product_uom_qty,
                    covered.product_uom_qty,
                    covered.qty_delivered,
                    ended=ended,
                )
            else:
                active = bool(line.coverage_contract_line_ids)
                line.qty_delivered = coverage_rules.billable_quantity(
                    line.product_uom_qty,
                    line.product_uom_qty,
                    line.product_uom_qty if active else 0.0,
                    ended=ended,
                )
        return result

    @api.depends("covered_line_id", "covered_lot_id")
    def _compute_name(self):
        return super()._compute_name()

    # ------------------------------------------------------------------
    # Constraints (business rule 5)
    # ------------------------------------------------------------------
    @api.constrains(
        "product_id",
        "covered_line_id",
        "covered_lot_id",
        "product_uom_qty",
        "coverage_cancelled",
    )
    def _check_service_coverage(self):
        for line in self:
            if line.display_type:
                continue
            product = line.product_id
            has_item = bool(line.covered_line_id or line.covered_lot_id)
            is_coverage = bool(product.service_coverage_kind)
            if not (has_item or is_coverage):
                continue
            refusal = coverage_rules.check_coverage_product(
                is_coverage=product.service_coverage_item,
                enabled=product.service_coverage_enabled,
                is_kit=product.product_tmpl_id._service_coverage_is_kit(),
            )
            refusal = refusal or line._check_covered_item_rules()
            if not refusal and not line.coverage_cancelled:
                covered_qty = (
                    line.covered_line_id.product_uom_qty
                    if line.covered_line_id
                    else 1.0
                )
                refusal = coverage_rules.check_quantity(
                    line.product_uom_qty,
                    covered_qty,
                    precision=line.product_uom.rounding or 0.001,
                )
            if refusal:
                raise ValidationError(line._service_coverage_message(refusal))
            line._check_covered_item_owner()

    # Checked when the dates or the product change only: a product whose
    # duration changes later does not make the coverage already sold invalid.
    @api.constrains("product_id", "coverage_date_start", "coverage_date_end")
    def _check_service_coverage_duration(self):
        for line in self.filtered("product_id.service_coverage_item"):
            product = line.product_id
            refusal = coverage_rules.check_duration(
                line.coverage_date_start,
                line.coverage_date_end,
                product.service_coverage_duration,
                product.service_coverage_duration_unit,
                product.service_coverage_duration_type,
            )
            if refusal:
                raise ValidationError(line._service_coverage_message(refusal))

    def _check_covered_item_rules(self):
        """The covered item's refusal, if any (one item, a plain good)."""
        self.ensure_one()
        covered_product = (
            self.covered_line_id.product_id or self.covered_lot_id.product_id
        )
        return coverage_rules.check_covered_item(
            has_line=bool(self.covered_line_id),
            has_lot=bool(self.covered_lot_id),
            covered_is_coverage=bool(covered_product.service_coverage_kind)
            or bool(self.covered_line_id.covered_line_id)
            or bool(self.covered_line_id.covered_lot_id),
            covered_kind="service" if covered_product.type == "service" else None,
            covered_is_serial=not covered_product
            or covered_product.tracking == "serial",
        )

    def _check_covered_item_owner(self):
        self.ensure_one()
        if self.covered_line_id and self.covered_line_id.order_id != self.order_id:
            raise ValidationError(
                _(
                    "Coverage item %(line)s can only cover a line of its own "
                    "order %(order)s.",
                    line=self.product_id.display_name,
                    order=self.order_id.name,
                )
            )
        lot = self.covered_lot_id
        customer = self.order_id.partner_id.commercial_partner_id
        if lot and not lot._is_installed_at(customer):
            raise ValidationError(
                _(
                    "Serial number %(lot)s was not delivered to %(customer)s: "
                    "coverage item %(line)s cannot cover it.",
                    lot=lot.name,
                    customer=customer.display_name,
                    line=self.product_id.display_name,
                )
            )

    def _check_can_cancel(self):
        """Rule 5: a coverage item is cancelled only while its covered item
        is not delivered."""
        for line in self:
            delivered = (
                line.covered_line_id.qty_delivered
                if line.covered_line_id
                else float(bool(line.coverage_contract_line_ids))
            )
            if not coverage_rules.can_cancel(delivered):
                raise UserError(
                    _(
                        "Coverage item %(line)s cannot be cancelled: its covered "
                        "item %(covered)s has been delivered.",
                        line=line.product_id.display_name,
                        covered=line._get_covered_item_label(),
                    )
                )

    def _service_coverage_message(self, refusal):
        """The translated message of a refusal, naming the records."""
        self.ensure_one()
        product = self.product_id.display_name
        covered = self._get_covered_item_label()
        order = self.order_id.name
        messages = {
            coverage_rules.NOT_COVERAGE: _(
                "%(product)s on order %(order)s is not a coverage item (it needs a "
                "coverage kind and a contract template): it cannot cover "
                "%(covered)s.",
            ),
            coverage_rules.NOT_ENABLED: _(
                "%(product)s is not enabled for contract coverage: it cannot be "
                "sold as a coverage item on order %(order)s.",
            ),
            coverage_rules.KIT_COVERAGE: _(
                "%(product)s is a configured (kit) product: it cannot be a "
                "coverage item on order %(order)s.",
            ),
            coverage_rules.NO_ITEM: _(
                "Coverage item %(product)s on order %(order)s must name the item "
                "it covers: a line of the order or a unit delivered earlier.",
            ),
            coverage_rules.SEVERAL_ITEMS: _(
                "Coverage item %(product)s on order %(order)s covers more than one "
                "item: choose either a line of the order or a delivered unit.",
            ),
            coverage_rules.COVERS_COVERAGE: _(
                "Coverage item %(product)s cannot cover %(covered)s: it is itself "
                "a coverage item.",
            ),
            coverage_rules.COVERS_SERVICE: _(
                "Coverage item %(product)s cannot cover %(covered)s: it is a "
                "non-recurring service, an installation or a training.",
            ),
            coverage_rules.NOT_SERIAL: _(
                "Coverage item %(product)s cannot cover %(covered)s: only products "
                "tracked by serial number can be covered.",
            ),
            coverage_rules.PARTIAL_QUANTITY: _(
                "Coverage item %(product)s covers only part of the quantity of "
                "%(covered)s: it must cover its whole quantity.",
            ),
            coverage_rules.PARTIAL_DURATION: _(
                "Coverage item %(product)s covers only part of its coverage "
                "duration: with a fixed duration its end follows from its start; "
                "with a variable duration it needs an end after its start.",
            ),
            coverage_rules.END_BEFORE_START: _(
                "Coverage item %(product)s cannot end before it starts.",
            ),
        }
        template = messages.get(refusal.code, str(refusal))
        return template % {"product": product, "covered": covered, "order": order}

    # ------------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------------
    @api.model_create_multi
    def create(self, vals_list):
        # A coverage item covers the whole quantity of its covered item (the
        # field's default would otherwise win over its compute).
        covered_ids = [
            vals["covered_line_id"] for vals in vals_list if vals.get("covered_line_id")
        ]
        covered = {line.id: line for line in self.browse(covered_ids)}
        for vals in vals_list:
            if "product_uom_qty" in vals:
                continue
            if vals.get("covered_line_id") and not vals.get("covered_lot_id"):
                vals["product_uom_qty"] = covered[
                    vals["covered_line_id"]
                ].product_uom_qty
            elif vals.get("covered_lot_id") and not vals.get("covered_line_id"):
                vals["product_uom_qty"] = 1.0
        lines = super().create(vals_list)
        lines.filtered("covered_line_id")._sync_coverage_sequence()
        return lines

    def write(self, vals):
        if vals.get("coverage_cancelled"):
            self.filtered(lambda line: not line.coverage_cancelled)._check_can_cancel()
        self._check_coverage_revision(vals)
        result = super().write(vals)
        if "covered_line_id" in vals:
            self.filtered("covered_line_id")._sync_coverage_sequence()
        if "product_id" in vals and self.coverage_item_ids:
            # The covered item changed: its coverage items must still accept it.
            self.coverage_item_ids._check_service_coverage()
        if "sequence" in vals:
            # Coverage items cover no coverage item: this stops at one level.
            (self.coverage_item_ids - self)._sync_coverage_sequence()
        return result

    def _check_coverage_revision(self, vals):
        """Refuse revising a coverage item once its covered item is delivered
        or invoiced (or the coverage itself invoiced or active)."""
        revised = [name for name in REVISION_FIELDS if name in vals]
        if vals.get("coverage_cancelled") and not vals.get("product_uom_qty", 0.0):
            # A cancelled coverage item bills nothing: its quantity dropping
            # to zero is the cancellation (checked by _check_can_cancel).
            revised = [name for name in revised if name != "product_uom_qty"]
        if not revised:
            return
        for line in self.filtered(lambda sol: sol.coverage_state):
            changed = [
                name for name in revised if line._coverage_value_changes(name, vals)
            ]
            if not changed or line._coverage_can_revise():
                continue
            raise UserError(
                _(
                    "Coverage item %(line)s on order %(order)s cannot be revised: "
                    "its covered item %(covered)s has been delivered or invoiced.",
                    line=line.product_id.display_name,
                    order=line.order_id.name,
                    covered=line._get_covered_item_label(),
                )
            )

    def _coverage_value_changes(self, name, vals):
        field = self._fields[name]
        new = field.convert_to_record(field.convert_to_cache(vals[name], self), self)
        return new != self[name]

    def _coverage_can_revise(self):
        self.ensure_one()
        if self.covered_lot_id:
            # The covered unit was delivered by an earlier order: the line is
            # locked once its coverage is in force or it is invoiced.
            return coverage_rules.can_revise(
                len(self.coverage_contract_line_ids), 0.0, self.qty_invoiced
            )
        covered = self.covered_line_id
        return coverage_rules.can_revise(
            covered.qty_delivered, covered.qty_invoiced, self.qty_invoiced
        )

    def _sync_coverage_sequence(self):
        """Show coverage items right under the item they cover."""
        for line in self:
            if line.covered_line_id and line.sequence != line.covered_line_id.sequence:
                line.sequence = line.covered_line_id.sequence

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------
    def action_cancel_service_coverage(self):
        """Cancel coverage items whose covered item is not delivered yet."""
        quotation_lines = self.filtered(lambda line: line.state in ("draft", "sent"))
        confirmed = self - quotation_lines
        for line in confirmed.filtered("coverage_cancelled"):
            raise UserError(
                _(
                    "Coverage item %(line)s is already cancelled.",
                    line=line.product_id.display_name,
                )
            )
        quotation_lines.unlink()
        confirmed.write({"coverage_cancelled": True, "product_uom_qty": 0.0})
        return True

    def action_return_service_coverage(self):
        """The customer returns the coverage item: it ends now, its contract
        coverage ends today and the delivered quantity drops to zero, so that
        the refund follows the usual credit-note flow."""
        for line in self:
            if line.coverage_state != "active":
                raise UserError(
                    _(
                        "Coverage item %(line)s is not in force: only an active "
                        "coverage can be returned.",
                        line=line.product_id.display_name,
                    )
                )
        self._end_service_coverage(fields.Datetime.now())
        return True

    def action_view_coverage_contract(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "service.contract",
            "res_id": self.coverage_contract_id.id,
            "view_mode": "form",
        }

    # ------------------------------------------------------------------
    # Business methods
    # ------------------------------------------------------------------
    def _get_sale_order_line_multiline_description_sale(self):
        description = super()._get_sale_order_line_multiline_description_sale()
        covered = self._get_covered_item_label()
        if covered:
            description += "\n" + _("Covers: %(item)s", item=covered)
        return description

    def _get_covered_item_label(self):
        self.ensure_one()
        if self.covered_line_id:
            return self.covered_line_id.product_id.display_name
        if self.covered_lot_id:
            return _(
                "%(product)s, serial %(lot)s",
                product=self.covered_lot_id.product_id.display_name,
                lot=self.covered_lot_id.name,
            )
        return ""

    def _filter_coverage_items_covering(self, lines):
        """The coverage items of ``self`` that cover one of ``lines``."""
        return self.filtered(lambda line: line.covered_line_id in lines)

    def _is_coverage_item(self):
        self.ensure_one()
        return bool(
            self.product_id.service_coverage_item
            and (self.covered_line_id or self.covered_lot_id)
        )

    def _create_maintenance_contracts(self):
        # Coverage items become contracts when their covered item is
        # delivered, not when the order is confirmed.
        lines = self.filtered(lambda line: not line.product_id.service_coverage_item)
        return super(SaleOrderLine, lines)._create_maintenance_contracts()

    def _coverage_local_date(self, moment):
        return (
            fields.Datetime.context_timestamp(self, moment).date() if moment else False
        )

    def _prepare_coverage_contract_vals(self):
        """Values of the contract a delivered coverage item creates (hook)."""
        self.ensure_one()
        order = self.order_id
        date_start = self._coverage_local_date(self.coverage_date_start)
        date_end = coverage_rules.last_covered_day(
            fields.Datetime.context_timestamp(self, self.coverage_date_end)
        )
        return {
            "template_id": self.product_id.service_contract_template_id.id,
            "partner_id": order.partner_id.commercial_partner_id.id,
            "company_id": order.company_id.id,
            "user_id": order.user_id.id,
            "sale_line_id": self.id,
            "date_start": date_start,
            "date_end": max(date_end, date_start),
            "external_ref": order.client_order_ref,
            "state": "ready",
        }

    def _prepare_coverage_contract_line_vals(self, lot):
        """Values of the contract's coverage line for ``lot`` (hook)."""
        self.ensure_one()
        date_start = self._coverage_local_date(self.coverage_date_start)
        date_end = coverage_rules.last_covered_day(
            fields.Datetime.context_timestamp(self, self.coverage_date_end)
        )
        return {
            "coverage_type": "lot",
            "lot_id": lot.id,
            "date_start": date_start,
            "date_end": max(date_end, date_start),
            "sale_line_id": self.id,
        }

    def _get_coverage_contract_key(self):
        self.ensure_one()
        return (
            self.product_id.service_contract_template_id.id,
            self.order_id.partner_id.commercial_partner_id.id,
            self.order_id.company_id.id,
        )

    def _find_coverage_contracts(self):
        """{key: the customer's contract in force from the template}, in one
        search: the contract a delivered coverage item extends (drafts are
        still being prepared and are left alone)."""
        keys = {line._get_coverage_contract_key() for line in self}
        if not keys:
            return {}
        contracts = self.env["service.contract"].search(
            [
                ("template_id", "in", [key[0] for key in keys]),
                ("commercial_partner_id", "in", [key[1] for key in keys]),
                ("company_id", "in", [key[2] for key in keys]),
                ("state", "=", "ready"),
                ("whole_installed_base", "=", False),
            ],
            order="date_start desc, id desc",
        )
        result = {}
        for contract in contracts:
            key = (
                contract.template_id.id,
                contract.commercial_partner_id.id,
                contract.company_id.id,
            )
            if key in keys:
                result.setdefault(key, contract)
        return result

    def _activate_service_coverage(self, lots_by_item):
        """Cover the delivered ``lots_by_item`` ({coverage item: lots}): create
        or extend the customer's contract of the template's type, add a
        coverage line per unit from the coverage start, and link the order,
        the line and the contract."""
        lines = self.browse([line.id for line in lots_by_item])
        lines = lines.filtered(
            lambda line: not line.coverage_cancelled and line.state == "sale"
        )
        if not lines:
            return self.env["service.contract"]
        contracts_by_key = lines._find_coverage_contracts()
        touched = self.env["service.contract"]
        for line in lines:
            vals = line._prepare_coverage_contract_vals()
            # Units already covered by this line (not ended early) are skipped.
            lots = (
                lots_by_item[line]
                - line.coverage_contract_line_ids.filtered(
                    lambda cov, end=vals["date_end"]: cov.date_end == end
                ).lot_id
            )
            if not lots:
                continue
            key = line._get_coverage_contract_key()
            contract = contracts_by_key.get(key)
            if not contract:
                contract = self.env["service.contract"].create(vals)
                contracts_by_key[key] = contract
            else:
                extend = {}
                if vals["date_start"] < contract.date_start:
                    extend["date_start"] = vals["date_start"]
                if contract.date_end and vals["date_end"] > contract.date_end:
                    extend["date_end"] = vals["date_end"]
                if extend:
                    extend.setdefault("date_end", contract.date_end)
                    contract.write(extend)
            contract.write(
                {
                    "coverage_ids": [
                        Command.create(line._prepare_coverage_contract_line_vals(lot))
                        for lot in lots
                    ]
                }
            )
            line.write(
                {"coverage_contract_id": contract.id, "coverage_date_returned": False}
            )
            touched |= contract
        return touched

    def _end_service_coverage(self, moment, lots=None):
        """End these lines' coverage at ``moment`` (for ``lots`` only, when
        given): the contract coverage lines end that day, and a line whose
        units have all ended is marked ended."""
        day = self._coverage_local_date(moment)
        for line in self:
            covers = line.coverage_contract_line_ids
            if lots is not None:
                covers = covers.filtered(lambda cov, lots=lots: cov.lot_id in lots)
            covers = covers.filtered(
                lambda cov: precedence.runs_after(cov.date_end, day)
            )
            for cover in covers:
                cover.date_end = max(day, cover.date_start)
            remaining = line.coverage_contract_line_ids.filtered(
                lambda cov: precedence.runs_after(cov.date_end, day)
            )
            if not remaining or lots is None:
                line.write({"coverage_date_returned": moment})

    @api.model
    def _get_coverage_item_lots(self, covered_lots):
        """{coverage item: lots} for ``covered_lots`` ({covered line: lots})."""
        result = defaultdict(lambda: self.env["stock.lot"])
        covered = self.browse([line.id for line in covered_lots])
        for coverage in covered.coverage_item_ids:
            result[coverage] |= covered_lots[coverage.covered_line_id]
        return result
