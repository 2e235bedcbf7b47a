from odoo import Command
from odoo.exceptions import UserError
from odoo.tests import tagged

from .access_common import AccessTableMixin
from .common import ServiceContractCommon


@tagged("post_install", "-at_install")
class TestMultiCompanyUnits(AccessTableMixin, ServiceContractCommon):
    """A unit belongs to the company that delivered it or whose contract
    covers it; another company's users see neither the unit nor the
    contract, whichever way they look (search, read, name_search, grouped
    lists, export)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company_a = cls.company
        cls.company_b = cls.env["res.company"].create({"name": "Branch B"})
        groups = (
            "service_contract.group_service_contract_manager,"
            "sales_team.group_sale_salesman,"
            "base.group_allow_export"
        )
        cls.user_a = cls._create_user("mc_units_a", groups)
        cls.user_b = cls._create_user("mc_units_b", groups, company=cls.company_b)

    def _assert_invisible_to_b(self, records, field="name"):
        self._assert_out_of_reach(self.user_b, records, field)

    def _assert_visible_to_a(self, records):
        Model = self.env[records._name].with_user(self.user_a)
        self.env.invalidate_all()
        self.assertEqual(Model.search([("id", "in", records.ids)]), records)

    def test_delivered_unit_belongs_to_the_delivering_company(self):
        # A product every company sells: stock gives its units no company.
        self.assertFalse(self.product_unit.company_id)
        lot = self._receive_serials(self.product_unit, ["SN-MC-DELIV"])
        self.assertFalse(lot.company_id)
        self._deliver(lot, self.partner)
        self.assertEqual(lot.company_id, self.company_a)
        self.assertEqual(lot.service_partner_id, self.partner)
        self._assert_visible_to_a(lot)
        self._assert_invisible_to_b(lot)

    def test_unit_named_by_a_contract_belongs_to_its_company(self):
        lot = self.env["stock.lot"].create(
            {
                "name": "SN-MC-CONTRACT",
                "product_id": self.product_unit.id,
                "service_partner_id": self.partner.id,
            }
        )
        self.assertFalse(lot.company_id)
        contract = (
            self.env["service.contract"]
            .with_user(self.user_a)
            .create(
                {
                    "partner_id": self.partner.id,
                    "template_id": self.warranty_template.id,
                    "lot_ids": [Command.link(lot.id)],
                }
            )
        )
        self.assertEqual(lot.company_id, self.company_a)
        later = self.env["stock.lot"].create(
            {
                "name": "SN-MC-LATER",
                "product_id": self.product_unit.id,
                "service_partner_id": self.partner.id,
            }
        )
        contract.with_user(self.user_a).lot_ids = [Command.link(later.id)]
        self.assertEqual(later.company_id, self.company_a)
        units = lot | later
        self._assert_visible_to_a(units)
        self._assert_invisible_to_b(units)
        self._assert_invisible_to_b(contract)
        self.assertFalse(
            self.env["stock.lot"]
            .with_user(self.user_b)
            .search([("service_partner_id", "=", self.partner.id)])
            & units
        )

    def test_another_company_cannot_name_the_unit(self):
        self._create_contract(lot_ids=[Command.link(self.lot.id)])
        self.assertEqual(self.lot.company_id, self.company_a)
        with self.assertRaisesRegex(UserError, "SN-T-0001|compan"):
            self._create_contract(
                company_id=self.company_b.id, lot_ids=[Command.link(self.lot.id)]
            )

    def test_unit_with_a_company_keeps_it(self):
        self.lot.company_id = self.company_b
        contract_b = self._create_contract(
            company_id=self.company_b.id, lot_ids=[Command.link(self.lot.id)]
        )
        self.assertEqual(self.lot.company_id, self.company_b)
        self.assertEqual(contract_b.lot_ids, self.lot)
        self._assert_invisible_to_a_user(self.lot | contract_b.lot_ids)

    def _assert_invisible_to_a_user(self, lots):
        self.env.invalidate_all()
        self.assertFalse(
            self.env["stock.lot"]
            .with_user(self.user_a)
            .search([("id", "in", lots.ids)])
        )
