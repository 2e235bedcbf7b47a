from odoo import Command
from odoo.exceptions import ValidationError
from odoo.tests import Form, freeze_time, tagged

from .common import ServiceMeterCommon


@tagged("post_install", "-at_install")
@freeze_time("2026-06-01")
class TestMeterReading(ServiceMeterCommon):
    def test_net_value_follows_cumulative_readings(self):
        r1 = self._reading(self.lot_km, "2026-01-01", 1_000)
        r2 = self._reading(self.lot_km, "2026-02-01", 4_000)
        self.assertRecordValues(r1 | r2, [{"net_value": 1_000}, {"net_value": 4_000}])
        self.assertRecordValues(
            self.lot_km,
            [{"last_reading_id": r2.id, "last_value": 4_000, "last_net_value": 4_000}],
        )

    def test_net_value_across_reset_and_replacement(self):
        self._reading(self.lot_km, "2026-01-01", 70_000)
        replaced = self._reading(
            self.lot_km, "2026-02-01", 1_000, is_reset=True, value_before_reset=80_000
        )
        later = self._reading(self.lot_km, "2026-03-01", 3_000)
        self.assertEqual(replaced.net_value, 81_000)
        self.assertEqual(later.net_value, 83_000)
        self.assertEqual(self.lot_km.last_net_value, 83_000)
        self.assertEqual(self.lot_km.last_value, 3_000)

    def test_replacement_meter_with_its_own_start_value(self):
        self._reading(self.lot_km, "2026-01-01", 100)
        reading = self._reading(
            self.lot_km,
            "2026-02-01",
            5_300,
            is_reset=True,
            value_before_reset=150,
            value_after_reset=5_000,
        )
        self.assertEqual(reading.net_value, 450)

    def test_lower_reading_on_cumulative_meter_refused(self):
        self._reading(self.lot_km, "2026-01-01", 5_000)
        with self.assertRaisesRegex(
            ValidationError,
            r"reading of 4000.0 on 2026-02-01 for meter Odometer of unit SN-T-0001 "
            r"is below the previous reading \(5000.0\).*flag the reading as a reset",
        ):
            self._reading(self.lot_km, "2026-02-01", 4_000)

    def test_reading_inserted_in_the_past_checked_against_the_next(self):
        self._reading(self.lot_km, "2026-03-01", 5_000)
        with self.assertRaisesRegex(ValidationError, "below the previous reading"):
            self._reading(self.lot_km, "2026-02-01", 6_000)

    def test_reading_inserted_in_the_past_recomputes_later_ones(self):
        self._reading(self.lot_km, "2026-01-01", 1_000)
        r3 = self._reading(self.lot_km, "2026-03-01", 4_000)
        self.assertEqual(r3.net_value, 4_000)
        # a meter replacement in February, recorded late
        r2 = self._reading(
            self.lot_km, "2026-02-01", 200, is_reset=True, value_before_reset=2_000
        )
        self.assertEqual(r2.net_value, 2_200)
        self.assertEqual(r3.net_value, 6_000)
        self.assertEqual(self.lot_km.last_net_value, 6_000)
        r2.value_before_reset = 2_500
        self.assertEqual(r3.net_value, 6_500)

    def test_resettable_meter_lower_reading_is_a_reset(self):
        trip = self.env["service.asset.meter"].create(
            {"lot_id": self.lot.id, "meter_id": self.meter_trip.id}
        )
        self._reading(trip, "2026-01-01", 300)
        reading = self._reading(trip, "2026-01-02", 50)
        self.assertEqual(reading.net_value, 350)

    def test_inactive_reading_is_ignored(self):
        r1 = self._reading(self.lot_km, "2026-01-01", 1_000)
        r2 = self._reading(self.lot_km, "2026-02-01", 9_000)
        r3 = self._reading(
            self.lot_km, "2026-03-01", 2_000, is_reset=False, active=False
        )
        self.assertEqual(self.lot_km.last_reading_id, r2)
        r2.active = False
        self.assertEqual(self.lot_km.last_reading_id, r1)
        self.assertEqual(self.lot_km.last_net_value, 1_000)
        # once the wrong reading is archived, the lower one can be restored
        r3.active = True
        self.assertEqual(self.lot_km.last_reading_id, r3)
        self.assertEqual(r3.net_value, 2_000)

    def test_unlink_recomputes(self):
        self._reading(self.lot_km, "2026-01-01", 1_000)
        r2 = self._reading(self.lot_km, "2026-02-01", 2_000)
        r3 = self._reading(self.lot_km, "2026-03-01", 500, is_reset=True)
        self.assertEqual(r3.net_value, 2_500)
        r2.unlink()
        self.assertEqual(r3.net_value, 1_500)
        self.assertEqual(self.lot_km.last_net_value, 1_500)

    def test_future_and_negative_readings_refused(self):
        with self.assertRaisesRegex(ValidationError, "dated in the future"):
            self._reading(self.lot_km, "2026-06-02", 10)
        with self.assertRaisesRegex(ValidationError, "cannot be negative"):
            self._reading(self.lot_km, "2026-06-01", -10)

    def test_computed_rate_over_the_window(self):
        self._reading(self.lot_km, "2025-01-01", 0)  # outside the 365-day window
        self._reading(self.lot_km, "2025-07-01", 10_000)
        self._reading(self.lot_km, "2026-01-01", 30_000)
        self._reading(self.lot_km, "2026-05-31", 63_000)
        # 2025-07-01 .. 2026-05-31: 334 days
        self.assertRecordValues(
            self.lot_km,
            [
                {
                    "rate_reading_count": 3,
                    "daily_rate_computed": (63_000 - 10_000) / 334,
                    "daily_rate": (63_000 - 10_000) / 334,
                }
            ],
        )
        self.meter_km.rate_window_days = 200
        self.assertEqual(self.lot_km.rate_reading_count, 2)
        self.assertAlmostEqual(self.lot_km.daily_rate, 33_000 / 150)

    def test_manual_rate_wins(self):
        self._reading(self.lot_km, "2026-01-01", 0)
        self._reading(self.lot_km, "2026-01-11", 1_000)
        self.assertEqual(self.lot_km.daily_rate, 100)
        self.lot_km.daily_rate_manual = 300
        self.assertEqual(self.lot_km.daily_rate, 300)
        self.assertEqual(self.lot_km.daily_rate_computed, 100)
        with self.assertRaisesRegex(ValidationError, "cannot be negative"):
            self.lot_km.daily_rate_manual = -1

    def test_one_reading_gives_no_rate(self):
        self._reading(self.lot_km, "2026-01-01", 1_000)
        self.assertRecordValues(
            self.lot_km, [{"daily_rate": 0.0, "rate_reading_count": 1}]
        )

    def test_import_readings_with_unit_and_meter(self):
        other_lot = self._new_lot("SN-T-IMPORT")
        result = self.env["service.meter.reading"].load(
            ["lot_id", "meter_id", "date", "value"],
            [
                ["SN-T-0001", "T-KM", "2026-01-01", "1000"],
                ["SN-T-0001", "T-KM", "2026-02-01", "2500"],
                ["SN-T-IMPORT", "T-HRS", "2026-02-01", "12"],
            ],
        )
        self.assertFalse(result["messages"], result["messages"])
        readings = self.env["service.meter.reading"].browse(result["ids"])
        self.assertEqual(readings[:2].asset_meter_id, self.lot_km)
        self.assertEqual(readings[1].net_value, 2_500)
        # the unit lacked an hour counter: it was added
        new_meter = readings[2].asset_meter_id
        self.assertRecordValues(
            new_meter, [{"lot_id": other_lot.id, "meter_id": self.meter_hours.id}]
        )

    def test_import_refuses_backwards_reading(self):
        result = self.env["service.meter.reading"].load(
            ["lot_id", "meter_id", "date", "value"],
            [
                ["SN-T-0001", "T-KM", "2026-01-01", "1000"],
                ["SN-T-0001", "T-KM", "2026-02-01", "900"],
            ],
        )
        self.assertFalse(result["ids"])
        self.assertIn("below the previous reading", result["messages"][0]["message"])

    def test_readings_from_the_unit_form(self):
        # what the unit form's Meters tab saves
        self.lot.write(
            {
                "meter_reading_ids": [
                    Command.create(
                        {
                            "meter_id": self.meter_trip.id,
                            "date": "2026-05-01",
                            "value": 42,
                        }
                    )
                ]
            }
        )
        trip = self.lot.meter_ids.filtered(lambda m: m.meter_id == self.meter_trip)
        self.assertEqual(trip.last_net_value, 42)
        self.assertEqual(self.lot.meter_reading_count, 1)

    def test_graph_of_readings_per_unit(self):
        self._reading(self.lot_km, "2026-01-01", 1_000)
        action = self.lot.action_view_meter_readings()
        self.assertEqual(action["views"][0][1], "graph")
        self.assertEqual(action["domain"], [("lot_id", "=", self.lot.id)])
        arch = self.env["service.meter.reading"].get_views([(False, "graph")])["views"][
            "graph"
        ]["arch"]
        self.assertIn('type="line"', arch)
        groups = self.env["service.meter.reading"].read_group(
            action["domain"],
            ["net_value:max"],
            ["asset_meter_id", "date:day"],
            lazy=False,
        )
        self.assertEqual(groups[0]["net_value"], 1_000)

    def test_meter_type_change_recomputes(self):
        trip = self.env["service.asset.meter"].create(
            {"lot_id": self.lot.id, "meter_id": self.meter_trip.id}
        )
        self._reading(trip, "2026-01-01", 300)
        reading = self._reading(trip, "2026-01-02", 50)
        with self.assertRaisesRegex(ValidationError, "below the previous reading"):
            self.meter_trip.meter_type = "cumulative"
        self.assertEqual(reading.net_value, 350)

    def test_reading_form_from_the_readings_menu(self):
        with Form(self.env["service.meter.reading"]) as form:
            form.lot_id = self.lot
            form.meter_id = self.meter_hours
            form.value = 120
            self.assertEqual(str(form.date), "2026-06-01")
        reading = form.record
        self.assertEqual(reading.asset_meter_id, self.lot_hours)
        self.assertEqual(reading.net_value, 120)
        self.assertEqual(self.lot_hours.last_reading_id, reading)

    def test_moving_a_reading_to_another_meter(self):
        reading = self._reading(self.lot_km, "2026-05-01", 500)
        reading.meter_id = self.meter_hours
        self.assertEqual(reading.asset_meter_id, self.lot_hours)
        self.assertFalse(self.lot_km.last_reading_id)
        self.assertEqual(self.lot_hours.last_net_value, 500)
