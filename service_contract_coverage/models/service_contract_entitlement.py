from odoo import api, fields, models
from odoo.osv import expression
from odoo.tools import SQL

from odoo.addons.service_contract.rules import installed_base

from ..rules import components as component_rules
from ..rules import conditions as condition_rules
from ..rules import entitlement as entitlement_rules
from ..rules import financial

# The columns of a coverage line the answer reads (rows of _fetch_candidates).
LINE_COLUMNS = (
    "id",
    "coverage_type",
    "lot_id",
    "product_id",
    "categ_id",
    "partner_id",
    "date_start",
    "date_end",
    "service_level",
    "labor_rate",
    "parts_rate",
    "expense_rate",
    "authorized_loan",
    "include_unlisted_components",
)

# The fields of a conditional rule the check evaluates, with the key of each
# in the plain dict of ``rules.conditions`` (``_to_rule_dict``'s keys) and
# the value the ORM gives when it is empty.
RULE_FIELDS = (
    ("rule_type", "type", False),
    ("country_id", "country", False),
    ("state_id", "state", False),
    ("address_id", "address", False),
    ("usage_type", "usage", False),
    ("max_repairs", "max_repairs", 0),
    ("months", "months", 0),
    ("days", "days", 0),
)
RULE_COLUMNS = ("id", *(field for field, _key, _empty in RULE_FIELDS))

# The states of the contracts whose lines and whole installed base are
# candidates: running, or ended (the answer says when).
CANDIDATE_STATES = ("ready", "expired")
# The same, as a term on the contracts' table (the SQL searches' twin of the
# domains' state term).
CANDIDATE_STATE_SQL = SQL(
    "%s IN %s", SQL.identifier("service_contract", "state"), CANDIDATE_STATES
)


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
        ``component`` (a product or its id) when given.

        What the answer needs is fetched in a bounded number of set-based
        queries, whatever the number of contracts, lines and past lines:
        the unit and its primary units (:meth:`_fetch_units`), every
        candidate line and whole-installed-base contract with its rules and
        components (:meth:`_fetch_candidates`), the maintenance history when
        a rule needs it, and the display names the reasons quote.  The
        searches apply the user's record rules, as the ORM does.
        """
        lot.ensure_one()
        component_id = (
            component.id if isinstance(component, models.BaseModel) else component
        )
        # What is written but not flushed yet is what the queries must see.
        self.env.flush_all()
        units, today = self._fetch_units(lot, component_id)
        date = fields.Date.to_date(date) or today
        candidates = self._fetch_candidates(units)
        all_rules = [rule for cand in candidates for rule in cand["rules"]]
        facts = self._get_unit_facts(units[0], all_rules, date) if all_rules else {}
        self._prefetch_display_names(candidates)
        entries = []
        for cand in candidates:
            if cand["line"]:
                entry = self._entry_for_line(lot, cand, units, facts, date)
            else:
                entry = self._entry_for_contract(lot, cand, units, date)
            if entry.qualifies and component_id:
                if self._is_component_covered(cand, component_id):
                    entry = entry.qualify(component_covered=True)
                else:
                    entry = entry.disqualify(
                        self.env._(
                            "%(reason)s; but component %(component)s is excluded.",
                            reason=entry.reason,
                            component=self._get_component_name(component_id),
                        ),
                        component_covered=False,
                    )
            entries.append(entry)
        return entitlement_rules.EntitlementAnswer.from_entries(entries)

    # ------------------------------------------------------------------
    # Fetching what the answer needs
    # ------------------------------------------------------------------
    @api.model
    def _fetch_units(self, lot, component_id=None):
        """``lot`` and the primary units it is bundled with, nearest first,
        as plain dicts, and today in the user's time zone: one query, under
        the user's record rules on units.

        The same query reads what the display names of the units' products
        (and of ``component_id``) need, so that the reasons quoting them cost
        no query.  A unit of the chain the user may not read raises as
        reading it through the ORM would."""
        Lot = self.env["stock.lot"]
        query = Lot._search([])
        query.add_join(
            "JOIN", "sc_chain", SQL("sc_chain"), SQL("sc_chain.id = stock_lot.id")
        )
        product = query.left_join(
            "stock_lot", "product_id", "product_product", "id", "sc_product"
        )
        template = query.left_join(
            product, "product_tmpl_id", "product_template", "id", "sc_template"
        )
        categ = query.left_join(
            template, "categ_id", "product_category", "id", "sc_categ"
        )
        owner = query.left_join(
            "stock_lot", "service_partner_id", "res_partner", "id", "sc_owner"
        )
        query.add_join(
            "LEFT JOIN",
            "sc_address",
            "res_partner",
            SQL(
                "sc_address.id = COALESCE(stock_lot.service_address_id, "
                "stock_lot.service_partner_id)"
            ),
        )
        query.order = SQL("sc_chain.depth")
        tz = self.env.context.get("tz")
        user_tz = (
            SQL("%s", tz)
            if tz
            else SQL(
                "(SELECT p.tz FROM res_users u JOIN res_partner p "
                "ON p.id = u.partner_id WHERE u.id = %s)",
                self.env.uid,
            )
        )
        lang = self.env.lang or "en_US"
        self.env.cr.execute(
            SQL(
                """
                WITH RECURSIVE sc_chain (id, depth, path) AS (
                    SELECT id, 0, ARRAY[id] FROM stock_lot WHERE id = %(lot)s
                    UNION ALL
                    SELECT parent.parent_lot_id, sc_chain.depth + 1,
                           sc_chain.path || parent.parent_lot_id
                      FROM sc_chain JOIN stock_lot parent ON parent.id = sc_chain.id
                     WHERE parent.parent_lot_id IS NOT NULL
                       AND parent.parent_lot_id != ALL(sc_chain.path)
                )
                %(select)s
                """,
                lot=lot.id,
                select=query.select(
                    SQL(
                        "stock_lot.id, stock_lot.name, stock_lot.product_id, "
                        "%(categ)s.parent_path, "
                        "stock_lot.service_commercial_partner_id, "
                        "stock_lot.service_delivery_date, stock_lot.decommission_date, "
                        "stock_lot.service_address_id, stock_lot.service_usage_type, "
                        "%(owner)s.complete_name, sc_address.country_id, "
                        "sc_address.state_id, "
                        "(SELECT array_agg(id ORDER BY depth) FROM sc_chain), "
                        "%(tz)s, %(product)s, %(component)s",
                        categ=SQL.identifier(categ),
                        owner=SQL.identifier(owner),
                        tz=user_tz,
                        product=self._product_facts_sql(
                            SQL.identifier(product, "id"), lang
                        ),
                        component=self._product_facts_sql(
                            SQL("%s", component_id or None), lang
                        ),
                    )
                ),
            )
        )
        rows = self.env.cr.fetchall()
        chain_ids = rows[0][12] if rows else [lot.id]
        if [row[0] for row in rows] != chain_ids:
            # Not readable (or gone): raise as the ORM does.
            chain = lot._get_service_primary_chain()
            chain.check_access("read")
            chain_ids = chain.ids
        units = [
            {
                "id": row[0],
                "name": row[1],
                "product_id": row[2] or False,
                "categ_ids": [int(c) for c in (row[3] or "").split("/") if c],
                "partner_id": row[4] or False,
                "delivery_date": row[5] or None,
                "decommission_date": row[6] or None,
                "address_id": row[7] or False,
                "usage": row[8] or False,
                "owner_name": row[9] or False,
                "country_id": row[10] or False,
                "state_id": row[11] or False,
                "record": Lot.browse(row[0]),
            }
            for row in rows
        ]
        self._cache_values(
            Lot.browse([u["id"] for u in units]),
            {
                "name": [u["name"] for u in units],
                "product_id": [u["product_id"] for u in units],
            },
        )
        self._cache_products(
            [row[14] for row in rows if row[14]] + [rows[0][15] if rows else None]
        )
        tz_name = tz or (rows[0][13] if rows else None)
        today = fields.Date.context_today(lot.with_context(tz=tz_name or "UTC"))
        return units, today

    @api.model
    def _get_component_name(self, component_id):
        """The display name of the component asked about, as the user reads
        it (one the user may not read raises, as reading it does); from the
        cache :meth:`_fetch_units` filled."""
        component = self.env["product.product"].browse(component_id)
        component.check_access("read")
        return component.sudo().display_name

    @api.model
    def _product_facts_sql(self, product_id, lang):
        """SQL of what a product's display name is computed from (its
        template, reference, template name in ``lang`` and variant values),
        as a JSON array, for the product of id ``product_id`` (SQL)."""
        return SQL(
            "(SELECT json_build_array(pp.id, pp.product_tmpl_id, pp.default_code, "
            "COALESCE(pt.name->>%(lang)s, pt.name->>'en_US'), "
            "ARRAY(SELECT product_template_attribute_value_id "
            "FROM product_variant_combination WHERE product_product_id = pp.id), "
            "pt.company_id) "
            "FROM product_product pp JOIN product_template pt "
            "ON pt.id = pp.product_tmpl_id WHERE pp.id = %(product)s)",
            lang=lang,
            product=product_id,
        )

    @api.model
    def _cache_products(self, facts):
        """Put the product facts of :meth:`_product_facts_sql` into the ORM
        cache, so that the products' display names cost no query (products
        with variant values read those as usual)."""
        facts = list({fact[0]: fact for fact in facts if fact}.values())
        if not facts:
            return
        products = self.env["product.product"].browse([f[0] for f in facts])
        self._cache_values(
            products,
            {
                "product_tmpl_id": [f[1] for f in facts],
                "default_code": [f[2] or False for f in facts],
            },
        )
        self._cache_values(
            self.env["product.template"].browse([f[1] for f in facts]),
            {"name": [f[3] for f in facts], "company_id": [f[5] for f in facts]},
        )
        plain = products.browse([f[0] for f in facts if not f[4]])
        self._cache_values(
            plain, {"product_template_attribute_value_ids": [() for _p in plain]}
        )

    @api.model
    def _fetch_candidates(self, units):
        """Every coverage line and whole-installed-base contract that could
        cover a unit of ``units``, qualifying or not, as plain dicts with
        their contract, conditional rules and components: one query, under
        the user's record rules on each model."""
        Contract = self.env["service.contract"]
        lines = self._search_coverage_lines(units)
        contract = lines.left_join(
            "service_contract_coverage",
            "contract_id",
            "service_contract",
            "id",
            "sc_contract",
        )
        partner = lines.left_join(
            "service_contract_coverage", "partner_id", "res_partner", "id", "sc_partner"
        )
        categ = lines.left_join(
            "service_contract_coverage",
            "categ_id",
            "product_category",
            "id",
            "sc_categ",
        )
        rules = self.env["service.contract.coverage.rule"]._search([])
        rules.add_where(
            SQL(
                "service_contract_coverage_rule.coverage_id = "
                "service_contract_coverage.id"
            )
        )
        components = self.env["service.contract.coverage.component"]._search([])
        components.add_where(
            SQL(
                "service_contract_coverage_component.coverage_id = "
                "service_contract_coverage.id"
            )
        )
        contract_columns = (
            "%(c)s.id, %(c)s.name, %(c)s.date_start, %(c)s.date_expiry, "
            "%(c)s.contract_type, %(c)s.points_total, %(c)s.points_used, "
            "%(c)s.points_remaining, %(c)s.commercial_partner_id, "
            "%(c)s.coverage_service_level, %(c)s.coverage_labor_rate, "
            "%(c)s.coverage_parts_rate, %(c)s.coverage_expense_rate, "
            "%(p)s.complete_name"
        )
        line_select = lines.select(
            SQL(
                "%(line_columns)s, "
                "%(categ)s.complete_name, (%(rules)s), (%(components)s), "
                + contract_columns,
                line_columns=SQL(", ").join(
                    SQL.identifier("service_contract_coverage", name)
                    for name in LINE_COLUMNS
                ),
                c=SQL.identifier(contract),
                p=SQL.identifier(partner),
                categ=SQL.identifier(categ),
                rules=rules.select(
                    SQL(
                        "json_agg(json_build_array(%s) ORDER BY %s, %s)",
                        SQL(", ").join(
                            SQL.identifier("service_contract_coverage_rule", name)
                            for name in RULE_COLUMNS
                        ),
                        SQL.identifier("service_contract_coverage_rule", "sequence"),
                        SQL.identifier("service_contract_coverage_rule", "id"),
                    )
                ),
                components=components.select(
                    SQL(
                        "json_agg(json_build_array(%s, %s) ORDER BY %s)",
                        SQL.identifier(
                            "service_contract_coverage_component", "product_id"
                        ),
                        SQL.identifier(
                            "service_contract_coverage_component", "included"
                        ),
                        SQL.identifier("service_contract_coverage_component", "id"),
                    )
                ),
            )
        )
        partner_ids = sorted({u["partner_id"] for u in units if u["partner_id"]})
        selects = [line_select]
        if partner_ids:
            wholes = self._search_whole_base(partner_ids)
            whole_partner = wholes.left_join(
                "service_contract",
                "commercial_partner_id",
                "res_partner",
                "id",
                "sc_partner",
            )
            selects.append(
                wholes.select(
                    SQL(
                        "NULL::int, NULL, NULL::int, NULL::int, NULL::int, NULL::int, "
                        "NULL::date, NULL::date, NULL, NULL::numeric, NULL::numeric, "
                        "NULL::numeric, NULL::bool, NULL::bool, NULL, NULL::json, "
                        "NULL::json, " + contract_columns,
                        c=SQL.identifier("service_contract"),
                        p=SQL.identifier(whole_partner),
                    )
                )
            )
        self.env.cr.execute(
            SQL(" UNION ALL ").join(SQL("(%s)", select) for select in selects)
        )
        rows = self.env.cr.fetchall()
        contracts = Contract.browse([row[17] for row in rows])
        self._cache_values(contracts, {"name": [row[18] for row in rows]})
        candidates = [self._candidate(row) for row in rows]
        rules = [rule for cand in candidates for rule in cand["rules"]]
        if rules:
            self._cache_values(
                self.env["service.contract.coverage.rule"].browse(
                    [rule["id"] for rule in rules]
                ),
                {
                    field: [rule[key] for rule in rules]
                    for field, key, _empty in RULE_FIELDS
                },
            )
        return candidates

    @api.model
    def _candidate(self, row):
        """A row of :meth:`_fetch_candidates` as a dict of plain values."""
        Coverage = self.env["service.contract.coverage"]
        line_fields = Coverage._fields
        contract_fields = self.env["service.contract"]._fields
        return {
            "line": Coverage.browse(row[0] or ()),
            "coverage_type": row[1],
            "lot_id": row[2] or False,
            "product_id": row[3] or False,
            "categ_id": row[4] or False,
            "partner_id": row[5] or row[25] or False,
            "date_start": row[6] or None,
            "date_end": row[7] or None,
            "level": row[8] if row[0] else row[26],
            "rates": tuple(
                self._to_float(line_fields[name], value)
                for name, value in zip(
                    ("labor_rate", "parts_rate", "expense_rate"), row[9:12], strict=True
                )
            )
            if row[0]
            else tuple(
                self._to_float(contract_fields[name], value)
                for name, value in zip(
                    (
                        "coverage_labor_rate",
                        "coverage_parts_rate",
                        "coverage_expense_rate",
                    ),
                    row[27:30],
                    strict=True,
                )
            ),
            "authorized_loan": bool(row[12]),
            "include_unlisted": bool(row[13]),
            "categ_name": row[14] or False,
            "rules": [
                {
                    "id": rule[0],
                    **{
                        key: value or empty
                        for (_field, key, empty), value in zip(
                            RULE_FIELDS, rule[1:], strict=True
                        )
                    },
                }
                for rule in row[15] or ()
            ],
            "components": {product: included for product, included in row[16] or ()},
            "contract": self.env["service.contract"].browse(row[17]),
            "contract_name": row[18],
            "contract_start": row[19] or None,
            "contract_end": row[20] or None,
            "contract_type": row[21],
            "points_total": self._to_float(contract_fields["points_total"], row[22]),
            "points_used": self._to_float(contract_fields["points_used"], row[23]),
            "points_remaining": self._to_float(
                contract_fields["points_remaining"], row[24]
            ),
            "partner_name": row[30] or False,
        }

    @api.model
    def _to_float(self, field, value):
        """``value`` of a float column as the ORM gives it."""
        return field.convert_to_record(field.convert_to_cache(value or 0.0, self), self)

    @api.model
    def _cache_values(self, records, values):
        """Put what a query read (under the user's record rules) into the
        ORM cache of ``records``, so that reading it costs no query."""
        for name, column in values.items():
            field = records._fields[name]
            if field.type in ("one2many", "many2many"):
                # tuples of ids already (converting would read the field)
                self.env.cache.update(records, field, column)
                continue
            self.env.cache.update(
                records,
                field,
                [
                    field.convert_to_cache(value, record)
                    for value, record in zip(column, records, strict=True)
                ],
            )

    @api.model
    def _prefetch_display_names(self, candidates):
        """Compute, in one go and from the cache :meth:`_fetch_units` filled,
        the display names of the products the product lines' reasons quote.
        They are the products of units the user reads, on lines the user
        reads (whose product is of the line's company): read as superuser,
        without a second access check."""
        product_ids = {
            cand["product_id"]
            for cand in candidates
            if cand["coverage_type"] == "product" and cand["product_id"]
        }
        if product_ids:
            self.env["product.product"].sudo().browse(sorted(product_ids)).mapped(
                "display_name"
            )

    # ------------------------------------------------------------------
    # Searches
    # ------------------------------------------------------------------
    @api.model
    def _get_coverage_line_domain(self, units):
        """Coverage lines that may cover one of ``units`` (dicts of
        :meth:`_fetch_units`): lines listing one of the units, and lines of
        a unit's product or category at the unit's customer, of contracts
        that run or ran (``rules.entitlement.line_targets``: one term for
        the listed units, one product and one category term per customer).

        Its twin is :meth:`_search_coverage_lines`, the same search in SQL,
        which the check runs."""
        targets = []
        for kind, ids, partner_id in entitlement_rules.line_targets(units):
            term = [
                ("coverage_type", "=", kind),
                (entitlement_rules.TARGET_COLUMNS[kind], "in", ids),
            ]
            if partner_id is not None:
                term.append(("partner_id", "=", partner_id))
            targets.append(term)
        # Lines out of their dates (or of their contract's) are kept: they
        # could have covered the unit, and the answer says when they ended
        # or start (rules.entitlement.why_not).
        return expression.AND(
            [
                expression.OR(targets),
                [("contract_id.state", "in", CANDIDATE_STATES)],
            ]
        )

    @api.model
    def _search_coverage_lines(self, units):
        """The query of the lines :meth:`_get_coverage_line_domain` finds,
        under the same record rules (of the lines, and of their contracts,
        archived ones included, as the ORM searches a many2one's comodel),
        with its terms written in SQL: parsing the domain cost more than
        PostgreSQL planning the query."""
        lines = self.env["service.contract.coverage"]._search([])
        contracts = (
            self.env["service.contract"].with_context(active_test=False)._search([])
        )
        contracts.add_where(CANDIDATE_STATE_SQL)

        def column(name):
            return SQL.identifier("service_contract_coverage", name)

        targets = []
        for kind, ids, partner_id in entitlement_rules.line_targets(units):
            term = SQL(
                "%s = %s AND %s IN %s",
                column("coverage_type"),
                kind,
                column(entitlement_rules.TARGET_COLUMNS[kind]),
                tuple(ids),
            )
            if partner_id is not None:
                term = SQL("%s AND %s = %s", term, column("partner_id"), partner_id)
            targets.append(SQL("(%s)", term))
        lines.add_where(SQL("(%s)", SQL(" OR ").join(targets)))
        lines.add_where(SQL("%s IN (%s)", column("contract_id"), contracts.subselect()))
        return lines

    @api.model
    def _get_whole_base_domain(self, partner_ids):
        """Contracts covering the whole installed base of the commercial
        partners ``partner_ids``."""
        return [
            ("commercial_partner_id", "in", list(partner_ids)),
            "|",
            ("whole_installed_base", "=", True),
            ("contract_type", "=", "points"),
            ("state", "in", CANDIDATE_STATES),
        ]

    @api.model
    def _search_whole_base(self, partner_ids):
        """The query of the contracts :meth:`_get_whole_base_domain` finds,
        under the user's record rules, with its terms written in SQL, as
        :meth:`_search_coverage_lines` (each term of a domain on a contract
        asks whether the user is internal, see mail.thread)."""
        contracts = self.env["service.contract"]._search([])

        def column(name):
            return SQL.identifier("service_contract", name)

        contracts.add_where(
            SQL(
                "%s IN %s AND (%s OR %s = %s) AND %s",
                column("commercial_partner_id"),
                tuple(partner_ids),
                column("whole_installed_base"),
                column("contract_type"),
                "points",
                CANDIDATE_STATE_SQL,
            )
        )
        return contracts

    @api.model
    def _is_unit_installed_at(self, unit, partner_id, day=None):
        """Whether ``unit`` (a dict of :meth:`_fetch_units`) is installed at
        the commercial partner ``partner_id`` (on ``day``)."""
        return installed_base.installed_at(
            unit["partner_id"], unit["delivery_date"], partner_id, day
        )

    @api.model
    def _get_covering_unit(self, line, chain):
        """The unit of ``chain`` through which ``line`` covers it (or none)."""
        units = [
            {
                "id": unit.id,
                "product_id": unit.product_id.id,
                "categ_ids": unit._get_service_categ_ids(),
                "record": unit,
            }
            for unit in chain
        ]
        found = entitlement_rules.covering_unit(
            {
                "coverage_type": line.coverage_type,
                "lot_id": line.lot_id.id,
                "product_id": line.product_id.id,
                "categ_id": line.categ_id.id,
                "partner_id": line.partner_id.id,
            },
            units,
            lambda unit, partner_id: unit["record"]._is_installed_at(line.partner_id),
        )
        return found["record"] if found else chain.browse()

    # ------------------------------------------------------------------
    # Facts and reasons
    # ------------------------------------------------------------------
    @api.model
    def _get_unit_facts(self, unit, rules, date):
        """The facts ``rules.conditions`` evaluates for ``unit`` (a dict of
        :meth:`_fetch_units`): its address and usage, and, when ``rules``
        need it, its completed repairs since the earliest day they look at
        (one query, bounded by that day, under the user's record rules)."""
        facts = {
            "country": unit["country_id"],
            "state": unit["state_id"],
            "address": unit["address_id"],
            "usage": unit["usage"],
            "repair_dates": [],
            "preventive_dates": [],
        }
        if condition_rules.needs_history(rules):
            horizon = condition_rules.history_horizon(rules, date)
            repairs = self.env["repair.order"]._search(
                [
                    ("lot_id", "=", unit["id"]),
                    ("state", "=", "done"),
                    ("schedule_date", ">=", fields.Datetime.to_datetime(horizon)),
                ]
            )
            self.env.cr.execute(
                repairs.select(
                    SQL("repair_order.schedule_date, repair_order.service_preventive")
                )
            )
            for schedule_date, preventive in self.env.cr.fetchall():
                day = schedule_date.date()
                facts["repair_dates"].append(day)
                if preventive:
                    facts["preventive_dates"].append(day)
        return facts

    @api.model
    def _is_component_covered(self, cand, component_id):
        if not cand["line"]:
            return True
        return component_rules.is_component_covered(
            cand["include_unlisted"], cand["components"], component_id
        )

    @api.model
    def _new_entry(self, lot, cand, via, reason):
        """The entry of candidate ``cand`` (a line or a whole-installed-base
        contract of :meth:`_fetch_candidates`) for ``lot``, through ``via``."""
        line = cand["line"]
        inherited = via != lot
        if inherited:
            reason = self.env._(
                "Bundled with primary unit %(primary)s: %(reason)s",
                primary=via.name,
                reason=reason,
            )
        return entitlement_rules.CoveringEntry(
            contract=cand["contract"],
            coverage=line,
            lot=lot,
            kind=cand["coverage_type"] if line else "whole",
            covered_through=via,
            ident=line.id or cand["contract"].id,
            reason=reason,
            inherited=inherited,
            level=cand["level"] or "standard",
            date_end=cand["date_end"] or cand["contract_end"] or None,
            labor_rate=cand["rates"][0],
            parts_rate=cand["rates"][1],
            expense_rate=cand["rates"][2],
            authorized_loan=cand["authorized_loan"],
        )

    @api.model
    def _get_disqualification(  # noqa: PLR0913
        self, lot, unit, cand, date, installed=True, failed_condition=None, listed=None
    ):
        """The reason ``lot`` (``unit``: its dict of :meth:`_fetch_units`)
        does not qualify for candidate ``cand`` (a line or a contract of
        :meth:`_fetch_candidates`) on ``date``, or ``None``: the first failure
        of ``rules.entitlement.why_not``, in words and with its date."""
        failure = entitlement_rules.why_not(
            date,
            contract_start=cand["contract_start"],
            contract_end=cand["contract_end"],
            line_start=cand["date_start"],
            line_end=cand["date_end"],
            in_service=installed_base.in_service_on(unit["decommission_date"], date),
            decommission_date=unit["decommission_date"],
            points_used_up=cand["contract_type"] == "points"
            and financial.points_used_up(cand["points_total"], cand["points_used"]),
            installed=installed,
            failed_condition=failed_condition,
        )
        if failure is None:
            return None
        return self._get_failure_message(lot, listed or unit, cand, failure)

    @api.model
    def _get_failure_message(self, lot, unit, cand, failure):
        """``failure`` (a ``rules.entitlement.Failure``) as the user reads it."""
        code = failure.code
        contract = cand["contract_name"]
        if code == entitlement_rules.NOT_STARTED:
            return self.env._(
                "Contract %(contract)s starts on %(date)s.",
                contract=contract,
                date=failure.date,
            )
        if code == entitlement_rules.EXPIRED:
            return self.env._(
                "Contract %(contract)s expired on %(date)s.",
                contract=contract,
                date=failure.date,
            )
        if code == entitlement_rules.LINE_NOT_STARTED:
            return self.env._(
                "The coverage of %(what)s on contract %(contract)s starts on %(date)s.",
                what=self._get_line_subject(cand),
                contract=contract,
                date=failure.date,
            )
        if code == entitlement_rules.LINE_ENDED:
            return self.env._(
                "The coverage of %(what)s on contract %(contract)s ended on %(date)s.",
                what=self._get_line_subject(cand),
                contract=contract,
                date=failure.date,
            )
        if code == entitlement_rules.DECOMMISSIONED:
            return self.env._(
                "Unit %(lot)s was decommissioned on %(date)s.",
                lot=lot.name,
                date=failure.date,
            )
        if code == entitlement_rules.POINTS_USED_UP:
            return self.env._(
                "The points of contract %(contract)s are used up "
                "(%(used)s of %(total)s).",
                contract=contract,
                used=cand["points_used"],
                total=cand["points_total"],
            )
        if code == entitlement_rules.NOT_INSTALLED:
            return self.env._(
                "Serial %(lot)s is now installed at %(owner)s, not at %(partner)s, the "
                "customer of contract %(contract)s.",
                lot=unit["name"],
                owner=unit["owner_name"] or self.env._("no customer"),
                partner=cand["partner_name"],
                contract=contract,
            )
        return self.env._(
            'Unit %(lot)s fails the rule "%(rule)s" of contract %(contract)s.',
            lot=lot.name,
            rule=failure.condition,
            contract=contract,
        )

    @api.model
    def _get_line_subject(self, cand):
        """What a coverage line covers, in words (serial, product or category)."""
        if cand["coverage_type"] == "lot":
            return self.env._(
                "serial %s", self.env["stock.lot"].browse(cand["lot_id"]).name
            )
        if cand["coverage_type"] == "product":
            return self.env._(
                "product %s",
                self.env["product.product"].browse(cand["product_id"]).display_name,
            )
        return self.env._("category %s", cand["categ_name"])

    @api.model
    def _entry_for_line(self, lot, cand, units, facts, date):
        """The entry of the coverage line ``cand`` for ``lot`` (``units``: it
        and its primary units, nearest first)."""
        found = entitlement_rules.covering_unit(cand, units, self._is_unit_installed_at)
        via = found["record"] if found else lot
        contract = cand["contract_name"]
        if cand["coverage_type"] == "lot":
            reason = self.env._(
                "Serial %(lot)s is listed on contract %(contract)s.",
                lot=via.name,
                contract=contract,
            )
        elif cand["coverage_type"] == "product":
            reason = self.env._(
                "Contract %(contract)s covers every unit of %(product)s at "
                "%(partner)s.",
                contract=contract,
                product=self.env["product.product"]
                .browse(cand["product_id"])
                .display_name,
                partner=cand["partner_name"],
            )
        else:
            reason = self.env._(
                "Contract %(contract)s covers every unit in category %(categ)s at "
                "%(partner)s.",
                contract=contract,
                categ=cand["categ_name"],
                partner=cand["partner_name"],
            )
        entry = self._new_entry(lot, cand, via, reason)
        # A serial line is checked against where its serial is installed.
        installed = cand["coverage_type"] != "lot" or self._is_unit_installed_at(
            found or units[0], cand["partner_id"]
        )
        failed = (
            condition_rules.evaluate(cand["rules"], facts, date)
            if cand["rules"]
            else None
        )
        failure = self._get_disqualification(
            lot,
            units[0],
            cand,
            date,
            installed=installed,
            failed_condition=self._get_rule_name(failed) if failed else None,
            listed=found if cand["coverage_type"] == "lot" else None,
        )
        return entry.disqualify(failure) if failure else entry

    @api.model
    def _get_rule_name(self, rule):
        """The name of conditional ``rule`` (a dict of :meth:`_candidate`)."""
        return self.env["service.contract.coverage.rule"].browse(rule["id"]).name

    @api.model
    def _entry_for_contract(self, lot, cand, units, date):
        """The entry of the whole-installed-base contract ``cand`` for ``lot``."""
        found = next(
            (u for u in units if self._is_unit_installed_at(u, cand["partner_id"])),
            None,
        )
        via = found["record"] if found else lot
        if cand["contract_type"] == "points":
            reason = self.env._(
                "Points contract %(contract)s covers the whole installed base of "
                "%(partner)s (%(left)s points left).",
                contract=cand["contract_name"],
                partner=cand["partner_name"],
                left=cand["points_remaining"],
            )
        else:
            reason = self.env._(
                "Contract %(contract)s covers the whole installed base of %(partner)s.",
                contract=cand["contract_name"],
                partner=cand["partner_name"],
            )
        entry = self._new_entry(lot, cand, via, reason)
        failure = self._get_disqualification(lot, units[0], cand, date)
        return entry.disqualify(failure) if failure else entry
