from lxml import etree

from odoo import Command
from odoo.exceptions import ValidationError
from odoo.tests import Form, tagged

from .common import CoverageCommon


@tagged("post_install", "-at_install")
class TestCoverageLines(CoverageCommon):
    def test_line_defaults_from_template(self):
        self.maintenance_template.write(
            {
                "coverage_labor_rate": 50.0,
                "coverage_parts_rate": 80.0,
                "coverage_expense_rate": 0.0,
                "coverage_service_level": "premium",
                "coverage_components_policy": "exclude",
            }
        )
        contract = self._create_contract()
        line = self._create_line(contract, lot_id=self.lot.id)
        self.assertRecordValues(
            line,
            [
                {
                    "product_id": self.product_unit.id,
                    "labor_rate": 50.0,
                    "parts_rate": 80.0,
                    "expense_rate": 0.0,
                    "service_level": "premium",
                    "include_unlisted_components": False,
                    "date_start": contract.date_start,
                    "date_end": contract.date_end,
                    "partner_id": self.partner.id,
                }
            ],
        )
        self.assertIn("SN-T-0001", line.description)

    def test_component_policy_falls_back_on_company_setting(self):
        self.env.company.service_coverage_include_unlisted = False
        contract = self._create_contract()
        line = self._create_line(contract, lot_id=self.lot.id)
        self.assertFalse(line.include_unlisted_components)
        self.env.company.service_coverage_include_unlisted = True
        line2 = self._create_line(contract, lot_id=self.lot2.id)
        self.assertTrue(line2.include_unlisted_components)

    def test_component_default_is_set_in_the_app_settings(self):
        arch = self.env["res.config.settings"].get_views([(False, "form")])["views"][
            "form"
        ]["arch"]
        path = (
            "//app[@name='service_contract']/block[@name='service_contract_coverage_block']"
            "//field[@name='service_coverage_include_unlisted']"
        )
        self.assertEqual(len(etree.fromstring(arch).xpath(path)), 1)
        self.env.company.service_coverage_include_unlisted = True
        with Form(self.env["res.config.settings"]) as settings:
            self.assertTrue(settings.service_coverage_include_unlisted)
            settings.service_coverage_include_unlisted = False
        settings.record.execute()
        self.assertFalse(self.env.company.service_coverage_include_unlisted)
        contract = self._create_contract()
        line = self._create_line(contract, lot_id=self.lot.id)
        self.assertFalse(line.include_unlisted_components)

    def test_component_default_follows_rule_4(self):
        contract = self._create_contract()
        include = self._create_line(
            contract, lot_id=self.lot.id, include_unlisted_components=True
        )
        exclude = self._create_line(
            contract, lot_id=self.lot2.id, include_unlisted_components=False
        )
        include.component_ids = [Command.create({"product_id": self.component_drum.id})]
        exclude.component_ids = [Command.create({"product_id": self.component_drum.id})]
        self.assertFalse(include.component_ids.included)
        self.assertTrue(exclude.component_ids.included)

    def test_components_from_after_sales_bom(self):
        self.env["service.product.component"].create(
            [
                {
                    "product_tmpl_id": self.product_unit.product_tmpl_id.id,
                    "component_id": self.component_drum.id,
                },
                {
                    "product_tmpl_id": self.product_unit.product_tmpl_id.id,
                    "component_id": self.component_fuser.id,
                },
            ]
        )
        contract = self._create_contract()
        line = self._create_line(contract, lot_id=self.lot.id)
        line.action_load_components()
        self.assertEqual(
            line.component_ids.product_id, self.component_drum | self.component_fuser
        )
        line.action_load_components()  # idempotent
        self.assertEqual(len(line.component_ids), 2)

    def test_refuse_serial_of_another_customer(self):
        contract = self._create_contract()
        with self.assertRaisesRegex(ValidationError, "SN-T-0099"):
            self._create_line(contract, lot_id=self.lot_other.id)

    def test_refuse_serial_decommissioned_before_start(self):
        self.lot2.write(
            {"service_state": "decommissioned", "decommission_date": "2025-12-01"}
        )
        contract = self._create_contract()
        with self.assertRaisesRegex(
            ValidationError, r"SN-T-0002 was decommissioned on 2025-12-01"
        ):
            self._create_line(contract, lot_id=self.lot2.id)

    def test_whole_installed_base_and_points_take_no_lines(self):
        whole = self._create_contract(whole_installed_base=True)
        with self.assertRaisesRegex(ValidationError, "whole installed base"):
            self._create_line(whole, lot_id=self.lot.id)
        points = self._create_contract(
            template_id=False, contract_type="points", points_total=10
        )
        with self.assertRaisesRegex(ValidationError, "takes no coverage lines"):
            self._create_line(
                points, coverage_type="product", product_id=self.product_unit.id
            )
        listed = self._create_contract()
        self._create_line(listed, lot_id=self.lot.id)
        with self.assertRaisesRegex(ValidationError, "remove its coverage lines"):
            listed.whole_installed_base = True

    def test_line_dates_within_contract(self):
        contract = self._create_contract()
        with self.assertRaisesRegex(ValidationError, "before its contract"):
            self._create_line(contract, lot_id=self.lot.id, date_start="2025-06-01")
        with self.assertRaisesRegex(ValidationError, "after its contract"):
            self._create_line(contract, lot_id=self.lot.id, date_end="2030-01-01")

    def test_target_required(self):
        contract = self._create_contract()
        with self.assertRaisesRegex(ValidationError, "choose the product"):
            self._create_line(contract, coverage_type="product")

    def test_lot_ids_follow_serial_lines_and_back(self):
        contract = self._create_contract()
        line = self._create_line(contract, lot_id=self.lot.id)
        self.assertEqual(contract.lot_ids, self.lot)
        line.lot_id = self.lot2
        self.assertEqual(contract.lot_ids, self.lot2)
        # Writing the base's Equipment list adds / removes serial lines.
        contract.lot_ids = [Command.link(self.lot.id)]
        self.assertEqual(
            contract.coverage_ids.filtered(lambda ln: ln.coverage_type == "lot").lot_id,
            self.lot | self.lot2,
        )
        contract.lot_ids = [Command.unlink(self.lot2.id)]
        self.assertEqual(contract.coverage_ids.lot_id, self.lot)
        line.exists() and line.unlink()
        contract.coverage_ids.unlink()
        self.assertFalse(contract.lot_ids)

    def test_equipment_follows_serial_lines_in_the_form(self):
        contract = self._create_contract()
        with Form(contract) as form:
            with form.coverage_ids.new() as line:
                line.coverage_type = "lot"
                line.lot_id = self.lot
            self.assertEqual(form.lot_ids[:], self.lot)
        self.assertEqual(contract.lot_ids, self.lot)
        self.assertEqual(len(contract.coverage_ids), 1)

    def test_contract_created_with_lot_ids_gets_lines(self):
        contract = self._create_contract(
            lot_ids=[Command.set([self.lot.id, self.lot2.id])]
        )
        self.assertEqual(contract.coverage_ids.lot_id, self.lot | self.lot2)
        self.assertEqual(set(contract.coverage_ids.mapped("coverage_type")), {"lot"})

    def test_warranty_contract_from_serial_creates_lot_line(self):
        self.lot.service_delivery_date = "2026-02-01"
        action = self.lot.action_create_warranty_contract()
        contract = self.env["service.contract"].browse(action["res_id"])
        self.assertRecordValues(
            contract.coverage_ids,
            [
                {
                    "coverage_type": "lot",
                    "lot_id": self.lot.id,
                    "date_start": contract.date_start,
                }
            ],
        )
        self.assertEqual(contract.lot_ids, self.lot)
        self.assertIn(contract, self.lot.service_contract_ids)

    def test_coverage_tab_in_contract_form(self):
        with Form(self.env["service.contract"]) as form:
            form.partner_id = self.partner
            form.template_id = self.maintenance_template
            with form.coverage_ids.new() as line:
                line.coverage_type = "product"
                line.product_id = self.product_unit
                line.labor_rate = 40
        contract = form.record
        self.assertRecordValues(
            contract.coverage_ids,
            [
                {
                    "coverage_type": "product",
                    "product_id": self.product_unit.id,
                    "labor_rate": 40,
                }
            ],
        )
        self.assertEqual(contract._get_covered_lots(), self.lot | self.lot2)
        # Units covered by product appear among the unit's contracts.
        self.assertIn(contract, self.lot2.service_contract_ids)
        self.assertNotIn(contract, self.lot_other.service_contract_ids)

    def test_category_line_covers_subcategories(self):
        sub = self.env["product.category"].create(
            {"name": "Laser", "parent_id": self.categ_printers.id}
        )
        self.product_other.categ_id = sub
        contract = self._create_contract()
        self._create_line(
            contract, coverage_type="category", categ_id=self.categ_printers.id
        )
        self.assertEqual(
            contract._get_covered_lots(), self.lot | self.lot2 | self.lot_scanner
        )

    def test_search_units_by_contract_and_copy(self):
        contract = self._create_contract()
        self._create_line(
            contract, coverage_type="product", product_id=self.product_other.id
        )
        self._create_line(contract, lot_id=self.lot.id)
        module = self.env["stock.lot"].create(
            {
                "name": "SN-M-0009",
                "product_id": self.component_drum.id,
                "parent_lot_id": self.lot.id,
            }
        )
        found = self.env["stock.lot"].search(
            [("service_contract_ids", "in", contract.ids)]
        )
        self.assertEqual(found, self.lot | self.lot_scanner | module)
        copy = contract.copy()
        self.assertEqual(len(copy.coverage_ids), 2)
        self.assertEqual(copy.lot_ids, self.lot)

    def test_lines_follow_the_contract_dates(self):
        contract = self._create_contract()
        following = self._create_line(contract, lot_id=self.lot.id)
        own = self._create_line(contract, lot_id=self.lot2.id, date_end="2026-03-31")
        contract.date_end = "2026-12-31"  # e.g. a renewal
        self.assertEqual(str(following.date_end), "2026-12-31")
        self.assertEqual(str(own.date_end), "2026-03-31")
        self.assertEqual(
            contract.coverage_log_ids.filtered(
                lambda r: r.operation == "change" and r.field_name == "End Date"
            ).mapped("new_value"),
            ["2026-12-31"],
        )
