from odoo.addons.service_contract.tests.common import ServiceContractCommon


class ServiceMeterCommon(ServiceContractCommon):
    """Meters, a unit with an odometer and an hour counter, a meter template."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Meter = cls.env["service.meter"]
        cls.meter_km = Meter.create(
            {
                "name": "Odometer",
                "code": "T-KM",
                "uom_id": cls.env.ref("uom.product_uom_km").id,
            }
        )
        cls.meter_hours = Meter.create(
            {
                "name": "Running Hours",
                "code": "T-HRS",
                "uom_id": cls.env.ref("uom.product_uom_hour").id,
            }
        )
        cls.meter_trip = Meter.create(
            {
                "name": "Trip",
                "code": "T-TRIP",
                "uom_id": cls.env.ref("uom.product_uom_km").id,
                "meter_type": "resettable",
            }
        )
        AssetMeter = cls.env["service.asset.meter"]
        cls.lot_km = AssetMeter.create(
            {"lot_id": cls.lot.id, "meter_id": cls.meter_km.id}
        )
        cls.lot_hours = AssetMeter.create(
            {"lot_id": cls.lot.id, "meter_id": cls.meter_hours.id}
        )
        cls.meter_template = cls.env["service.contract.template"].create(
            {
                "name": "Warranty 3 years, 100,000 km or 5,000 hours",
                "contract_type": "warranty",
                "duration": 3,
                "duration_unit": "year",
                "meter_line_ids": [
                    (0, 0, {"meter_id": cls.meter_km.id, "value_interval": 100_000}),
                    (0, 0, {"meter_id": cls.meter_hours.id, "value_interval": 5_000}),
                ],
            }
        )

    @classmethod
    def _reading(cls, asset_meter, date, value, **values):
        vals = {"asset_meter_id": asset_meter.id, "date": date, "value": value}
        vals.update(values)
        return cls.env["service.meter.reading"].create(vals)

    @classmethod
    def _new_lot(cls, name, partner=None):
        return cls.env["stock.lot"].create(
            {
                "name": name,
                "product_id": cls.product_unit.id,
                "service_partner_id": (partner or cls.partner).id,
            }
        )
