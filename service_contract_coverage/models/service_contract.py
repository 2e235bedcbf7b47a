from markupsafe import Markup

from odoo import _, api, fields, models
from odoo.exceptions import ValidationError
from odoo.osv import expression
from odoo.tools import plaintext2html

from odoo.addons.service_contract.rules import points as points_rules

from ..rules import financial
from .service_contract_coverage import SERVICE_LEVELS, check_covered_shares


class ServiceContract(models.Model):
    """Coverage lines are the source of truth of what a contract covers.

    The base's ``lot_ids`` ("Equipment") is computed from the serials of the
    contract's serial coverage lines, and its inverse adds or removes those
    lines when ``lot_ids`` is written (the base, imports, other addons), so
    both always agree.
    """

    _inherit = "service.contract"

    coverage_ids = fields.One2many(
        "service.contract.coverage",
        "contract_id",
        copy=True,
    )
    lot_ids = fields.Many2many(
        compute="_compute_lot_ids",
        inverse="_inverse_lot_ids",
        store=True,
        readonly=False,
        copy=False,
        help="The serial numbers of this contract's serial coverage lines: "
        "adding or removing one here adds or removes its coverage line.",
    )
    coverage_count = fields.Integer(
        string="Coverage Lines", compute="_compute_coverage_count"
    )
    repair_count = fields.Integer(string="Repairs", compute="_compute_repair_count")
    coverage_service_level = fields.Selection(
        SERVICE_LEVELS,
        string="Service Level",
        compute="_compute_coverage_defaults",
        store=True,
        readonly=False,
        precompute=True,
    )
    coverage_labor_rate = fields.Float(
        string="Labour Covered (%)",
        compute="_compute_coverage_defaults",
        store=True,
        readonly=False,
        precompute=True,
        digits=(5, 2),
    )
    coverage_parts_rate = fields.Float(
        string="Parts Covered (%)",
        compute="_compute_coverage_defaults",
        store=True,
        readonly=False,
        precompute=True,
        digits=(5, 2),
    )
    coverage_expense_rate = fields.Float(
        string="Expenses Covered (%)",
        compute="_compute_coverage_defaults",
        store=True,
        readonly=False,
        precompute=True,
        digits=(5, 2),
    )
    coverage_log_ids = fields.One2many(
        "service.contract.coverage.log",
        "contract_id",
    )
    coverage_gap_ids = fields.One2many(
        "service.contract.coverage.gap", "contract_id", string="Coverage Gaps"
    )
    coverage_gaps_checked_on = fields.Date(
        string="Gaps Checked On",
        readonly=True,
        copy=False,
        help="The day the daily coverage gap detection last checked the "
        "customer of this contract.",
    )
    coverage_gap_count = fields.Integer(
        string="Open Gaps", compute="_compute_coverage_gap_count"
    )
    coverage_sale_line_ids = fields.One2many(
        "sale.order.line",
        "coverage_contract_id",
        string="Coverage Items Sold",
        readonly=True,
    )
    coverage_sale_order_count = fields.Integer(
        string="Orders", compute="_compute_coverage_sale_order_count"
    )

    # ------------------------------------------------------------------
    # Computes
    # ------------------------------------------------------------------
    @api.depends("template_id")
    def _compute_coverage_defaults(self):
        for contract in self:
            template = contract.template_id
            if not template:
                contract.coverage_service_level = (
                    contract.coverage_service_level or "standard"
                )
                for name in ("labor", "parts", "expense"):
                    field = f"coverage_{name}_rate"
                    contract[field] = contract[field] if contract.id else 100.0
                continue
            contract.coverage_service_level = template.coverage_service_level
            contract.coverage_labor_rate = template.coverage_labor_rate
            contract.coverage_parts_rate = template.coverage_parts_rate
            contract.coverage_expense_rate = template.coverage_expense_rate

    @api.depends("coverage_ids.coverage_type", "coverage_ids.lot_id")
    def _compute_lot_ids(self):
        for contract in self:
            contract.lot_ids = contract._get_serial_coverage_lines().lot_id

    def _inverse_lot_ids(self):
        """Add / remove serial coverage lines to match ``lot_ids``."""
        Coverage = self.env["service.contract.coverage"]
        to_create = []
        to_remove = Coverage
        for contract in self:
            lot_lines = contract._get_serial_coverage_lines()
            to_remove |= lot_lines.filtered(
                lambda line, c=contract: line.lot_id not in c.lot_ids
            )
            to_create += [
                {"contract_id": contract.id, "coverage_type": "lot", "lot_id": lot.id}
                for lot in contract.lot_ids - lot_lines.lot_id
            ]
        if to_remove:
            to_remove.unlink()
        if to_create:
            Coverage.create(to_create)

    @api.depends("coverage_ids")
    def _compute_coverage_count(self):
        for contract in self:
            contract.coverage_count = len(contract.coverage_ids)

    def _get_repair_domain(self, covered_lots=None):
        """Repairs of this contract: those it covers (its covering contract),
        and those on a unit it covers."""
        if covered_lots is None:
            covered_lots = self._get_covered_lots()
        return expression.OR(
            [
                [("service_contract_id", "in", self.ids)],
                [("lot_id", "in", covered_lots.ids)],
            ]
        )

    def _compute_repair_count(self):
        lots = {contract: contract._get_covered_lots() for contract in self}
        repairs = self.env["repair.order"].search(
            expression.OR(
                [contract._get_repair_domain(lots[contract]) for contract in self]
            )
            if self.ids
            else expression.FALSE_DOMAIN
        )
        for contract in self:
            contract.repair_count = len(
                repairs.filtered(
                    lambda r, c=contract: (
                        r.service_contract_id == c or r.lot_id in lots[c]
                    )
                )
            )

    def _compute_coverage_gap_count(self):
        counts = dict(
            self.env["service.contract.coverage.gap"]._read_group(
                [("contract_id", "in", self.ids), ("state", "=", "open")],
                ["contract_id"],
                ["__count"],
            )
        )
        for contract in self:
            contract.coverage_gap_count = counts.get(contract, 0)

    @api.depends("coverage_sale_line_ids", "sale_order_id")
    def _compute_coverage_sale_order_count(self):
        for contract in self:
            contract.coverage_sale_order_count = len(
                contract.coverage_sale_line_ids.order_id | contract.sale_order_id
            )

    # ------------------------------------------------------------------
    # Constraints
    # ------------------------------------------------------------------
    @api.constrains("whole_installed_base", "contract_type")
    def _check_whole_installed_base_lines(self):
        for contract in self:
            if contract._covers_whole_installed_base() and contract.coverage_ids:
                raise ValidationError(
                    _(
                        "Contract %(contract)s covers the whole installed base of "
                        "its customer: remove its coverage lines first.",
                        contract=contract.name,
                    )
                )

    @api.constrains(
        "coverage_labor_rate", "coverage_parts_rate", "coverage_expense_rate"
    )
    def _check_coverage_rates(self):
        check_covered_shares(
            self,
            "coverage_%s_rate",
            lambda contract: contract.env._(
                "Contract %(contract)s: a covered share is a percentage "
                "between 0 and 100.",
                contract=contract.name,
            ),
        )

    # ------------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------------
    def write(self, vals):
        dates_before = {}
        if {"date_start", "date_end", "template_id"} & set(vals):
            dates_before = {c.id: (c.date_start, c.date_end) for c in self}
        result = super().write(vals)
        if dates_before:
            self._follow_contract_dates(dates_before)
            # Lines with dates of their own stay within the contract's.
            self.coverage_ids._check_dates()
        return result

    def _follow_contract_dates(self, dates_before):
        """Lines that had the contract's dates keep following them (a renewal
        extends them); lines with their own dates keep theirs."""
        for contract in self:
            old_start, old_end = dates_before[contract.id]
            if old_start != contract.date_start:
                contract.coverage_ids.filtered(
                    lambda line, d=old_start: (
                        line.date_start == d and line._follows_contract_dates()
                    )
                ).date_start = contract.date_start
            if old_end != contract.date_end:
                contract.coverage_ids.filtered(
                    lambda line, d=old_end: (
                        line.date_end == d and line._follows_contract_dates()
                    )
                ).date_end = contract.date_end

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------
    def action_view_repairs(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "repair.action_repair_order_tree"
        )
        action["domain"] = self._get_repair_domain()
        action["context"] = {"create": False}
        return action

    def action_view_coverage_gaps(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "service_contract_coverage.action_service_contract_coverage_gap"
        )
        action["domain"] = [("contract_id", "=", self.id)]
        action["context"] = {"search_default_open": 1}
        return action

    def action_detect_coverage_gaps(self):
        self.env["service.contract.coverage.gap"]._detect_gaps(
            partners=self.commercial_partner_id
        )
        return self.action_view_coverage_gaps() if len(self) == 1 else True

    def action_view_coverage_log(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "service_contract_coverage.action_service_contract_coverage_log"
        )
        action["domain"] = [("contract_id", "=", self.id)]
        return action

    def action_view_coverage_sale_orders(self):
        self.ensure_one()
        orders = self.coverage_sale_line_ids.order_id | self.sale_order_id
        action = self.env["ir.actions.act_window"]._for_xml_id("sale.action_orders")
        if len(orders) == 1:
            action.update(
                {"res_id": orders.id, "view_mode": "form", "views": [(False, "form")]}
            )
        else:
            action["domain"] = [("id", "in", orders.ids)]
        action["context"] = {"create": False}
        return action

    # ------------------------------------------------------------------
    # Business methods
    # ------------------------------------------------------------------
    @api.model
    def _get_coverage_gaps_due_domain(self, today):
        """Contracts with coverage lines whose customer is not checked today."""
        return [
            ("coverage_ids", "!=", False),
            "|",
            ("coverage_gaps_checked_on", "=", False),
            ("coverage_gaps_checked_on", "<", today),
        ]

    def _detect_customer_coverage_gaps(self, today):
        """Detect the gaps of these contracts' customers; mark their contracts
        due today checked."""
        partners = self.commercial_partner_id
        self.env["service.contract.coverage.gap"]._detect_gaps(partners=partners)
        checked = self.search(
            self._get_coverage_gaps_due_domain(today)
            + [("commercial_partner_id", "in", partners.ids)]
        )
        self.env["service.contract.batch.mixin"]._bulk_update(
            checked,
            [
                (contract.id, {"coverage_gaps_checked_on": today})
                for contract in checked
            ],
        )

    def _get_serial_coverage_lines(self):
        """The coverage lines of this contract naming one serial."""
        self.ensure_one()
        return self.coverage_ids.filtered(lambda line: line.coverage_type == "lot")

    def _covers_whole_installed_base(self):
        """Rule 3 and 8: such contracts cover every unit and take no lines."""
        self.ensure_one()
        return self.whole_installed_base or self.contract_type == "points"

    def _points_used_up(self):
        self.ensure_one()
        return self.contract_type == "points" and financial.points_used_up(
            self.points_total, self.points_used
        )

    def _get_default_include_unlisted_components(self):
        """Default component policy of a new line: template, else setting."""
        policy = self.template_id.coverage_components_policy
        if policy:
            return policy == "include"
        company = self.company_id or self.env.company
        return company.service_coverage_include_unlisted

    def _get_coverage_lots_domain(self):
        """Domain of the units this contract's product / category lines cover."""
        Lot = self.env["stock.lot"]
        domains = []
        for line in self.coverage_ids:
            partner = Lot._installed_at_domain(line.partner_id)
            if line.coverage_type == "product":
                domains.append(partner + [("product_id", "=", line.product_id.id)])
            elif line.coverage_type == "category":
                domains.append(
                    partner + [("product_id.categ_id", "child_of", line.categ_id.id)]
                )
        return domains

    def _get_covered_lots(self):
        """Serials, products and categories of the lines, whole installed
        base, and the secondary equipment bundled with all of these."""
        lots = super()._get_covered_lots()
        domains = self._get_coverage_lots_domain()
        if domains:
            Lot = self.env["stock.lot"]
            lots |= Lot.search(
                expression.AND(
                    [
                        expression.OR(domains),
                        Lot._in_service_domain(fields.Date.context_today(self)),
                    ]
                )
            )
        return lots._with_secondary_equipment()

    def _request_service(self, lot, description=None):
        """A customer asks for service on ``lot``, a unit of this contract:
        a draft repair order for the unit and the customer, today's
        entitlement answer in its chatter, and an activity for the account
        manager. Returns the repair order."""
        self.ensure_one()
        lot.ensure_one()
        repair = (
            self.env["repair.order"]
            .with_company(self.company_id)
            .create(
                {
                    "partner_id": self.partner_id.id,
                    "product_id": lot.product_id.id,
                    "lot_id": lot.id,
                    "company_id": self.company_id.id,
                    "internal_notes": plaintext2html(description)
                    if description
                    else False,
                }
            )
        )
        repair.message_post(
            body=Markup("<p>%s</p>%s")
            % (
                _(
                    "Service requested on the portal for unit %(lot)s under "
                    "contract %(contract)s. Entitlement today:",
                    lot=lot.name,
                    contract=self.name,
                ),
                lot.service_coverage_html or "",
            ),
            message_type="comment",
            subtype_xmlid="mail.mt_note",
        )
        repair.activity_schedule(
            "mail.mail_activity_data_todo",
            user_id=(self.user_id or self.env.user).id,
            summary=_(
                "Service request from %(customer)s", customer=self.partner_id.name
            ),
            note=description or False,
        )
        return repair

    @api.depends("template_id")
    def _compute_skill_line_ids(self):
        """Copy the template's points per intervention with its skills groups."""
        result = super()._compute_skill_line_ids()
        for contract in self.filtered("template_id"):
            points = {
                line.skill_group_id: line.points_per_intervention
                for line in contract.template_id.skill_line_ids
            }
            for line in contract.skill_line_ids:
                line.points_per_intervention = points.get(line.skill_group_id, 0.0)
        return result

    def _consume_points(self, repair, skill_group):
        """Record the points ``repair`` consumes: a consumption row of the
        ledger, which the points used and left are summed from. Returns it."""
        self.ensure_one()
        skill_line = self.skill_line_ids.filtered(
            lambda line: line.skill_group_id == skill_group
        )[:1]
        points = skill_line.points_per_intervention
        if not points:
            return self.env["service.contract.points.move"]
        return self._add_points_moves(
            [
                {
                    "contract_id": self.id,
                    "kind": points_rules.CONSUMPTION,
                    "points": points_rules.signed_points(points_rules.USED, points),
                    "repair_id": repair.id,
                    "lot_id": repair.lot_id.id,
                    "skill_group_id": skill_group.id,
                }
            ]
        )
