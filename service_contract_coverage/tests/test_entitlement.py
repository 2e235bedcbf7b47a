import datetime

from odoo import Command
from odoo.tests import tagged

from .common import CoverageCommon


@tagged("post_install", "-at_install")
class TestEntitlement(CoverageCommon):
    # The unit with its primary units, and the candidates with their rules
    # and components: two queries as the superuser.  A technician under the
    # record rules costs one more when a reason names a component (its
    # access check), as does a rule on the maintenance history.
    CHECK_QUERIES = 2
    TECHNICIAN_CHECK_QUERIES = 3

    def test_no_coverage(self):
        answer = self.lot._get_service_coverage()
        self.assertEqual(list(answer.covering), [])
        self.assertEqual(list(answer.not_qualifying), [])
        self.assertIn("No contract covers", self.lot.service_coverage_html)

    def test_precedence_serial_product_category(self):
        by_categ = self._ready_contract()
        self._create_line(
            by_categ,
            coverage_type="category",
            categ_id=self.categ_printers.id,
            service_level="premium",
        )
        by_product = self._ready_contract()
        self._create_line(
            by_product,
            coverage_type="product",
            product_id=self.product_unit.id,
            service_level="premium",
        )
        by_serial = self._ready_contract()
        self._create_line(by_serial, lot_id=self.lot.id, service_level="standard")
        answer = self.lot._get_service_coverage()
        self.assertEqual(
            [entry.contract for entry in answer.covering],
            [by_serial, by_product, by_categ],
        )
        self.assertEqual(
            [e.kind for e in answer.covering], ["lot", "product", "category"]
        )
        self.assertIn("SN-T-0001 is listed on contract", answer.covering[0].reason)
        self.assertIn("every unit of", answer.covering[1].reason)
        self.assertIn("every unit in category", answer.covering[2].reason)
        self.assertTrue(all(entry.qualifies for entry in answer.covering))
        # The unit shows its best line's service level.
        self.assertEqual(self.lot.service_level, "standard")
        self.assertEqual(self.lot.service_coverage_count, 3)

    def test_precedence_level_then_end(self):
        short_premium = self._ready_contract()
        self._create_line(
            short_premium,
            lot_id=self.lot.id,
            service_level="premium",
            date_end="2026-04-30",
        )
        long_standard = self._ready_contract()
        self._create_line(long_standard, lot_id=self.lot.id, service_level="standard")
        long_premium = self._ready_contract()
        self._create_line(long_premium, lot_id=self.lot.id, service_level="premium")
        answer = self.lot._get_service_coverage()
        self.assertEqual(
            [entry.contract for entry in answer.covering],
            [long_premium, short_premium, long_standard],
        )

    def test_dates_and_status(self):
        contract = self._ready_contract()
        self._create_line(
            contract, lot_id=self.lot.id, date_start="2026-02-01", date_end="2026-03-31"
        )
        self.assertFalse(self.lot._get_service_coverage(date="2026-01-15").covered)
        self.assertTrue(self.lot._get_service_coverage(date="2026-03-31").covered)
        self.assertFalse(self.lot._get_service_coverage(date="2026-04-01").covered)
        draft = self._create_contract()
        self._create_line(draft, lot_id=self.lot2.id)
        self.assertFalse(
            self.lot2._get_service_coverage().covered, "a draft contract covers nothing"
        )

    def test_whole_installed_base(self):
        whole = self._ready_contract(whole_installed_base=True)
        answer = self.lot_scanner._get_service_coverage()
        self.assertEqual(len(answer.covering), 1)
        self.assertEqual(answer.covering[0].kind, "whole")
        self.assertFalse(answer.covering[0].coverage)
        self.assertIn("whole installed base", answer.covering[0].reason)
        self.assertEqual(answer.covering[0].contract, whole)
        self.assertFalse(self.lot_other._get_service_coverage().covered)
        # A line beats the whole installed base.
        listed = self._ready_contract()
        self._create_line(listed, lot_id=self.lot_scanner.id)
        self.assertEqual(
            self.lot_scanner._get_service_coverage().covering[0].contract, listed
        )

    def test_points_used_up_no_longer_covers(self):
        points = self._ready_contract(
            template_id=False, contract_type="points", points_total=5
        )
        answer = self.lot._get_service_coverage()
        self.assertEqual(answer.covering[0].contract, points)
        self.assertIn("5.0 points left", answer.covering[0].reason)
        points.points_used = 5
        answer = self.lot._get_service_coverage()
        self.assertFalse(answer.covered)
        self.assertIn("points of contract", answer.not_qualifying[0].reason)
        self.assertIn("used up", answer.not_qualifying[0].reason)

    def test_decommissioned_unit_does_not_qualify(self):
        contract = self._ready_contract()
        self._create_line(contract, lot_id=self.lot.id)
        self.lot.write(
            {"service_state": "decommissioned", "decommission_date": "2026-02-15"}
        )
        answer = self.lot._get_service_coverage()
        self.assertFalse(answer.covered)
        self.assertIn("decommissioned on 2026-02-15", answer.not_qualifying[0].reason)
        self.assertTrue(self.lot._get_service_coverage(date="2026-02-01").covered)

    def test_unit_moved_to_another_customer_does_not_qualify(self):
        contract = self._ready_contract()
        self._create_line(contract, lot_id=self.lot.id)
        self.lot.service_partner_id = self.other_partner
        answer = self.lot._get_service_coverage()
        self.assertFalse(answer.covered)
        self.assertIn("now installed at Fabrikam", answer.not_qualifying[0].reason)

    def test_conditional_rules(self):
        france = self.env.ref("base.fr")
        belgium = self.env.ref("base.be")
        self.partner.country_id = france
        contract = self._ready_contract()
        line = self._create_line(
            contract,
            coverage_type="product",
            product_id=self.product_unit.id,
            rule_ids=[
                Command.create({"rule_type": "country", "country_id": france.id}),
                Command.create({"rule_type": "usage", "usage_type": "commercial"}),
            ],
        )
        self.lot.service_usage_type = "commercial"
        self.lot2.service_usage_type = "residential"
        self.assertTrue(self.lot._get_service_coverage().covered)
        answer = self.lot2._get_service_coverage()
        self.assertFalse(answer.covered)
        self.assertIn(
            'fails the rule "Used as Commercial"', answer.not_qualifying[0].reason
        )
        line.rule_ids[0].country_id = belgium
        answer = self.lot._get_service_coverage()
        self.assertIn("Installed in Belgium", answer.not_qualifying[0].reason)

    def test_conditional_rules_maintenance_history(self):
        contract = self._ready_contract()
        line = self._create_line(
            contract,
            lot_id=self.lot.id,
            rule_ids=[
                Command.create(
                    {"rule_type": "max_repairs", "max_repairs": 1, "months": 6}
                ),
            ],
        )
        self.assertTrue(self.lot._get_service_coverage().covered)
        Repair = self.env["repair.order"]
        vals = {
            "product_id": self.product_unit.id,
            "lot_id": self.lot.id,
            "partner_id": self.partner.id,
            "schedule_date": "2026-02-01 10:00:00",
        }
        repairs = Repair.create([vals, dict(vals, schedule_date="2026-02-10 10:00:00")])
        repairs.write({"state": "done"})
        answer = self.lot._get_service_coverage()
        self.assertFalse(answer.covered)
        self.assertIn(
            "At most 1 repair(s) in the last 6 month(s)",
            answer.not_qualifying[0].reason,
        )
        line.rule_ids.unlink()
        line.rule_ids = [Command.create({"rule_type": "preventive", "days": 30})]
        self.assertFalse(self.lot._get_service_coverage().covered)
        repairs[1].service_preventive = True
        self.assertTrue(self.lot._get_service_coverage().covered)

    def test_secondary_equipment_inherits(self):
        module = self.env["stock.lot"].create(
            {
                "name": "SN-M-0001",
                "product_id": self.product_other.id,
                "service_partner_id": self.partner.id,
                "parent_lot_id": self.lot.id,
            }
        )
        contract = self._ready_contract()
        self._create_line(contract, lot_id=self.lot.id)
        answer = module._get_service_coverage()
        self.assertEqual(answer.covering[0].contract, contract)
        self.assertTrue(answer.covering[0].inherited)
        self.assertEqual(answer.covering[0].covered_through, self.lot)
        self.assertIn("Bundled with primary unit SN-T-0001", answer.covering[0].reason)
        module.invalidate_recordset(["service_contract_ids"])
        self.assertIn(contract, module.service_contract_ids)
        self.assertIn(module, contract._get_covered_lots())

    def test_a_long_chain_is_searched_in_one_term_a_kind(self):
        """Six units bundled one in another at one customer: the search has
        one term for the listed units and one product and one category term
        for the customer, and finds what one term per unit finds."""
        chain = self.lot
        for index in range(5):
            chain = self.env["stock.lot"].create(
                {
                    "name": f"SN-C-{index}",
                    "product_id": (self.product_other, self.product_unit)[index % 2].id,
                    "service_partner_id": self.partner.id,
                    "parent_lot_id": chain.id,
                }
            )
        self._create_line(self._ready_contract(), lot_id=self.lot.id)
        self._create_line(
            self._ready_contract(),
            coverage_type="product",
            product_id=self.product_other.id,
        )
        self._create_line(
            self._ready_contract(),
            coverage_type="category",
            categ_id=self.categ_printers.id,
        )
        self._create_line(
            self._ready_contract(partner_id=self.other_partner.id),
            lot_id=self.lot_other.id,
        )
        Entitlement = self.env["service.contract.entitlement"]
        units, _today = Entitlement._fetch_units(chain)
        self.assertEqual(len(units), 6)
        domain = Entitlement._get_coverage_line_domain(units)
        self.assertEqual(
            sum(1 for term in domain if term == ("coverage_type", "=", "lot")), 1
        )
        self.assertEqual(
            sum(1 for term in domain if term == ("coverage_type", "=", "product")),
            1,
        )
        Coverage = self.env["service.contract.coverage"]
        per_unit = Coverage.browse()
        for unit in units:
            per_unit |= Coverage.search(
                [
                    ("contract_id.state", "in", ("ready", "expired")),
                    "|",
                    "|",
                    "&",
                    ("coverage_type", "=", "lot"),
                    ("lot_id", "=", unit["id"]),
                    "&",
                    "&",
                    ("coverage_type", "=", "product"),
                    ("product_id", "=", unit["product_id"]),
                    ("partner_id", "=", unit["partner_id"]),
                    "&",
                    "&",
                    ("coverage_type", "=", "category"),
                    ("categ_id", "in", unit["categ_ids"]),
                    ("partner_id", "=", unit["partner_id"]),
                ]
            )
        self.assertEqual(len(per_unit), 3)
        self.assertEqual(Coverage.search(domain), per_unit)
        answer = chain._get_service_coverage()
        self.assertEqual(
            sorted(e.kind for e in answer.covering), ["category", "lot", "product"]
        )

    def test_line_search_in_sql_finds_what_the_domain_finds(self):
        """The check's search of the candidate lines, written in SQL, finds
        the lines its domain finds, as the superuser and as a technician of
        one company: every kind of line, the chain's primary unit, other
        customers' lines, draft, expired and archived contracts, and a
        contract of a company the technician does not work for."""
        company_b = self.env["res.company"].create({"name": "Entitlement Site B"})
        self.lot.parent_lot_id = self.lot_scanner
        ready, expired, draft = (
            self._ready_contract(),
            self._ready_contract(),
            self._create_contract(),
        )
        archived = self._ready_contract()
        for contract in (ready, expired, draft, archived):
            self._create_line(contract, lot_id=self.lot.id)
            self._create_line(contract, lot_id=self.lot_scanner.id)
            self._create_line(
                contract, coverage_type="product", product_id=self.product_other.id
            )
            self._create_line(
                contract, coverage_type="category", categ_id=self.categ_printers.id
            )
        other = self._ready_contract(partner_id=self.other_partner.id)
        self._create_line(other, lot_id=self.lot_other.id)
        self._create_line(
            other, coverage_type="product", product_id=self.product_unit.id
        )
        elsewhere = self._ready_contract(company_id=company_b.id, template_id=False)
        self._create_line(
            elsewhere, coverage_type="product", product_id=self.product_unit.id
        )
        whole = self._ready_contract(whole_installed_base=True)
        whole_draft = self._create_contract(whole_installed_base=True)
        whole_archived = self._ready_contract(whole_installed_base=True)
        whole_elsewhere = self._ready_contract(
            company_id=company_b.id, template_id=False, whole_installed_base=True
        )
        whole_other = self._ready_contract(
            partner_id=self.other_partner.id, whole_installed_base=True
        )
        expired.state = "expired"
        archived.active = False
        whole_archived.active = False
        technician = self._create_user(
            "entitlement_twin",
            "service_contract.group_service_contract_user,stock.group_stock_user,"
            "stock.group_production_lot",
        )
        for env in (self.env, self.env(user=technician)):
            Entitlement = env["service.contract.entitlement"]
            units, _today = Entitlement._fetch_units(self.lot.with_env(env))
            self.assertEqual(len(units), 2)
            by_domain = env["service.contract.coverage"].search(
                Entitlement._get_coverage_line_domain(units)
            )
            query = Entitlement._search_coverage_lines(units)
            env.cr.execute(query.select("service_contract_coverage.id"))
            by_sql = {row[0] for row in env.cr.fetchall()}
            self.assertEqual(by_sql, set(by_domain.ids), env.user.login)
            self.assertEqual(
                set(by_domain.contract_id.ids),
                {ready.id, expired.id, archived.id}
                | ({elsewhere.id} if env.su else set()),
            )
            partner_ids = [self.partner.commercial_partner_id.id]
            wholes = env["service.contract"].search(
                Entitlement._get_whole_base_domain(partner_ids)
            )
            query = Entitlement._search_whole_base(partner_ids)
            env.cr.execute(query.select("service_contract.id"))
            self.assertEqual({row[0] for row in env.cr.fetchall()}, set(wholes.ids))
            self.assertEqual(
                wholes, whole | whole_elsewhere if env.su else whole, env.user.login
            )
            self.assertFalse(wholes & (whole_draft | whole_archived | whole_other))

    def test_component_excluded(self):
        contract = self._ready_contract()
        line = self._create_line(
            contract, lot_id=self.lot.id, include_unlisted_components=True
        )
        line.component_ids = [Command.create({"product_id": self.component_drum.id})]
        self.assertFalse(line.component_ids.included)
        self.assertTrue(
            self.lot._get_service_coverage(component=self.component_fuser).covered
        )
        answer = self.lot._get_service_coverage(component=self.component_drum)
        self.assertFalse(answer.covered)
        self.assertIn("component Drum is excluded", answer.not_qualifying[0].reason)
        self.assertFalse(answer.not_qualifying[0].component_covered)

    def test_unit_coverage_smart_button(self):
        contract = self._ready_contract()
        line = self._create_line(contract, lot_id=self.lot.id)
        action = self.lot.action_view_service_coverage()
        self.assertEqual(action["domain"], [("id", "in", line.ids)])
        self.assertIn(contract.name, self.lot.service_coverage_html)

    def test_unit_coverage_tab_shows_both_answers(self):
        covering = self._ready_contract()
        self._create_line(covering, lot_id=self.lot.id, service_level="premium")
        failing = self._ready_contract()
        self._create_line(
            failing,
            lot_id=self.lot.id,
            rule_ids=[
                Command.create({"rule_type": "usage", "usage_type": "commercial"})
            ],
        )
        self.lot.service_usage_type = "residential"
        self.lot.invalidate_recordset(["service_coverage_html"])
        answer = self.lot._get_service_coverage()
        html = self.lot.service_coverage_html
        for entry in answer.entries:
            self.assertIn(entry.contract.name, html)
            self.assertIn(entry.reason, html)
        self.assertIn("Covers", html)
        self.assertIn("Does not qualify", html)
        self.assertIn("Premium", html)
        self.assertIn("Labour 100.0%", html)
        self.assertLess(html.index(covering.name), html.index(failing.name))

    def _make_contracts(self, count):
        contracts = self.env["service.contract"].create(
            [
                {
                    "partner_id": self.partner.id,
                    "template_id": self.maintenance_template.id,
                    "date_start": "2026-01-01",
                    "state": "ready",
                }
                for _i in range(count)
            ]
        )
        lots = self.env["stock.lot"].create(
            [
                {
                    "name": f"SN-Q-{count}-{i}",
                    "product_id": self.product_unit.id,
                    "service_partner_id": self.partner.id,
                }
                for i in range(count)
            ]
        )
        self.env["service.contract.coverage"].create(
            [
                {"contract_id": c.id, "coverage_type": "lot", "lot_id": lot.id}
                for c, lot in zip(contracts, lots, strict=True)
            ]
            + [
                {
                    "contract_id": c.id,
                    "coverage_type": "lot",
                    "lot_id": self.lot.id,
                    "rule_ids": [
                        Command.create(
                            {"rule_type": "usage", "usage_type": "commercial"}
                        )
                    ],
                    "component_ids": [
                        Command.create({"product_id": self.component_drum.id})
                    ],
                }
                for c in contracts
            ]
        )
        return contracts

    def _count_check_queries(self, user=None, expected=None):
        self.env.invalidate_all()
        self.env.flush_all()
        lot = self.lot.with_user(user) if user else self.lot
        if user:
            # The user's record rules and groups, cached after a first check.
            lot._get_service_coverage(
                date=datetime.date(2026, 3, 1), component=self.component_drum
            )
            self.env.invalidate_all()
        with self.assertQueryCount(expected or self.CHECK_QUERIES):
            start = self.cr.sql_log_count
            answer = lot._get_service_coverage(
                date=datetime.date(2026, 3, 1), component=self.component_drum
            )
            count = self.cr.sql_log_count - start
        return answer, count

    def _make_past_lines(self, count):
        """``count`` past lines of the unit: on expired contracts, and lines
        that ended on contracts still running."""
        expired = self.env["service.contract"].create(
            [
                {
                    "partner_id": self.partner.id,
                    "template_id": self.maintenance_template.id,
                    "date_start": "2024-01-01",
                    "date_end": "2024-12-31",
                    "state": "ready",
                }
                for _i in range(count // 2)
            ]
        )
        running = self._ready_contract()
        self.env["service.contract.coverage"].create(
            [
                {"contract_id": c.id, "coverage_type": "lot", "lot_id": self.lot.id}
                for c in expired
            ]
            + [
                {
                    "contract_id": running.id,
                    "coverage_type": "lot",
                    "lot_id": self.lot.id,
                    "date_end": f"2026-01-{1 + i % 28:02d}",
                }
                for i in range(count - count // 2)
            ]
        )
        return expired

    def test_query_count_bounded(self):
        """One unit's check costs the same queries at 10 and at 500 contracts."""
        self.lot.service_usage_type = "commercial"
        self._make_contracts(10)
        answer, count_10 = self._count_check_queries()
        self.assertEqual(len(answer.covering) + len(answer.not_qualifying), 10)
        self._make_contracts(490)
        answer, count_500 = self._count_check_queries()
        self.assertEqual(len(answer.covering) + len(answer.not_qualifying), 500)
        self.assertEqual(count_10, count_500)

    def test_query_count_long_history(self):
        """A unit with a long history (a hundred past lines, on expired
        contracts and ended lines) costs the check, as a repair technician
        under the record rules, the same queries as one without."""
        technician = self._create_user(
            "entitlement_technician",
            "service_contract.group_service_contract_user,stock.group_stock_user,"
            "stock.group_production_lot",
        )
        self.lot.service_usage_type = "commercial"
        self._make_contracts(3)
        answer, fresh = self._count_check_queries(
            technician, self.TECHNICIAN_CHECK_QUERIES
        )
        self.assertEqual(len(answer.entries), 3)
        expired = self._make_past_lines(100)
        self.assertEqual(set(expired.mapped("state")), {"expired"})
        answer, long_history = self._count_check_queries(
            technician, self.TECHNICIAN_CHECK_QUERIES
        )
        self.assertEqual(len(answer.entries), 103)
        self.assertEqual(
            sum("expired on 2024-12-31" in e.reason for e in answer.not_qualifying),
            50,
        )
        self.assertEqual(
            sum("ended on 2026-01-" in e.reason for e in answer.not_qualifying), 50
        )
        self.assertEqual(fresh, long_history)

    def test_query_count_with_history_rules_and_bundles(self):
        """Rules on the maintenance history, a unit bundled with a primary
        unit and a component asked about: still at most 6 queries."""
        technician = self._create_user(
            "entitlement_technician_history",
            "service_contract.group_service_contract_user,stock.group_stock_user,"
            "stock.group_production_lot",
        )
        contract = self._ready_contract()
        self._create_line(
            contract,
            lot_id=self.lot2.id,
            rule_ids=[
                Command.create(
                    {"rule_type": "max_repairs", "max_repairs": 2, "months": 12}
                )
            ],
        )
        self._create_line(
            self._ready_contract(),
            coverage_type="product",
            product_id=self.product_unit.id,
        )
        self.lot.parent_lot_id = self.lot2
        self._make_past_lines(20)
        answer, count = self._count_check_queries(
            technician, self.TECHNICIAN_CHECK_QUERIES
        )
        self.assertEqual(len(answer.entries), 22)
        by_kind = {e.kind: e for e in answer.entries if e.contract != contract}
        bundled = next(e for e in answer.entries if e.contract == contract)
        self.assertTrue(bundled.inherited)
        self.assertEqual(bundled.covered_through, self.lot2)
        self.assertFalse(by_kind["product"].inherited)
        self.assertEqual(by_kind["product"].covered_through, self.lot)
        self.assertLessEqual(count, 6)
