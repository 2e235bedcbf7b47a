from odoo.exceptions import UserError
from odoo.tests import tagged

from odoo.addons.service_contract.tests.access_common import AccessTableMixin

from .common import CoverageCommon


@tagged("post_install", "-at_install")
class TestCoverageMultiCompanyRecords(AccessTableMixin, CoverageCommon):
    """A user of company B sees none of company A's contracts, coverage
    lines, components, audit rows, gaps, analysis rows, nor the units A's
    contracts cover: not through search, read, name_search, grouped lists
    or export."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company_b, cls.user_b = cls._create_other_company_user(
            "mc_coverage_b",
            "service_contract.group_service_contract_manager,"
            "sales_team.group_sale_salesman",
        )
        cls.contract = cls._ready_contract()
        cls.line = cls._create_line(cls.contract, lot_id=cls.lot.id)
        cls.component = cls.env["service.contract.coverage.component"].create(
            {"coverage_id": cls.line.id, "product_id": cls.component_drum.id}
        )
        cls.other = cls._ready_contract()
        cls.product_line = cls._create_line(
            cls.other, coverage_type="product", product_id=cls.product_unit.id
        )
        cls.env.flush_all()

    def test_company_a_records_are_out_of_company_b_reach(self):
        Gap = self.env["service.contract.coverage.gap"]
        gaps = Gap.search([("partner_id", "=", self.partner.id)])
        logs = self.env["service.contract.coverage.log"].search(
            [("contract_id", "in", (self.contract | self.other).ids)]
        )
        report = self.env["service.contract.coverage.report"].search(
            [("contract_id", "in", (self.contract | self.other).ids)]
        )
        for records in (
            self.contract | self.other,
            self.line | self.product_line,
            self.component,
            logs,
            gaps,
            report,
        ):
            with self.subTest(model=records._name):
                self._assert_out_of_reach(self.user_b, records)

    def test_units_covered_by_company_a_are_company_a_units(self):
        self.assertEqual(self.lot.company_id, self.company)
        self._assert_out_of_reach(self.user_b, self.lot)
        # The units only covered through a product line keep no company:
        # the line names no unit (they become A's when delivered or named).
        self.assertFalse(self.lot2.company_id)

    def test_company_b_cannot_cover_company_a_unit(self):
        contract_b = self._ready_contract(company_id=self.company_b.id)
        with self.assertRaises(UserError):
            self._create_line(contract_b, lot_id=self.lot.id)
        self.assertEqual(self.lot.company_id, self.company)
        line_b = self._create_line(contract_b, lot_id=self.lot_scanner.id)
        self.assertEqual(self.lot_scanner.company_id, self.company_b)
        self.assertEqual(contract_b.lot_ids, line_b.lot_id)
