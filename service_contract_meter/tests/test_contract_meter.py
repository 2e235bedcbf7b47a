import datetime

from odoo.exceptions import ValidationError
from odoo.tests import Form, freeze_time, tagged

from .common import ServiceMeterCommon

TODAY = datetime.date(2026, 6, 1)


def days(n):
    return TODAY + datetime.timedelta(days=n)


@tagged("post_install", "-at_install")
@freeze_time("2026-06-01")
class TestContractMeter(ServiceMeterCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.long_template = cls.env["service.contract.template"].create(
            {"name": "Five years", "duration": 5, "duration_unit": "year"}
        )

    def _contract_with_meter(self, asset_meter, interval, **values):
        vals = {
            "template_id": self.long_template.id,
            "date_start": "2026-01-01",
            "lot_ids": [(4, asset_meter.lot_id.id)],
            "meter_ids": [
                (0, 0, {"asset_meter_id": asset_meter.id, "value_interval": interval})
            ],
        }
        vals.update(values)
        return self._create_contract(**vals)

    def test_worked_example_113_days(self):
        self._reading(self.lot_km, "2026-05-01", 66_000)
        self.lot_km.daily_rate_manual = 300
        contract = self._contract_with_meter(self.lot_km, 100_000, state="ready")
        self.assertRecordValues(
            contract.meter_ids,
            [{"value_start": 0, "value_end": 100_000, "date_expiry": days(113)}],
        )
        self.assertRecordValues(
            contract,
            [
                {
                    "date_expiry_calculated": days(113),
                    "date_expiry": days(113),
                    "state": "ready",
                }
            ],
        )

    def test_end_date_wins_when_earlier(self):
        self._reading(self.lot_km, "2026-05-01", 1_000)
        self.lot_km.daily_rate_manual = 1
        contract = self._contract_with_meter(self.lot_km, 100_000)
        self.assertEqual(contract.date_end, datetime.date(2030, 12, 31))
        self.assertEqual(contract.date_expiry_calculated, days(99_000))
        self.assertEqual(contract.date_expiry, datetime.date(2030, 12, 31))

    def test_earliest_meter_wins(self):
        self._reading(self.lot_km, "2026-05-01", 50_000)
        self._reading(self.lot_hours, "2026-05-01", 4_000)
        self.lot_km.daily_rate_manual = 100  # 500 days left
        self.lot_hours.daily_rate_manual = 10  # 100 days left
        contract = self._contract_with_meter(self.lot_km, 100_000)
        contract.meter_ids = [
            (0, 0, {"asset_meter_id": self.lot_hours.id, "value_interval": 5_000})
        ]
        self.assertEqual(
            contract.meter_ids.mapped("date_expiry"), [days(500), days(100)]
        )
        self.assertEqual(contract.date_expiry_calculated, days(100))
        self.assertEqual(contract.date_expiry, days(100))

    def test_zero_rate_never_expires_by_meter(self):
        self._reading(self.lot_km, "2026-05-01", 150_000)
        contract = self._contract_with_meter(self.lot_km, 100_000)
        self.assertFalse(contract.meter_ids.date_expiry)
        self.assertFalse(contract.date_expiry_calculated)
        self.assertEqual(contract.date_expiry, contract.date_end)

    def test_value_start_is_life_to_date_at_contract_start(self):
        self._reading(self.lot_km, "2025-06-01", 20_000)
        self._reading(self.lot_km, "2025-12-01", 30_000)
        self._reading(self.lot_km, "2026-03-01", 40_000)
        contract = self._contract_with_meter(self.lot_km, 60_000)
        self.assertRecordValues(
            contract.meter_ids, [{"value_start": 30_000, "value_end": 90_000}]
        )
        # an extended warranty may start elsewhere: the start value is editable
        contract.meter_ids.value_start = 35_000
        self.assertEqual(contract.meter_ids.value_end, 95_000)

    def test_no_reading_uses_start_value(self):
        self.lot_km.daily_rate_manual = 100
        contract = self._contract_with_meter(self.lot_km, 1_000)
        self.assertEqual(contract.date_expiry_calculated, days(10))

    def test_reading_past_the_end_expires_ready_contract_at_once(self):
        self.lot_km.daily_rate_manual = 300
        self._reading(self.lot_km, "2026-04-01", 60_000)
        contract = self._contract_with_meter(self.lot_km, 100_000, state="ready")
        self.assertEqual(contract.state, "ready")
        reading = self._reading(self.lot_km, "2026-05-31", 100_600)
        # passed two days of usage ago: calculated expiry in the past
        self.assertEqual(contract.date_expiry_calculated, days(-2))
        self.assertEqual(contract.state, "expired")
        # a wrong reading archived: the contract is ready again (rule 1)
        reading.active = False
        self.assertEqual(contract.date_expiry_calculated, days(133))
        self.assertEqual(contract.state, "ready")

    def test_saving_the_contract_meters_moves_the_status(self):
        self.lot_km.daily_rate_manual = 300
        self._reading(self.lot_km, "2026-05-01", 66_000)
        contract = self._contract_with_meter(self.lot_km, 100_000, state="ready")
        with Form(contract) as form:
            with form.meter_ids.edit(0) as line:
                line.value_interval = 66_000
        self.assertEqual(contract.date_expiry, TODAY)
        self.assertEqual(contract.state, "expired")

    def test_contract_form_meters_tab(self):
        self.lot_km.daily_rate_manual = 300
        self._reading(self.lot_km, "2026-05-01", 66_000)
        with Form(self.env["service.contract"]) as form:
            form.partner_id = self.partner
            form.template_id = self.long_template
            form.date_start = "2026-01-01"
            with form.meter_ids.new() as line:
                line.asset_meter_id = self.lot_km
                line.value_interval = 100_000
                self.assertEqual(line.value_end, 100_000)
        contract = form.record
        self.assertEqual(contract.meter_count, 1)
        self.assertEqual(contract.date_expiry_calculated, days(113))

    def test_contract_meter_constraints(self):
        with self.assertRaisesRegex(ValidationError, "needs a positive interval"):
            self._contract_with_meter(self.lot_km, 0)
        foreign = self._new_lot("SN-T-FOREIGN", self.other_partner)
        meter = self.env["service.asset.meter"].create(
            {"lot_id": foreign.id, "meter_id": self.meter_km.id}
        )
        with self.assertRaisesRegex(ValidationError, "installed at Fabrikam"):
            self._create_contract(
                meter_ids=[(0, 0, {"asset_meter_id": meter.id, "value_interval": 10})]
            )

    # ------------------------------------------------------------------
    # The unit meter found from the meter
    # ------------------------------------------------------------------
    def _second_unit_with_km(self):
        lot = self._new_lot("SN-T-SECOND")
        return self.env["service.asset.meter"].create(
            {"lot_id": lot.id, "meter_id": self.meter_km.id}
        )

    def _contract_meter(self, contract, meter, interval=1_000, **values):
        """A contract meter written with its contract and meter alone."""
        vals = {
            "contract_id": contract.id,
            "meter_id": meter.id,
            "value_interval": interval,
        }
        vals.update(values)
        return self.env["service.contract.meter"].create(vals)

    def test_contract_and_meter_alone_find_the_unit_meter(self):
        contract = self._create_contract(lot_ids=[(4, self.lot.id)])
        line = self._contract_meter(contract, self.meter_km, 100_000)
        self.assertRecordValues(
            line,
            [
                {
                    "asset_meter_id": self.lot_km.id,
                    "lot_id": self.lot.id,
                    "meter_id": self.meter_km.id,
                }
            ],
        )
        # another meter: the unit meter follows
        line.meter_id = self.meter_hours
        self.assertEqual(line.asset_meter_id, self.lot_hours)
        # a unit meter alone gives its meter
        line.asset_meter_id = self.lot_km
        self.assertEqual(line.meter_id, self.meter_km)

    def test_contract_and_meter_alone_no_unit_with_that_meter(self):
        contract = self._create_contract(lot_ids=[(4, self.lot.id)])
        with self.assertRaisesRegex(
            ValidationError,
            f"Contract {contract.name} covers no unit with meter .*Trip: add the unit",
        ):
            self._contract_meter(contract, self.meter_trip)
        line = self._contract_meter(contract, self.meter_km)
        with self.assertRaisesRegex(
            ValidationError, "covers no unit with meter .*Trip"
        ):
            line.meter_id = self.meter_trip
        # no meter at all
        with self.assertRaisesRegex(ValidationError, "needs a meter"):
            self._contract_meter(contract, self.env["service.meter"])

    def test_contract_and_meter_alone_several_units_the_user_picks(self):
        second = self._second_unit_with_km()
        contract = self._create_contract(
            lot_ids=[(4, self.lot.id), (4, second.lot_id.id)]
        )
        with self.assertRaisesRegex(
            ValidationError,
            f"Several units of contract {contract.name} have meter .*Odometer "
            r"\(.*SN-T-SECOND.*\): pick the unit meter",
        ):
            self._contract_meter(contract, self.meter_km)
        line = self._contract_meter(contract, self.meter_km, asset_meter_id=second.id)
        self.assertEqual(line.lot_id, second.lot_id)
        self.assertEqual(line.asset_meter_candidate_ids, self.lot_km | second)

    def test_unit_meter_of_another_meter_is_refused(self):
        contract = self._create_contract(lot_ids=[(4, self.lot.id)])
        with self.assertRaisesRegex(
            ValidationError,
            "Unit meter SN-T-0001 / Odometer of contract .* is not a "
            "meter .*Running Hours",
        ):
            self._contract_meter(
                contract, self.meter_hours, asset_meter_id=self.lot_km.id
            )

    def test_contract_form_the_user_picks_the_meter(self):
        second = self._second_unit_with_km()
        # the units are listed by the base or by coverage lines: set them first
        contract = self._create_contract(
            template_id=self.long_template.id, lot_ids=[(4, self.lot.id)]
        )
        with Form(contract) as form:
            # a single unit has the hour counter: its unit meter is filled
            with form.meter_ids.new() as line:
                line.meter_id = self.meter_hours
                self.assertEqual(line.asset_meter_id, self.lot_hours)
                line.value_interval = 5_000
        contract.lot_ids = [(4, second.lot_id.id)]
        with Form(contract) as form:
            # two units have an odometer: offered, the user picks one
            with form.meter_ids.new() as line:
                line.meter_id = self.meter_km
                self.assertFalse(line.asset_meter_id)
                self.assertEqual(
                    line.asset_meter_candidate_ids[:], self.lot_km | second
                )
                line.asset_meter_id = second
                line.value_interval = 100_000
        self.assertRecordValues(
            form.record.meter_ids,
            [
                {"asset_meter_id": self.lot_hours.id, "meter_id": self.meter_hours.id},
                {"asset_meter_id": second.id, "meter_id": self.meter_km.id},
            ],
        )

    # ------------------------------------------------------------------
    # Templates
    # ------------------------------------------------------------------
    def test_template_meters_all_found(self):
        contract = self._create_contract(
            template_id=self.meter_template.id,
            lot_ids=[(4, self.lot.id)],
            state="ready",
        )
        self.assertRecordValues(
            contract.meter_ids.sorted("value_interval"),
            [
                {"asset_meter_id": self.lot_hours.id, "value_interval": 5_000},
                {"asset_meter_id": self.lot_km.id, "value_interval": 100_000},
            ],
        )
        self.assertEqual(contract.state, "ready")

    def test_template_meters_missing_keeps_found_and_stays_draft(self):
        lot = self._new_lot("SN-T-0002")
        km = self.env["service.asset.meter"].create(
            {"lot_id": lot.id, "meter_id": self.meter_km.id}
        )
        contract = self._create_contract(
            template_id=self.meter_template.id, lot_ids=[(4, lot.id)], state="ready"
        )
        self.assertEqual(contract.meter_ids.asset_meter_id, km)
        self.assertEqual(contract.state, "draft")
        note = contract.message_ids.filtered(lambda m: "Missing" in (m.body or ""))
        self.assertEqual(len(note), 1)
        self.assertIn("SN-T-0002: [T-HRS] Running Hours", note.body)
        self.assertIn("stays in draft", note.body)

    def test_warranty_from_unit_takes_its_meters(self):
        self.meter_template.contract_type = "warranty"
        action = self.lot.with_context(
            service_contract_template_id=self.meter_template.id
        ).action_create_warranty_contract()
        contract = self.env["service.contract"].browse(action["res_id"])
        self.assertEqual(
            contract.meter_ids.asset_meter_id, self.lot_km | self.lot_hours
        )

    def test_adding_a_unit_later_adds_its_meters(self):
        contract = self._create_contract(template_id=self.meter_template.id)
        self.assertFalse(contract.meter_ids)
        self.assertEqual(contract.state, "draft")
        contract.lot_ids = [(4, self.lot.id)]
        self.assertEqual(
            contract.meter_ids.asset_meter_id, self.lot_km | self.lot_hours
        )
        contract.lot_ids = [(4, self.lot.id)]
        self.assertEqual(len(contract.meter_ids), 2)

    def test_template_form_lists_meter_intervals(self):
        with Form(self.env["service.contract.template"]) as form:
            form.name = "Hours only"
            with form.meter_line_ids.new() as line:
                line.meter_id = self.meter_hours
                line.value_interval = 2_000
        self.assertEqual(form.record.meter_line_ids.value_interval, 2_000)
        with self.assertRaisesRegex(ValidationError, "must be positive"):
            form.record.meter_line_ids.value_interval = 0
