from odoo import Command, _, api, fields, models

from ..rules import financial


class RepairOrder(models.Model):
    """Repairs ask the entitlement check and apply the covered share."""

    _inherit = "repair.order"

    under_warranty = fields.Boolean(
        compute="_compute_under_warranty",
        store=True,
        readonly=False,
        help="Set when a service contract covers the unit; the covered share of "
        "parts, labour and expenses is applied as a discount on the quotation.",
    )
    service_preventive = fields.Boolean(
        string="Preventive Maintenance",
        help="A planned preventive maintenance (read by coverage conditional rules).",
    )
    service_skill_group_id = fields.Many2one(
        "service.contract.skill.group",
        string="Intervention Type",
        help="The skills group of this intervention: it sets the points a points "
        "contract consumes.",
    )
    service_contract_id = fields.Many2one(
        "service.contract",
        string="Covering Contract",
        compute="_compute_service_coverage",
        store=True,
        readonly=True,
        check_company=True,
    )
    service_coverage_id = fields.Many2one(
        "service.contract.coverage",
        string="Coverage Line",
        compute="_compute_service_coverage",
        store=True,
        readonly=True,
    )
    service_labor_rate = fields.Float(
        string="Labour Covered (%)", compute="_compute_service_coverage", store=True
    )
    service_parts_rate = fields.Float(
        string="Parts Covered (%)", compute="_compute_service_coverage", store=True
    )
    service_expense_rate = fields.Float(
        string="Expenses Covered (%)", compute="_compute_service_coverage", store=True
    )
    service_coverage_reason = fields.Text(
        string="Coverage", compute="_compute_service_coverage", store=True
    )
    service_discounted_line_ids = fields.Many2many(
        "sale.order.line",
        "repair_order_service_discount_rel",
        "repair_id",
        "line_id",
        string="Discounted Lines",
        copy=False,
        readonly=True,
    )
    service_points_move_ids = fields.One2many(
        "service.contract.points.move", "repair_id", string="Points Consumed"
    )
    service_pricing_html = fields.Html(
        string="Covered Shares Applied",
        compute="_compute_service_pricing_html",
    )

    # ------------------------------------------------------------------
    # Computes
    # ------------------------------------------------------------------
    @api.depends("lot_id", "schedule_date")
    def _compute_service_coverage(self):
        for repair in self:
            values = {
                "service_contract_id": False,
                "service_coverage_id": False,
                "service_labor_rate": 0.0,
                "service_parts_rate": 0.0,
                "service_expense_rate": 0.0,
                "service_coverage_reason": False,
            }
            if not repair.lot_id:
                repair.update(values)
                continue
            answer = repair.lot_id._get_service_coverage(date=repair._service_date())
            best = answer.best
            if best:
                values.update(
                    {
                        "service_contract_id": best.contract.id,
                        "service_coverage_id": best.coverage.id,
                        "service_labor_rate": best.labor_rate,
                        "service_parts_rate": best.parts_rate,
                        "service_expense_rate": best.expense_rate,
                        "service_coverage_reason": best.reason,
                    }
                )
            else:
                reasons = [entry.reason for entry in answer.not_qualifying]
                values["service_coverage_reason"] = "\n".join(
                    reasons or [_("No contract covers unit %s.", repair.lot_id.name)]
                )
            repair.update(values)

    @api.depends("service_contract_id", "lot_id")
    def _compute_under_warranty(self):
        for repair in self:
            if repair.lot_id:
                repair.under_warranty = bool(repair.service_contract_id)
            else:
                repair.under_warranty = repair.under_warranty

    @api.depends(
        "service_discounted_line_ids.discount", "service_contract_id", "sale_order_id"
    )
    def _compute_service_pricing_html(self):
        labels = self._get_service_cost_labels()
        for repair in self:
            lines = repair.service_discounted_line_ids
            if not lines:
                repair.service_pricing_html = False
                continue
            rows = [
                {
                    "line": line,
                    "cost": labels[repair._service_cost_category(line)],
                    "contract": repair.service_contract_id,
                }
                for line in lines
            ]
            repair.service_pricing_html = self.env["ir.qweb"]._render(
                "service_contract_coverage.repair_order_service_pricing",
                {"rows": rows},
            )

    def _service_date(self):
        self.ensure_one()
        return fields.Date.to_date(self.schedule_date) or fields.Date.context_today(
            self
        )

    # ------------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------------
    def write(self, vals):
        result = super().write(vals)
        if {"lot_id", "schedule_date"} & set(vals):
            self.filtered("sale_order_id")._update_sale_order_line_price()
        return result

    # ------------------------------------------------------------------
    # Prices
    # ------------------------------------------------------------------
    def _update_sale_order_line_price(self):
        covered = self.filtered(lambda r: r.under_warranty and r.service_contract_id)
        result = super(RepairOrder, self - covered)._update_sale_order_line_price()
        (self - covered)._reset_service_discounts()
        covered._apply_service_coverage()
        return result

    def _reset_service_discounts(self):
        for repair in self.filtered("service_discounted_line_ids"):
            repair.service_discounted_line_ids.write({"discount": 0.0})
            repair.service_discounted_line_ids = [Command.clear()]

    def _get_service_cost_labels(self):
        """{cost category: its label}, for ``_service_cost_category``."""
        return {"parts": _("Parts"), "labor": _("Labour"), "expense": _("Expenses")}

    def _service_cost_category(self, sale_line):
        """``parts``, ``labor`` or ``expense``: which covered share applies."""
        product = sale_line.product_id
        if product.type == "service":
            if product.expense_policy in ("cost", "sales_price"):
                return "expense"
            return "labor"
        return "parts"

    def _service_sale_lines(self):
        self.ensure_one()
        return self.sale_order_id.order_line.filtered(
            lambda line: (
                not line.display_type
                and line != self.sale_order_line_id
                and line.product_id
            )
        )

    def action_apply_service_coverage(self):
        """Check the unit's coverage again (contracts may have changed since
        the serial was chosen) and apply the covered share to the quotation's
        lines, for instance after labour or expenses were added to it."""
        repairs = self.filtered(
            lambda r: r.lot_id and r.state not in ("done", "cancel")
        )
        repairs._compute_service_coverage()
        self.filtered("sale_order_id")._update_sale_order_line_price()
        return True

    def _apply_service_coverage(self):
        """Set each quotation line's discount to the covered share.

        Parts come from the repair's moves (their price, zeroed by the
        standard "under warranty" behaviour, is restored first); a part whose
        component the covering line excludes stays chargeable.
        """
        for repair in self.filtered("sale_order_id"):
            lines = repair._service_sale_lines()
            part_lines = repair.move_ids.filtered(
                lambda m: m.repair_line_type == "add"
            ).sale_line_id
            zeroed = part_lines.filtered(lambda line: not line.price_unit)
            if zeroed:
                zeroed.with_context(
                    force_price_recomputation=True
                )._compute_price_unit()
            rates = {
                "labor": repair.service_labor_rate,
                "parts": repair.service_parts_rate,
                "expense": repair.service_expense_rate,
            }
            date = repair._service_date()
            component_rates = {}
            summary = []
            for line in lines:
                category = repair._service_cost_category(line)
                if category == "parts":
                    product = line.product_id
                    if product not in component_rates:
                        answer = repair.lot_id._get_service_coverage(
                            date=date, component=product
                        )
                        component_rates[product] = answer.best
                    best = component_rates[product]
                    discount = financial.discount_for(
                        {"parts": best.parts_rate} if best else {},
                        "parts",
                        component_covered=bool(best),
                    )
                    contract = best.contract if best else repair.service_contract_id
                else:
                    discount = financial.discount_for(rates, category)
                    contract = repair.service_contract_id
                if line.discount != discount:
                    line.discount = discount
                summary.append((line, category, discount, contract))
            repair.service_discounted_line_ids = [Command.set(lines.ids)]
            repair._post_service_coverage_summary(summary)

    def _post_service_coverage_summary(self, summary):
        """Log on the quotation the covered share applied to each line."""
        self.ensure_one()
        labels = self._get_service_cost_labels()
        self.sale_order_id._message_log_with_view(
            "service_contract_coverage.repair_order_service_coverage_summary",
            render_values={
                "title": _(
                    "Covered share applied from repair %(repair)s: %(reason)s",
                    repair=self.name,
                    reason=self.service_coverage_reason or "",
                ),
                "rows": [
                    {
                        "line": line,
                        "cost": labels[category],
                        "discount": discount,
                        "contract": contract,
                    }
                    for line, category, discount, contract in summary
                ],
            },
        )

    def action_create_sale_order(self):
        result = super().action_create_sale_order()
        self.filtered(
            lambda r: r.under_warranty and r.service_contract_id
        )._apply_service_coverage()
        return result

    # ------------------------------------------------------------------
    # End of repair: apply the coverage, consume points
    # ------------------------------------------------------------------
    def action_repair_done(self):
        result = super().action_repair_done()
        done = self.filtered(lambda r: r.state == "done")
        done.filtered(
            lambda r: r.under_warranty and r.service_contract_id
        )._apply_service_coverage()
        done._consume_service_points()
        return result

    def _consume_service_points(self):
        for repair in self.filtered(
            lambda r: (
                r.service_contract_id.contract_type == "points"
                and not r.service_points_move_ids
            )
        ):
            contract = repair.service_contract_id
            group = (
                repair.service_skill_group_id
                or contract.skill_line_ids[:1].skill_group_id
            )
            # The technician ending the repair may read the contract but not
            # edit it: the consumption is the repair's consequence, recorded
            # by the system once the user's read access is checked.
            contract.check_access("read")
            move = contract.sudo()._consume_points(repair, group)
            if move:
                repair._message_log(
                    body=_(
                        "%(points)s point(s) of contract %(contract)s consumed "
                        "(%(group)s); %(left)s left.",
                        points=-move.points,
                        contract=contract.name,
                        group=group.name,
                        left=contract.points_remaining,
                    )
                )
