import datetime

from hypothesis import strategies as st

from odoo.exceptions import ValidationError
from odoo.tests import tagged

from odoo.addons.service_contract.tests.random_input_common import (
    AMOUNTS,
    RandomInputMixin,
)

from .common import ServiceMeterCommon

TODAY = datetime.date(2026, 3, 1)


@tagged("post_install", "-at_install")
class TestMeterBadInput(RandomInputMixin, ServiceMeterCommon):
    """Readings in the future, negative or going backwards, and contract
    meters without a positive interval, are refused with a message naming
    the meter and unit; nothing is half-written."""

    freeze_time = "2026-03-01 10:00:00"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.user = cls._create_user(
            "bad_input_meter_user", "service_contract.group_service_contract_user"
        )
        cls.first = cls._reading(cls.lot_km, "2026-01-10", 1000.0)
        cls.second = cls._reading(cls.lot_km, "2026-02-10", 2000.0)
        cls.contract = cls._create_contract(
            template_id=cls.meter_template.id, lot_ids=[(4, cls.lot.id)]
        )

    def test_reading_refusals_name_the_meter_and_unit(self):
        reading = self.second.with_user(self.user)
        for vals, message in (
            ({"date": "2026-03-02"}, "dated in the future"),
            ({"value": -1.0}, "Meter values cannot be negative"),
            (
                {"value": 999.0},
                r"The reading of 999.0 on 2026-02-10 for meter Odometer of unit "
                r"SN-T-0001 is below the previous reading \(1000.0\)",
            ),
        ):
            with self.subTest(vals=vals):
                with self.assertRaisesRegex(ValidationError, message):
                    reading.write(vals)
                self.env.invalidate_all()
                self.assertRecordValues(
                    self.second, [{"date": datetime.date(2026, 2, 10), "value": 2000.0}]
                )
                self.assertEqual(self.second.net_value, 2000.0)

    def test_contract_meter_interval_must_be_positive(self):
        line = self.contract.meter_ids.filtered(lambda m: m.meter_id == self.meter_km)
        for value in (0, -5):
            with self.assertRaisesRegex(ValidationError, "needs a positive interval"):
                line.with_user(self.user).value_interval = value
        self.assertEqual(line.value_interval, 100_000)

    def test_random_readings(self):
        def check(reading):
            self.assertGreaterEqual(reading.value, 0)
            self.assertLessEqual(reading.date, TODAY)
            readings = self.lot_km.reading_ids.filtered("active").sorted(
                lambda r: (r.date, r.id)
            )
            nets = readings.mapped("net_value")
            self.assertEqual(nets, sorted(nets), "life-to-date values go backwards")

        outcomes = self._assert_random_writes(
            self.second.with_user(self.user),
            {
                "date": st.dates(
                    min_value=datetime.date(2025, 1, 1),
                    max_value=datetime.date(2026, 12, 31),
                ),
                "value": AMOUNTS,
                "active": st.booleans(),
            },
            check,
        )
        self.assertTrue(outcomes["saved"], outcomes)
        self.assertTrue(outcomes["refused"], outcomes)

    def test_random_meters(self):
        line = self.contract.meter_ids[:1].with_user(self.user)

        def check_line(record):
            self.assertGreater(record.value_interval, 0)
            self.assertGreaterEqual(record.value_start, 0)

        outcomes = self._assert_random_writes(
            line,
            {"value_start": AMOUNTS, "value_interval": AMOUNTS},
            check_line,
        )
        self.assertTrue(outcomes["saved"], outcomes)
        self.assertTrue(outcomes["refused"], outcomes)

        def check_unit_meter(record):
            self.assertGreaterEqual(record.daily_rate_manual, 0)

        outcomes = self._assert_random_writes(
            self.lot_km.with_user(self.user),
            {"daily_rate_manual": AMOUNTS},
            check_unit_meter,
        )
        self.assertTrue(outcomes["saved"], outcomes)
        self.assertTrue(outcomes["refused"], outcomes)
