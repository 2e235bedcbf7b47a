from markupsafe import Markup, escape

from odoo import Command, _, api, fields, models
from odoo.osv import expression

from ..rules import components as component_rules
from ..rules import conditions as condition_rules
from ..rules import precedence
from .service_contract_coverage import SERVICE_LEVELS


class CoverageAnswer(list):
    """The entitlement answer for one unit.

    The list holds the covering entries, best first; ``not_qualifying`` holds
    the entries that would cover the unit but do not, each with the reason.
    Every entry is a dict: ``coverage`` (the line, empty for a contract
    covering the whole installed base), ``contract``, ``kind`` (``lot`` |
    ``product`` | ``category`` | ``whole``), ``inherited`` and
    ``covered_through`` (the primary unit it is inherited from), ``level``,
    ``date_end``, ``labor_rate``, ``parts_rate``, ``expense_rate``,
    ``authorized_loan``, ``component_covered``, ``qualifies`` and ``reason``.
    """

    def __init__(self, covering=(), not_qualifying=()):
        super().__init__(covering)
        self.not_qualifying = list(not_qualifying)

    @property
    def best(self):
        return self[0] if self else None


class StockLot(models.Model):
    _inherit = "stock.lot"

    service_coverage_ids = fields.Many2many(
        "service.contract.coverage",
        string="Covering Lines",
        compute="_compute_service_coverage",
    )
    service_coverage_count = fields.Integer(
        string="Coverage", compute="_compute_service_coverage"
    )
    service_level = fields.Selection(
        SERVICE_LEVELS, compute="_compute_service_coverage"
    )
    service_coverage_html = fields.Html(
        string="Coverage Today", compute="_compute_service_coverage", sanitize=False
    )

    # ------------------------------------------------------------------
    # Computes
    # ------------------------------------------------------------------
    @api.depends_context("tz")
    def _compute_service_coverage(self):
        Coverage = self.env["service.contract.coverage"]
        for lot in self:
            if not lot.id:
                lot.service_coverage_ids = Coverage
                lot.service_coverage_count = 0
                lot.service_level = False
                lot.service_coverage_html = False
                continue
            answer = lot._get_service_coverage()
            lines = Coverage
            for entry in answer:
                lines |= entry["coverage"]
            lot.service_coverage_ids = lines
            lot.service_coverage_count = len(answer)
            lot.service_level = answer.best["level"] if answer else False
            lot.service_coverage_html = lot._render_service_coverage(answer)

    def _render_service_coverage(self, answer):
        rows = []
        for entry in list(answer) + answer.not_qualifying:
            rows.append(
                Markup(
                    "<tr><td>%s</td><td>%s</td><td>%s</td><td>%s</td><td>%s</td></tr>"
                )
                % (
                    _("Covers") if entry["qualifies"] else _("Does not qualify"),
                    entry["contract"].name,
                    dict(SERVICE_LEVELS).get(entry["level"], ""),
                    _(
                        "Labour %(labor)s%%, parts %(parts)s%%, expenses %(expense)s%%",
                        labor=entry["labor_rate"],
                        parts=entry["parts_rate"],
                        expense=entry["expense_rate"],
                    ),
                    escape(entry["reason"]),
                )
            )
        if not rows:
            return Markup("<p>%s</p>") % _("No contract covers this unit today.")
        head = Markup(
            "<table class='table table-sm'><thead><tr><th>%s</th><th>%s</th>"
            "<th>%s</th><th>%s</th><th>%s</th></tr></thead><tbody>"
        ) % (_("Answer"), _("Contract"), _("Service Level"), _("Covered"), _("Reason"))
        return head + Markup("").join(rows) + Markup("</tbody></table>")

    # ------------------------------------------------------------------
    # Entitlement check
    # ------------------------------------------------------------------
    def _get_service_coverage(self, date=None, component=None):
        """Which contracts cover this unit on ``date`` (default: today), and
        for ``component`` (a product) when given.

        Returns a :class:`CoverageAnswer`: the covering entries best first
        (serial beats product beats category beats whole installed base; then
        the higher service level; then the later end), each with its reason,
        and ``not_qualifying`` with the reason each fails.  The number of
        queries is bounded whatever the number of contracts and lines.
        """
        self.ensure_one()
        date = fields.Date.to_date(date) or fields.Date.context_today(self)
        component_id = (
            component.id if isinstance(component, models.BaseModel) else component
        )
        covering = []
        not_qualifying = []
        for entry in self._get_service_coverage_entries(date):
            if entry["qualifies"] and component_id:
                entry["component_covered"] = self._service_component_covered(
                    entry, component_id
                )
                if not entry["component_covered"]:
                    entry["qualifies"] = False
                    entry["reason"] = _(
                        "%(reason)s; but component %(component)s is excluded.",
                        reason=entry["reason"],
                        component=self.env["product.product"]
                        .browse(component_id)
                        .display_name,
                    )
            (covering if entry["qualifies"] else not_qualifying).append(entry)
        return CoverageAnswer(
            precedence.order(covering), precedence.order(not_qualifying)
        )

    @api.model
    def _service_component_covered(self, entry, component_id):
        line = entry["coverage"]
        if not line:
            return True
        listed = {c.product_id.id: c.included for c in line.component_ids}
        return component_rules.is_component_covered(
            line.include_unlisted_components, listed, component_id
        )

    def _get_service_primary_chain(self):
        """This unit and the primary units it is bundled with, nearest first."""
        chain = self
        parent = self.parent_lot_id
        while parent and parent not in chain:
            chain |= parent
            parent = parent.parent_lot_id
        return chain

    def _get_service_coverage_line_domain(self, chain, date):
        targets = []
        for unit in chain:
            targets.append([("coverage_type", "=", "lot"), ("lot_id", "=", unit.id)])
            partner = unit.service_commercial_partner_id
            if not partner:
                continue
            targets.append(
                [
                    ("coverage_type", "=", "product"),
                    ("product_id", "=", unit.product_id.id),
                    ("partner_id", "=", partner.id),
                ]
            )
            categ_ids = [
                int(c)
                for c in (unit.product_id.categ_id.parent_path or "").split("/")
                if c
            ]
            if categ_ids:
                targets.append(
                    [
                        ("coverage_type", "=", "category"),
                        ("categ_id", "in", categ_ids),
                        ("partner_id", "=", partner.id),
                    ]
                )
        return expression.AND(
            [
                expression.OR(targets),
                [("contract_id.state", "in", ("ready", "expired"))],
                precedence.active_domain(date),
                precedence.active_domain(
                    date, "contract_id.date_start", "contract_id.date_expiry"
                ),
            ]
        )

    def _get_service_whole_base_domain(self, partners, date):
        return [
            ("commercial_partner_id", "in", partners.ids),
            "|",
            ("whole_installed_base", "=", True),
            ("contract_type", "=", "points"),
            ("state", "in", ("ready", "expired")),
            *precedence.active_domain(date, "date_start", "date_expiry"),
        ]

    def _get_service_unit_facts(self, rules, date):
        """The facts ``rules.conditions`` evaluates for this unit."""
        self.ensure_one()
        address = self.service_address_id or self.service_partner_id
        facts = {
            "country": address.country_id.id,
            "state": address.state_id.id,
            "address": self.service_address_id.id,
            "usage": self.service_usage_type,
            "repair_dates": [],
            "preventive_dates": [],
        }
        if condition_rules.needs_history(rules):
            horizon = condition_rules.history_horizon(rules, date)
            repairs = self.env["repair.order"].search_read(
                [
                    ("lot_id", "=", self.id),
                    ("state", "=", "done"),
                    ("schedule_date", ">=", fields.Datetime.to_datetime(horizon)),
                ],
                ["schedule_date", "service_preventive"],
            )
            for repair in repairs:
                day = repair["schedule_date"].date()
                facts["repair_dates"].append(day)
                if repair["service_preventive"]:
                    facts["preventive_dates"].append(day)
        return facts

    def _get_service_coverage_entries(self, date):
        """Every entry that could cover this unit on ``date``, qualifying or not."""
        self.ensure_one()
        chain = self._get_service_primary_chain()
        lines = self.env["service.contract.coverage"].search(
            self._get_service_coverage_line_domain(chain, date)
        )
        # Prefetch, in one query each, what the loop reads.
        lines.contract_id.mapped("name")
        lines.rule_ids.mapped("rule_type")
        partners = chain.service_commercial_partner_id
        wholes = self.env["service.contract"]
        if partners:
            wholes = self.env["service.contract"].search(
                self._get_service_whole_base_domain(partners, date)
            )
        rules_by_line = {
            line.id: [r._to_rule_dict() for r in line.rule_ids] for line in lines
        }
        all_rules = [rule for rules in rules_by_line.values() for rule in rules]
        facts = self._get_service_unit_facts(all_rules, date) if all_rules else {}
        entries = []
        for line in lines:
            via = self._service_line_matches(line, chain) or self
            entries.append(
                self._service_entry_for_line(
                    line, via, rules_by_line[line.id], facts, date
                )
            )
        for contract in wholes:
            via = chain.filtered(
                lambda u, c=contract: (
                    u.service_commercial_partner_id == c.commercial_partner_id
                )
            )[:1]
            entries.append(self._service_entry_for_contract(contract, via, date))
        return entries

    def _service_line_matches(self, line, chain):
        """The unit of ``chain`` through which ``line`` covers this unit."""
        for unit in chain:
            if line.coverage_type == "lot" and line.lot_id == unit:
                return unit
            if unit.service_commercial_partner_id != line.partner_id:
                continue
            if line.coverage_type == "product" and line.product_id == unit.product_id:
                return unit
            if line.coverage_type == "category":
                path = (unit.product_id.categ_id.parent_path or "").split("/")
                if str(line.categ_id.id) in path:
                    return unit
        return chain.browse()

    def _service_base_entry(self, contract, line, via, kind):
        inherited = via != self
        rates = line or contract
        return {
            "coverage": line,
            "contract": contract,
            "lot": self,
            "kind": kind,
            "inherited": inherited,
            "covered_through": via,
            "id": line.id or contract.id,
            "level": (line.service_level if line else contract.coverage_service_level)
            or "standard",
            "date_end": (line.date_end if line else False) or contract.date_expiry,
            "labor_rate": rates.labor_rate if line else contract.coverage_labor_rate,
            "parts_rate": rates.parts_rate if line else contract.coverage_parts_rate,
            "expense_rate": rates.expense_rate
            if line
            else contract.coverage_expense_rate,
            "authorized_loan": line.authorized_loan if line else False,
            "component_covered": None,
            "qualifies": True,
            "reason": "",
        }

    def _service_disqualify(self, entry, date):
        """The reason the unit or contract does not qualify, or ``None``."""
        contract = entry["contract"]
        if (
            self.service_state == "decommissioned"
            and self.decommission_date
            and self.decommission_date <= date
        ):
            return _(
                "Unit %(lot)s was decommissioned on %(date)s.",
                lot=self.name,
                date=self.decommission_date,
            )
        if contract._points_used_up():
            return _(
                "The points of contract %(contract)s are used up "
                "(%(used)s of %(total)s).",
                contract=contract.name,
                used=contract.points_used,
                total=contract.points_total,
            )
        return None

    def _service_entry_for_line(self, line, via, rules, facts, date):
        contract = line.contract_id
        entry = self._service_base_entry(contract, line, via, line.coverage_type)
        if line.coverage_type == "lot":
            reason = _(
                "Serial %(lot)s is listed on contract %(contract)s.",
                lot=via.name,
                contract=contract.name,
            )
        elif line.coverage_type == "product":
            reason = _(
                "Contract %(contract)s covers every unit of %(product)s at "
                "%(partner)s.",
                contract=contract.name,
                product=line.product_id.display_name,
                partner=line.partner_id.display_name,
            )
        else:
            reason = _(
                "Contract %(contract)s covers every unit in category %(categ)s at "
                "%(partner)s.",
                contract=contract.name,
                categ=line.categ_id.display_name,
                partner=line.partner_id.display_name,
            )
        if entry["inherited"]:
            reason = _(
                "Bundled with primary unit %(primary)s: %(reason)s",
                primary=via.name,
                reason=reason,
            )
        entry["reason"] = reason
        failure = self._service_disqualify(entry, date)
        if (
            not failure
            and line.coverage_type == "lot"
            and (via.service_commercial_partner_id != line.partner_id)
        ):
            failure = _(
                "Serial %(lot)s is now installed at %(owner)s, not at %(partner)s, the "
                "customer of contract %(contract)s.",
                lot=via.name,
                owner=via.service_partner_id.display_name or _("no customer"),
                partner=line.partner_id.display_name,
                contract=contract.name,
            )
        if not failure and rules:
            failed = condition_rules.evaluate(rules, facts, date)
            if failed:
                failure = _(
                    'Unit %(lot)s fails the rule "%(rule)s" of contract %(contract)s.',
                    lot=self.name,
                    rule=failed["name"],
                    contract=contract.name,
                )
        if failure:
            entry["qualifies"] = False
            entry["reason"] = failure
        return entry

    def _service_entry_for_contract(self, contract, via, date):
        entry = self._service_base_entry(
            contract, self.env["service.contract.coverage"], via or self, "whole"
        )
        if contract.contract_type == "points":
            entry["reason"] = _(
                "Points contract %(contract)s covers the whole installed base of "
                "%(partner)s (%(left)s points left).",
                contract=contract.name,
                partner=contract.commercial_partner_id.display_name,
                left=contract.points_remaining,
            )
        else:
            entry["reason"] = _(
                "Contract %(contract)s covers the whole installed base of %(partner)s.",
                contract=contract.name,
                partner=contract.commercial_partner_id.display_name,
            )
        if entry["inherited"]:
            entry["reason"] = _(
                "Bundled with primary unit %(primary)s: %(reason)s",
                primary=via.name,
                reason=entry["reason"],
            )
        failure = self._service_disqualify(entry, date)
        if failure:
            entry["qualifies"] = False
            entry["reason"] = failure
        return entry

    # ------------------------------------------------------------------
    # Contracts of the units (base hook)
    # ------------------------------------------------------------------
    def _get_service_contracts(self):
        """Add the contracts covering the units by product or category, and
        those of their primary units (secondary equipment inherits them)."""
        result = super()._get_service_contracts()
        lots = self.filtered("service_commercial_partner_id")
        if lots:
            categ_ids = set()
            for lot in lots:
                categ_ids.update(
                    int(c)
                    for c in (lot.product_id.categ_id.parent_path or "").split("/")
                    if c
                )
            lines = self.env["service.contract.coverage"].search(
                [
                    ("partner_id", "in", lots.service_commercial_partner_id.ids),
                    "|",
                    "&",
                    ("coverage_type", "=", "product"),
                    ("product_id", "in", lots.product_id.ids),
                    "&",
                    ("coverage_type", "=", "category"),
                    ("categ_id", "in", list(categ_ids)),
                ]
            )
            for lot in lots:
                for line in lines:
                    if self._service_line_matches(line, lot):
                        result[lot.id] |= line.contract_id
        parents = self.parent_lot_id
        if parents:
            by_parent = parents._get_service_contracts()
            for lot in self.filtered("parent_lot_id"):
                result[lot.id] |= by_parent.get(
                    lot.parent_lot_id.id, self.env["service.contract"]
                )
        return result

    def _search_service_contract_ids(self, operator, value):
        """Also find the units covered by product or category lines, and the
        secondary equipment of listed units."""
        domain = super()._search_service_contract_ids(operator, value)
        if operator == "any":
            contracts = self.env["service.contract"].search(value)
        else:
            ids = [value] if operator == "=" else value
            contracts = self.env["service.contract"].browse(ids)
        extra = contracts._get_coverage_lots_domain()
        listed = contracts.coverage_ids.filtered(
            lambda line: line.coverage_type == "lot"
        )
        if listed:
            extra.append([("parent_lot_id", "in", listed.lot_id.ids)])
        return expression.OR([domain, *extra]) if extra else domain

    def _prepare_warranty_contract_vals(self, template):
        """The warranty contract covers the serial through a coverage line."""
        vals = super()._prepare_warranty_contract_vals(template)
        vals.pop("lot_ids", None)
        vals["coverage_ids"] = [
            Command.create({"coverage_type": "lot", "lot_id": self.id})
        ]
        return vals

    # ------------------------------------------------------------------
    # Fleet changes: tell the account managers, keep the log
    # ------------------------------------------------------------------
    def write(self, vals):
        events = self._get_service_fleet_events(vals)
        contracts_by_lot = self._get_service_contracts() if events else {}
        result = super().write(vals)
        if events:
            self._notify_service_fleet_events(events, contracts_by_lot)
        return result

    def _get_service_fleet_events(self, vals):
        """[(lot, operation, old value, new value)] this write causes."""
        events = []
        if vals.get("service_state") == "decommissioned":
            for lot in self.filtered(lambda lot: lot.service_state != "decommissioned"):
                events.append(
                    (lot, "decommission", _("In Service"), _("Decommissioned"))
                )
        if "service_partner_id" in vals:
            new_partner = self.env["res.partner"].browse(vals["service_partner_id"])
            for lot in self.filtered("service_partner_id"):
                if (
                    lot.service_commercial_partner_id
                    != new_partner.commercial_partner_id
                ):
                    events.append(
                        (
                            lot,
                            "customer_change",
                            lot.service_partner_id.display_name,
                            new_partner.display_name or "",
                        )
                    )
        return events

    def _notify_service_fleet_events(self, events, contracts_by_lot):
        Log = self.env["service.contract.coverage.log"]
        for lot, operation, old_value, new_value in events:
            contracts = contracts_by_lot.get(
                lot.id, self.env["service.contract"]
            ).filtered(lambda c: c.state in ("draft", "ready"))
            if not contracts:
                continue
            Log._log_unit_event(lot, contracts, operation, old_value, new_value)
            if operation == "decommission":
                summary = _("Unit %(lot)s decommissioned", lot=lot.name)
            else:
                summary = _("Unit %(lot)s changed customer", lot=lot.name)
            note = _(
                "Unit %(lot)s: %(old)s → %(new)s. Review the coverage of this "
                "contract.",
                lot=lot.name,
                old=old_value,
                new=new_value,
            )
            # The account manager is told even when the change is made by
            # someone (a technician) who may not edit contracts: the activity
            # is the system's notification, not the user's edit.
            for contract in contracts.sudo():
                contract.activity_schedule(
                    "mail.mail_activity_data_todo",
                    summary=summary,
                    note=note,
                    user_id=(contract.user_id or self.env.user).id,
                )

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------
    def action_view_service_coverage(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "service_contract_coverage.action_service_contract_coverage"
        )
        action["domain"] = [("id", "in", self.service_coverage_ids.ids)]
        action["context"] = {"create": False}
        return action
