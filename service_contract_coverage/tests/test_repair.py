from odoo import Command
from odoo.tests import Form, tagged

from .common import CoverageCommon


@tagged("post_install", "-at_install")
class TestRepairCoverage(CoverageCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.labour = cls.env["product.product"].create(
            {"name": "Technician hour", "type": "service", "list_price": 80.0}
        )
        cls.travel = cls.env["product.product"].create(
            {
                "name": "Travel",
                "type": "service",
                "list_price": 50.0,
                "expense_policy": "sales_price",
            }
        )
        cls.component_drum.list_price = 100.0
        cls.component_fuser.list_price = 200.0
        cls.warehouse = cls.env["stock.warehouse"].search(
            [("company_id", "=", cls.env.company.id)], limit=1
        )

    def _repair(self, lot=None, parts=()):
        lot = lot or self.lot
        return self.env["repair.order"].create(
            {
                "product_id": lot.product_id.id,
                "lot_id": lot.id,
                "partner_id": self.partner.id,
                "picking_type_id": self.warehouse.repair_type_id.id,
                "move_ids": [
                    Command.create(
                        {
                            "product_id": product.id,
                            "product_uom_qty": 1.0,
                            "repair_line_type": "add",
                            "company_id": self.env.company.id,
                        }
                    )
                    for product in parts
                ],
            }
        )

    def test_choosing_a_serial_looks_coverage_up(self):
        contract = self._ready_contract()
        line = self._create_line(contract, lot_id=self.lot.id, labor_rate=50.0)
        with Form(self.env["repair.order"]) as form:
            form.product_id = self.product_unit
            form.partner_id = self.partner
            form.lot_id = self.lot
            self.assertTrue(form.under_warranty)
        repair = form.record
        self.assertRecordValues(
            repair,
            [
                {
                    "under_warranty": True,
                    "service_contract_id": contract.id,
                    "service_coverage_id": line.id,
                    "service_labor_rate": 50.0,
                    "service_parts_rate": 100.0,
                }
            ],
        )
        self.assertIn("SN-T-0001 is listed", repair.service_coverage_reason)
        uncovered = self._repair(lot=self.lot2)
        self.assertFalse(uncovered.under_warranty)
        self.assertIn(
            "No contract covers unit SN-T-0002", uncovered.service_coverage_reason
        )

    def test_covered_share_applied_to_quotation(self):
        contract = self._ready_contract()
        line = self._create_line(
            contract,
            lot_id=self.lot.id,
            labor_rate=50.0,
            parts_rate=80.0,
            expense_rate=0.0,
            include_unlisted_components=True,
        )
        # The fuser is listed, hence excluded: it stays chargeable.
        line.component_ids = [Command.create({"product_id": self.component_fuser.id})]
        repair = self._repair(parts=(self.component_drum, self.component_fuser))
        repair.action_create_sale_order()
        order = repair.sale_order_id
        order.order_line = [
            Command.create({"product_id": self.labour.id, "product_uom_qty": 2}),
            Command.create({"product_id": self.travel.id, "product_uom_qty": 1}),
        ]
        repair.action_apply_service_coverage()
        by_product = {line.product_id: line for line in order.order_line}
        self.assertRecordValues(
            by_product[self.component_drum]
            | by_product[self.component_fuser]
            | by_product[self.labour]
            | by_product[self.travel],
            [
                {"price_unit": 100.0, "discount": 80.0},
                {"price_unit": 200.0, "discount": 0.0},
                {"price_unit": 80.0, "discount": 50.0},
                {"price_unit": 50.0, "discount": 0.0},
            ],
        )
        # 20 (drum) + 200 (fuser) + 80 (labour) + 50 (travel)
        self.assertAlmostEqual(order.amount_untaxed, 350.0)
        message = order.message_ids[:1].body
        self.assertIn(contract.name, message)
        self.assertIn("80.0%", message)

    def test_not_covered_keeps_prices(self):
        repair = self._repair(lot=self.lot2, parts=(self.component_drum,))
        repair.action_create_sale_order()
        self.assertRecordValues(
            repair.sale_order_id.order_line, [{"price_unit": 100.0, "discount": 0.0}]
        )

    def test_coverage_removed_resets_discounts(self):
        contract = self._ready_contract()
        self._create_line(contract, lot_id=self.lot.id, parts_rate=100.0)
        repair = self._repair(parts=(self.component_drum,))
        repair.action_create_sale_order()
        sale_line = repair.sale_order_id.order_line
        self.assertEqual(sale_line.discount, 100.0)
        repair.under_warranty = False
        self.assertRecordValues(sale_line, [{"price_unit": 100.0, "discount": 0.0}])

    def test_points_consumption_and_ledger(self):
        template = self.env["service.contract.template"].create(
            {
                "name": "Points 10",
                "contract_type": "points",
                "points_total": 10,
                "skill_line_ids": [
                    Command.create(
                        {
                            "skill_group_id": self.skill_onsite.id,
                            "points_per_intervention": 4,
                        }
                    ),
                    Command.create(
                        {
                            "skill_group_id": self.skill_hotline.id,
                            "points_per_intervention": 1,
                        }
                    ),
                ],
            }
        )
        contract = self._ready_contract(template_id=template.id)
        self.assertEqual(
            contract.skill_line_ids.mapped("points_per_intervention"), [4.0, 1.0]
        )
        for group in (self.skill_onsite, self.skill_onsite, self.skill_hotline):
            repair = self._repair()
            self.assertEqual(repair.service_contract_id, contract)
            repair.service_skill_group_id = group
            repair.action_validate()
            repair.action_repair_start()
            repair.action_repair_end()
            self.assertEqual(repair.state, "done")
        self.assertRecordValues(
            contract, [{"points_used": 9.0, "points_remaining": 1.0}]
        )
        consumptions = contract.points_move_ids.filtered(
            lambda move: move.kind == "consumption"
        )
        self.assertEqual(sorted(consumptions.mapped("points")), [-4.0, -4.0, -1.0])
        self.assertEqual(consumptions.repair_id.mapped("state"), ["done"] * 3)
        self.assertRecordValues(
            contract.points_move_ids - consumptions,
            [{"kind": "initial", "counter": "total", "points": 10.0}],
        )
        repair = self._repair()
        repair.service_skill_group_id = self.skill_hotline
        repair.action_validate()
        repair.action_repair_start()
        repair.action_repair_end()
        self.assertEqual(contract.points_remaining, 0.0)
        # Used up: the contract no longer covers.
        answer = self.lot._get_service_coverage()
        self.assertFalse(answer.covered)
        self.assertIn("used up", answer.not_qualifying[0].reason)
        self.assertFalse(self._repair().under_warranty)

    def test_technician_consumes_points_and_sees_prices(self):
        template = self.env["service.contract.template"].create(
            {
                "name": "Points 3",
                "contract_type": "points",
                "points_total": 3,
                "skill_line_ids": [
                    Command.create(
                        {
                            "skill_group_id": self.skill_onsite.id,
                            "points_per_intervention": 3,
                        }
                    )
                ],
            }
        )
        contract = self._ready_contract(template_id=template.id)
        technician = self.env["res.users"].create(
            {
                "name": "Technician",
                "login": "technician_points",
                "groups_id": [
                    Command.set(
                        [
                            self.env.ref("stock.group_stock_user").id,
                            self.env.ref("sales_team.group_sale_salesman").id,
                        ]
                    )
                ],
            }
        )
        repair = self._repair(parts=(self.component_drum,)).with_user(technician)
        self.assertEqual(repair.service_contract_id, contract)
        repair.action_create_sale_order()
        self.assertIn("Parts", repair.service_pricing_html)
        self.assertIn(contract.name, repair.service_pricing_html)
        repair.action_validate()
        repair.action_repair_start()
        repair.action_repair_end()
        self.assertRecordValues(
            contract.points_move_ids.filtered(lambda move: move.kind == "consumption"),
            [
                {
                    "points": -3.0,
                    "counter": "used",
                    "user_id": technician.id,
                    "repair_id": repair.id,
                }
            ],
        )
        self.assertEqual(contract.points_remaining, 0.0)
        self.assertFalse(self.lot._get_service_coverage().covered)

    def test_check_again_after_the_contract_changes(self):
        repair = self._repair(parts=(self.component_drum,))
        repair.action_create_sale_order()
        self.assertFalse(repair.under_warranty)
        self.assertEqual(repair.sale_order_id.order_line.discount, 0.0)
        contract = self._ready_contract()
        self._create_line(contract, lot_id=self.lot.id, parts_rate=60.0)
        repair.action_apply_service_coverage()
        self.assertRecordValues(
            repair, [{"under_warranty": True, "service_contract_id": contract.id}]
        )
        self.assertRecordValues(
            repair.sale_order_id.order_line, [{"price_unit": 100.0, "discount": 60.0}]
        )

    def test_contract_repairs_button(self):
        """The contract's Repairs button counts and opens the repairs on the
        units it covers and those it is the covering contract of."""
        contract = self._ready_contract()
        self._create_line(contract, lot_id=self.lot.id)
        on_unit = self._repair()
        elsewhere = self._repair(lot=self.lot_other)
        other_contract = self._ready_contract()
        self.assertEqual(contract.repair_count, 1)
        self.assertEqual(other_contract.repair_count, 0)
        action = contract.action_view_repairs()
        self.assertEqual(action["res_model"], "repair.order")
        found = self.env["repair.order"].search(action["domain"])
        self.assertEqual(found, on_unit)
        self.assertNotIn(elsewhere, found)
        # A repair whose covering contract it is, even once the unit left.
        elsewhere.service_contract_id = contract
        contract.invalidate_recordset(["repair_count"])
        self.assertEqual(contract.repair_count, 2)
        self.assertEqual(
            self.env["repair.order"].search(contract.action_view_repairs()["domain"]),
            on_unit | elsewhere,
        )
        arch = contract.get_views([(False, "form")])["views"]["form"]["arch"]
        self.assertIn('name="action_view_repairs"', arch)
