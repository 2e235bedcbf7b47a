from odoo import _, api, fields, models
from odoo.osv import expression

from ..rules import components as component_rules
from ..rules import conditions as condition_rules
from ..rules import entitlement as entitlement_rules


class ServiceContractEntitlement(models.AbstractModel):
    """The entitlement check: which contracts cover a unit on a day, for a
    component, and why; which could have but do not, and why not.

    ``stock.lot._get_service_coverage()`` is its public entry point; the
    answer is a :class:`~..rules.entitlement.EntitlementAnswer`.  The number
    of queries is bounded whatever the number of contracts and lines.
    """

    _name = "service.contract.entitlement"
    _description = "Service Contract Entitlement Check"

    # ------------------------------------------------------------------
    # The check
    # ------------------------------------------------------------------
    @api.model
    def _get_coverage(self, lot, date=None, component=None):
        """The answer for ``lot`` on ``date`` (default: today), and for
        ``component`` (a product or its id) when given."""
        lot.ensure_one()
        date = fields.Date.to_date(date) or fields.Date.context_today(lot)
        component_id = (
            component.id if isinstance(component, models.BaseModel) else component
        )
        entries = []
        for entry in self._get_candidates(lot, date):
            if entry.qualifies and component_id:
                if self._is_component_covered(entry, component_id):
                    entry = entry.qualify(component_covered=True)
                else:
                    entry = entry.disqualify(
                        _(
                            "%(reason)s; but component %(component)s is excluded.",
                            reason=entry.reason,
                            component=self.env["product.product"]
                            .browse(component_id)
                            .display_name,
                        ),
                        component_covered=False,
                    )
            entries.append(entry)
        return entitlement_rules.EntitlementAnswer.from_entries(entries)

    @api.model
    def _get_candidates(self, lot, date):
        """Every entry that could cover ``lot`` on ``date``, qualifying or not."""
        chain = lot._get_service_primary_chain()
        lines = self.env["service.contract.coverage"].search(
            self._get_coverage_line_domain(chain, date)
        )
        # Prefetch, in one query each, what the loop reads.
        lines.contract_id.mapped("name")
        lines.rule_ids.mapped("rule_type")
        partners = chain.service_commercial_partner_id
        wholes = self.env["service.contract"]
        if partners:
            wholes = wholes.search(self._get_whole_base_domain(partners, date))
        rules_by_line = {
            line.id: [r._to_rule_dict() for r in line.rule_ids] for line in lines
        }
        all_rules = [rule for rules in rules_by_line.values() for rule in rules]
        facts = self._get_unit_facts(lot, all_rules, date) if all_rules else {}
        entries = []
        for line in lines:
            via = self._get_covering_unit(line, chain) or lot
            entries.append(
                self._entry_for_line(
                    lot, line, via, rules_by_line[line.id], facts, date
                )
            )
        for contract in wholes:
            via = chain._filter_installed_at(contract.commercial_partner_id)[:1]
            entries.append(self._entry_for_contract(lot, contract, via or lot, date))
        return entries

    # ------------------------------------------------------------------
    # Searches
    # ------------------------------------------------------------------
    @api.model
    def _get_coverage_line_domain(self, chain, date):
        """Coverage lines that may cover a unit of ``chain`` on ``date``."""
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
            categ_ids = unit._get_service_categ_ids()
            if categ_ids:
                targets.append(
                    [
                        ("coverage_type", "=", "category"),
                        ("categ_id", "in", categ_ids),
                        ("partner_id", "=", partner.id),
                    ]
                )
        # Lines out of their dates (or of their contract's) are kept: they
        # could have covered the unit, and the answer says when they ended
        # or start (rules.entitlement.why_not).
        return expression.AND(
            [
                expression.OR(targets),
                [("contract_id.state", "in", ("ready", "expired"))],
            ]
        )

    @api.model
    def _get_whole_base_domain(self, partners, date):
        """Contracts covering the whole installed base of ``partners`` on ``date``."""
        return [
            ("commercial_partner_id", "in", partners.ids),
            "|",
            ("whole_installed_base", "=", True),
            ("contract_type", "=", "points"),
            ("state", "in", ("ready", "expired")),
        ]

    @api.model
    def _get_covering_unit(self, line, chain):
        """The unit of ``chain`` through which ``line`` covers it (or none)."""
        for unit in chain:
            if line.coverage_type == "lot" and line.lot_id == unit:
                return unit
            if not unit._is_installed_at(line.partner_id):
                continue
            if line.coverage_type == "product" and line.product_id == unit.product_id:
                return unit
            if (
                line.coverage_type == "category"
                and line.categ_id.id in unit._get_service_categ_ids()
            ):
                return unit
        return chain.browse()

    # ------------------------------------------------------------------
    # Facts and reasons
    # ------------------------------------------------------------------
    @api.model
    def _get_unit_facts(self, lot, rules, date):
        """The facts ``rules.conditions`` evaluates for ``lot``."""
        address = lot.service_address_id or lot.service_partner_id
        facts = {
            "country": address.country_id.id,
            "state": address.state_id.id,
            "address": lot.service_address_id.id,
            "usage": lot.service_usage_type,
            "repair_dates": [],
            "preventive_dates": [],
        }
        if condition_rules.needs_history(rules):
            horizon = condition_rules.history_horizon(rules, date)
            repairs = self.env["repair.order"].search_read(
                [
                    ("lot_id", "=", lot.id),
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

    @api.model
    def _is_component_covered(self, entry, component_id):
        line = entry.coverage
        if not line:
            return True
        listed = {c.product_id.id: c.included for c in line.component_ids}
        return component_rules.is_component_covered(
            line.include_unlisted_components, listed, component_id
        )

    @api.model
    def _new_entry(self, lot, contract, line, via, reason):
        """The entry of ``contract`` (through ``line`` when given) for ``lot``."""
        if line:
            level = line.service_level
            rates = (line.labor_rate, line.parts_rate, line.expense_rate)
        else:
            level = contract.coverage_service_level
            rates = (
                contract.coverage_labor_rate,
                contract.coverage_parts_rate,
                contract.coverage_expense_rate,
            )
        inherited = via != lot
        if inherited:
            reason = _(
                "Bundled with primary unit %(primary)s: %(reason)s",
                primary=via.name,
                reason=reason,
            )
        return entitlement_rules.CoveringEntry(
            contract=contract,
            coverage=line,
            lot=lot,
            kind=line.coverage_type if line else "whole",
            covered_through=via,
            ident=line.id or contract.id,
            reason=reason,
            inherited=inherited,
            level=level or "standard",
            date_end=(line.date_end if line else False) or contract.date_expiry or None,
            labor_rate=rates[0],
            parts_rate=rates[1],
            expense_rate=rates[2],
            authorized_loan=line.authorized_loan if line else False,
        )

    @api.model
    def _get_disqualification(
        self, lot, contract, date, line=None, installed=True, failed_condition=None
    ):
        """The reason ``lot`` does not qualify for ``contract`` (through its
        coverage ``line`` when given) on ``date``, or ``None``: the first
        failure of ``rules.entitlement.why_not``, in words and with its date."""
        line = line or self.env["service.contract.coverage"]
        failure = entitlement_rules.why_not(
            date,
            contract_start=contract.date_start or None,
            contract_end=contract.date_expiry or None,
            line_start=line.date_start or None,
            line_end=line.date_end or None,
            in_service=lot._is_in_service_on(date),
            decommission_date=lot.decommission_date or None,
            points_used_up=contract._points_used_up(),
            installed=installed,
            failed_condition=failed_condition,
        )
        if failure is None:
            return None
        return self._get_failure_message(lot, contract, line, failure)

    @api.model
    def _get_failure_message(self, lot, contract, line, failure):
        """``failure`` (a ``rules.entitlement.Failure``) as the user reads it."""
        code = failure.code
        if code == entitlement_rules.NOT_STARTED:
            return _(
                "Contract %(contract)s starts on %(date)s.",
                contract=contract.name,
                date=failure.date,
            )
        if code == entitlement_rules.EXPIRED:
            return _(
                "Contract %(contract)s expired on %(date)s.",
                contract=contract.name,
                date=failure.date,
            )
        if code == entitlement_rules.LINE_NOT_STARTED:
            return _(
                "The coverage of %(what)s on contract %(contract)s starts on %(date)s.",
                what=self._get_line_subject(line),
                contract=contract.name,
                date=failure.date,
            )
        if code == entitlement_rules.LINE_ENDED:
            return _(
                "The coverage of %(what)s on contract %(contract)s ended on %(date)s.",
                what=self._get_line_subject(line),
                contract=contract.name,
                date=failure.date,
            )
        if code == entitlement_rules.DECOMMISSIONED:
            return _(
                "Unit %(lot)s was decommissioned on %(date)s.",
                lot=lot.name,
                date=failure.date,
            )
        if code == entitlement_rules.POINTS_USED_UP:
            return _(
                "The points of contract %(contract)s are used up "
                "(%(used)s of %(total)s).",
                contract=contract.name,
                used=contract.points_used,
                total=contract.points_total,
            )
        if code == entitlement_rules.NOT_INSTALLED:
            return _(
                "Serial %(lot)s is now installed at %(owner)s, not at %(partner)s, the "
                "customer of contract %(contract)s.",
                lot=line.lot_id.name or lot.name,
                owner=(line.lot_id or lot).service_partner_id.display_name
                or _("no customer"),
                partner=(
                    line.partner_id or contract.commercial_partner_id
                ).display_name,
                contract=contract.name,
            )
        return _(
            'Unit %(lot)s fails the rule "%(rule)s" of contract %(contract)s.',
            lot=lot.name,
            rule=failure.condition,
            contract=contract.name,
        )

    @api.model
    def _get_line_subject(self, line):
        """What a coverage line covers, in words (serial, product or category)."""
        if line.coverage_type == "lot":
            return _("serial %s", line.lot_id.name)
        if line.coverage_type == "product":
            return _("product %s", line.product_id.display_name)
        return _("category %s", line.categ_id.display_name)

    @api.model
    def _entry_for_line(self, lot, line, via, rules, facts, date):
        contract = line.contract_id
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
        entry = self._new_entry(lot, contract, line, via, reason)
        installed = line.coverage_type != "lot" or via._is_installed_at(line.partner_id)
        failed = condition_rules.evaluate(rules, facts, date) if rules else None
        failure = self._get_disqualification(
            lot,
            contract,
            date,
            line=line,
            installed=installed,
            failed_condition=failed["name"] if failed else None,
        )
        return entry.disqualify(failure) if failure else entry

    @api.model
    def _entry_for_contract(self, lot, contract, via, date):
        if contract.contract_type == "points":
            reason = _(
                "Points contract %(contract)s covers the whole installed base of "
                "%(partner)s (%(left)s points left).",
                contract=contract.name,
                partner=contract.commercial_partner_id.display_name,
                left=contract.points_remaining,
            )
        else:
            reason = _(
                "Contract %(contract)s covers the whole installed base of %(partner)s.",
                contract=contract.name,
                partner=contract.commercial_partner_id.display_name,
            )
        entry = self._new_entry(
            lot, contract, self.env["service.contract.coverage"], via, reason
        )
        failure = self._get_disqualification(lot, contract, date)
        return entry.disqualify(failure) if failure else entry
