from lxml import etree

from odoo.exceptions import AccessError, UserError
from odoo.tests import freeze_time, tagged

from .common import ServiceMeterCommon


@tagged("post_install", "-at_install")
@freeze_time("2026-06-01")
class TestMeterMultiCompany(ServiceMeterCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company_a = cls.env.company
        cls.company_b = cls.env["res.company"].create({"name": "Meter Company B"})
        cls.lot.company_id = cls.company_a
        cls.reading_a = cls._reading(cls.lot_km, "2026-05-01", 1_000)
        cls.contract_a = cls._create_contract(
            lot_ids=[(4, cls.lot.id)],
            meter_ids=[(0, 0, {"asset_meter_id": cls.lot_km.id, "value_interval": 10})],
        )
        cls.meter_a_only = cls.env["service.meter"].create(
            {
                "name": "A-only counter",
                "code": "T-AONLY",
                "uom_id": cls.env.ref("uom.product_uom_unit").id,
                "company_id": cls.company_a.id,
            }
        )
        user_group = cls.env.ref("service_contract.group_service_contract_user")
        cls.user_b = cls.env["res.users"].create(
            {
                "name": "Company B user",
                "login": "meter_user_b",
                "company_id": cls.company_b.id,
                "company_ids": [(6, 0, cls.company_b.ids)],
                "groups_id": [
                    (6, 0, [user_group.id, cls.env.ref("stock.group_stock_user").id])
                ],
            }
        )
        cls.user_a = cls.env["res.users"].create(
            {
                "name": "Company A user",
                "login": "meter_user_a",
                "company_id": cls.company_a.id,
                "company_ids": [(6, 0, cls.company_a.ids)],
                "groups_id": [(6, 0, [user_group.id])],
            }
        )

    def test_company_a_records_are_visible_to_its_user(self):
        env_a = self.env(user=self.user_a)
        self.assertEqual(
            env_a["service.meter.reading"].search([("id", "=", self.reading_a.id)]),
            self.reading_a,
        )
        self.assertTrue(env_a["service.contract.meter"].search_count([]))
        self.assertIn(self.meter_a_only, env_a["service.meter"].search([]))

    def test_company_b_cannot_see_company_a_meters(self):
        env_b = self.env(user=self.user_b)
        self.assertFalse(
            env_b["service.asset.meter"].search([("id", "=", self.lot_km.id)])
        )
        self.assertFalse(
            env_b["service.meter.reading"].search([("id", "=", self.reading_a.id)])
        )
        self.assertFalse(
            env_b["service.contract.meter"].search(
                [("id", "in", self.contract_a.meter_ids.ids)]
            )
        )
        self.assertNotIn(self.meter_a_only, env_b["service.meter"].search([]))
        # shared meters (no company) stay visible
        self.assertIn(self.meter_km, env_b["service.meter"].search([]))
        with self.assertRaises(AccessError):
            env_b["service.meter.reading"].browse(self.reading_a.id).read(["value"])
        with self.assertRaises(AccessError):
            env_b["service.asset.meter"].browse(self.lot_km.id).read(["daily_rate"])
        with self.assertRaises(AccessError):
            env_b["service.contract.meter"].browse(self.contract_a.meter_ids.id).read(
                ["date_expiry"]
            )

    def test_company_b_user_records_its_own_readings(self):
        lot_b = self.env["stock.lot"].create(
            {
                "name": "SN-B-0001",
                "product_id": self.product_unit.id,
                "company_id": self.company_b.id,
            }
        )
        env_b = self.env(user=self.user_b)
        reading = env_b["service.meter.reading"].create(
            {
                "lot_id": lot_b.id,
                "meter_id": self.meter_km.id,
                "date": "2026-05-01",
                "value": 7,
            }
        )
        self.assertEqual(reading.company_id, self.company_b)
        self.assertEqual(reading.asset_meter_id.company_id, self.company_b)

    def test_settings_set_the_company_warning_days(self):
        settings = self.env["res.config.settings"].create(
            {"service_meter_warning_days": 45}
        )
        settings.execute()
        self.assertEqual(self.env.company.service_meter_warning_days, 45)
        self.assertEqual(self.company_b.service_meter_warning_days, 30)
        # on the app's one settings page, with the other service contract blocks
        arch = settings.get_views([(False, "form")])["views"]["form"]["arch"]
        path = (
            "//app[@name='service_contract']/block[@name='service_contract_meter_block']"
            "//field[@name='service_meter_warning_days']"
        )
        self.assertEqual(len(etree.fromstring(arch).xpath(path)), 1)

    def test_sales_and_stock_users_access(self):
        stock_user = self.env["res.users"].create(
            {
                "name": "Technician",
                "login": "meter_technician",
                "groups_id": [(6, 0, [self.env.ref("stock.group_stock_user").id])],
            }
        )
        reading = (
            self.env["service.meter.reading"]
            .with_user(stock_user)
            .create(
                {
                    "asset_meter_id": self.lot_km.id,
                    "date": "2026-05-20",
                    "value": 2_000,
                }
            )
        )
        self.assertEqual(reading.net_value, 2_000)
        with self.assertRaises(AccessError):
            self.env["service.meter"].with_user(stock_user).create(
                {
                    "name": "Not allowed",
                    "code": "T-NO",
                    "uom_id": self.env.ref("uom.product_uom_unit").id,
                }
            )

    def test_contract_meter_of_another_company_refused(self):
        with self.assertRaisesRegex(UserError, "Incompatible companies"):
            self._create_contract(
                company_id=self.company_b.id,
                meter_ids=[
                    (0, 0, {"asset_meter_id": self.lot_km.id, "value_interval": 5})
                ],
            )
