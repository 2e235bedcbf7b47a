from odoo.tests import tagged

from odoo.addons.service_contract.tests.access_common import AccessTableMixin

from .common import ServiceMeterCommon


@tagged("post_install", "-at_install")
class TestMeterMultiCompanyRecords(AccessTableMixin, ServiceMeterCommon):
    """Once company A's contract names a unit, the unit, its meters, its
    readings and the contract's meters are out of company B's reach: not
    through search, read, name_search, grouped lists or export."""

    freeze_time = "2026-03-01 10:00:00"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company_b, cls.user_b = cls._create_other_company_user(
            "mc_meter_b", "service_contract.group_service_contract_manager"
        )
        cls.reading = cls._reading(cls.lot_km, "2026-01-10", 1000.0)

    def test_unit_meters_and_readings_follow_the_unit(self):
        # Before any contract, a unit of a shared product has no company.
        self.assertFalse(self.lot.company_id)
        contract = self._create_contract(
            template_id=self.meter_template.id, lot_ids=[(4, self.lot.id)]
        )
        self.assertEqual(self.lot.company_id, self.company)
        self.assertEqual((self.lot_km | self.lot_hours).company_id, self.company)
        self.assertEqual(self.reading.company_id, self.company)
        self.assertTrue(contract.meter_ids)
        for records in (
            self.lot,
            self.lot_km | self.lot_hours,
            self.reading,
            contract.meter_ids,
            contract,
        ):
            with self.subTest(model=records._name):
                self._assert_out_of_reach(self.user_b, records)
