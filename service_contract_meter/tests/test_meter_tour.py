import datetime

from odoo import fields
from odoo.tests import HttpCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestMeterTour(HttpCase):
    """A fleet user records a reading, imports readings from a CSV file and
    sees the calculated expiry move, in a real browser, as that user."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.user = new_test_user(
            cls.env,
            login="tour_fleet_user",
            groups="service_contract.group_service_contract_user,"
            "stock.group_production_lot",
        )
        cls.customer = cls.env["res.partner"].create(
            {"name": "Tour Fleet Customer", "is_company": True}
        )
        truck = cls.env["product.product"].create(
            {
                "name": "Tour Truck",
                "type": "consu",
                "is_storable": True,
                "tracking": "serial",
            }
        )
        cls.lot = cls.env["stock.lot"].create(
            {
                "name": "SN-TOUR-M1",
                "product_id": truck.id,
                "service_partner_id": cls.customer.id,
            }
        )
        cls.meter = cls.env["service.meter"].create(
            {
                "name": "Tour Odometer",
                "code": "TOUR-KM",
                "uom_id": cls.env.ref("uom.product_uom_km").id,
            }
        )
        cls.asset_meter = cls.env["service.asset.meter"].create(
            {"lot_id": cls.lot.id, "meter_id": cls.meter.id, "daily_rate_manual": 300}
        )
        cls.today = fields.Date.today()
        cls.env["service.meter.reading"].create(
            {
                "asset_meter_id": cls.asset_meter.id,
                "date": cls.today - datetime.timedelta(days=60),
                "value": 66_000,
            }
        )
        template = cls.env["service.contract.template"].create(
            {"name": "Tour Five Years", "duration": 5, "duration_unit": "year"}
        )
        cls.contract = cls.env["service.contract"].create(
            {
                "partner_id": cls.customer.id,
                "template_id": template.id,
                "date_start": cls.today - datetime.timedelta(days=90),
                "state": "ready",
                "lot_ids": [(4, cls.lot.id)],
                "meter_ids": [
                    (
                        0,
                        0,
                        {
                            "asset_meter_id": cls.asset_meter.id,
                            "value_interval": 100_000,
                        },
                    )
                ],
            }
        )

    def test_reading_import_and_expiry(self):
        # (100,000 - 66,000) / 300 a day = 113 days
        days = datetime.timedelta(days=1)
        self.assertEqual(self.contract.date_expiry_calculated, self.today + 113 * days)
        self.start_tour(
            "/odoo/action-service_contract.action_installed_base",
            "service_contract_meter_tour",
            login="tour_fleet_user",
        )
        readings = self.asset_meter.reading_ids.sorted(lambda r: (r.date, r.id))
        # the manual reading, then the good file's two; none of the bad file's
        self.assertEqual(readings.mapped("value"), [66_000, 67_000, 69_000, 70_000])
        self.assertEqual(readings[1:].create_uid, self.user)
        # (100,000 - 70,000) / 300 a day = 100 days
        self.assertEqual(self.contract.date_expiry_calculated, self.today + 100 * days)
