import base64
import datetime

from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, freeze_time, tagged

from .common import ServiceMeterCommon

TODAY = datetime.date(2026, 6, 1)


def days(n):
    return TODAY + datetime.timedelta(days=n)


@tagged("post_install", "-at_install")
@freeze_time("2026-06-01")
class TestReadingImport(ServiceMeterCommon):
    """Readings imported from a CSV file by a service user, all or nothing."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.service_user = cls._create_user(
            "reading_import_user", "service_contract.group_service_contract_user"
        )
        cls.stock_user = cls._create_user(
            "reading_import_stock_user", "stock.group_stock_user"
        )
        cls.template = cls.env["service.contract.template"].create(
            {"name": "Five years", "duration": 5, "duration_unit": "year"}
        )
        cls._reading(cls.lot_km, "2026-05-01", 66_000)
        cls.lot_km.daily_rate_manual = 300
        cls.contract = cls._create_contract(
            template_id=cls.template.id,
            state="ready",
            lot_ids=[(4, cls.lot.id)],
            meter_ids=[
                (0, 0, {"asset_meter_id": cls.lot_km.id, "value_interval": 100_000})
            ],
        )

    def _import(self, text, user=None):
        wizard = Form(
            self.env["service.contract.meter.reading.import"].with_user(
                user or self.service_user
            )
        )
        wizard.file = base64.b64encode(text.encode())
        wizard = wizard.save()
        wizard.action_import()
        return wizard

    def _readings(self):
        return self.env["service.meter.reading"].search([])

    def test_good_file_imports_every_row_and_moves_the_expiry(self):
        self.assertEqual(self.contract.date_expiry_calculated, days(113))
        before = self._readings()
        wizard = self._import(
            "serial;meter code;date;value\n"
            "SN-T-0001;T-KM;2026-05-15;67500\n"
            "\n"
            "SN-T-0001;T-KM;2026-06-01;69000\n"
            "SN-T-0001;T-HRS;2026-06-01;120.5\n"
        )
        self.assertEqual(wizard.state, "done")
        self.assertEqual(wizard.imported_count, 3)
        self.assertRecordValues(
            wizard.reading_ids.sorted(lambda r: (r.meter_id.code, r.date)),
            [
                {
                    "lot_id": self.lot.id,
                    "meter_id": self.meter_hours.id,
                    "value": 120.5,
                },
                {"lot_id": self.lot.id, "meter_id": self.meter_km.id, "value": 67_500},
                {"lot_id": self.lot.id, "meter_id": self.meter_km.id, "value": 69_000},
            ],
        )
        self.assertEqual(self._readings() - before, wizard.reading_ids)
        # (100,000 - 69,000) / 300 a day = 103 days
        self.assertEqual(self.contract.date_expiry_calculated, days(103))
        self.assertEqual(self.contract.date_expiry, days(103))
        action = wizard.action_view_readings()
        self.assertEqual(action["domain"], [("id", "in", wizard.reading_ids.ids)])

    def test_comma_separated_file_without_header(self):
        wizard = self._import("SN-T-0001,T-KM,2026-06-01,70000\n")
        self.assertEqual(wizard.imported_count, 1)
        self.assertEqual(self.lot_km.last_value, 70_000)

    def test_each_bad_row_is_reported_and_nothing_imported(self):
        before = self._readings()
        text = (
            "serial,meter code,date,value\n"
            "SN-T-0001,T-KM,2026-05-20,68000\n"  # 2: good
            "SN-NOPE,T-KM,2026-05-21,68100\n"  # 3: unknown serial
            "SN-T-0001,T-NOPE,2026-05-21,68100\n"  # 4: unknown meter code
            "SN-T-0001,T-KM,21/05/2026,68100\n"  # 5: bad date
            "SN-T-0001,T-KM,2026-05-21,lots\n"  # 6: bad value
            "SN-T-0001,T-KM,2026-05-21\n"  # 7: a column missing
            "SN-T-0001,T-KM,2026-07-01,69000\n"  # 8: in the future
            "SN-T-0001,T-HRS,2026-05-21,-5\n"  # 9: negative
            "SN-T-0001,T-KM,2026-05-25,1000\n"  # 10: below the previous reading
            "SN-T-0001,T-KM,2026-06-01,69000\n"  # 11: good
        )
        with self.assertRaises(UserError) as error:
            self._import(text)
        message = str(error.exception)
        self.assertIn("Nothing was imported", message)
        for expected in (
            "Line 3: Unknown serial number SN-NOPE.",
            "Line 4: Unknown meter code T-NOPE.",
            "Line 5: Invalid date 21/05/2026 (expected YYYY-MM-DD).",
            "Line 6: Invalid value lots (expected a number).",
            "Line 7: 3 columns instead of 4 (serial, meter code, date, value).",
            "Line 8: The reading of",
            "is dated in the future.",
            "Line 9: Meter values cannot be negative",
            "Line 10: ",
            "is below the previous reading",
        ):
            self.assertIn(expected, message)
        self.assertNotIn("Line 2:", message)
        self.assertNotIn("Line 11:", message)
        # All or nothing: not even the good rows were imported.
        self.assertEqual(self._readings(), before)
        self.assertEqual(self.lot_km.last_value, 66_000)
        self.assertEqual(self.contract.date_expiry_calculated, days(113))

    def test_serial_of_several_products_is_ambiguous(self):
        self.env["stock.lot"].create(
            {
                "name": "SN-T-0001",
                "product_id": self.env["product.product"]
                .create(
                    {
                        "name": "Other",
                        "type": "consu",
                        "is_storable": True,
                        "tracking": "serial",
                    }
                )
                .id,
            }
        )
        with self.assertRaisesRegex(
            UserError, "Line 1: Serial number SN-T-0001 belongs"
        ):
            self._import("SN-T-0001,T-KM,2026-06-01,69000\n")

    def test_empty_or_binary_file_refused(self):
        with self.assertRaisesRegex(UserError, "no readings"):
            self._import("serial,meter code,date,value\n")
        wizard = (
            self.env["service.contract.meter.reading.import"]
            .with_user(self.service_user)
            .create({"file": base64.b64encode(b"\xff\xfe\x00bad")})
        )
        with self.assertRaisesRegex(UserError, "not a UTF-8 text"):
            wizard.action_import()

    def test_stock_user_imports_and_others_may_not(self):
        wizard = self._import("SN-T-0001,T-KM,2026-06-01,69000\n", user=self.stock_user)
        self.assertEqual(wizard.imported_count, 1)
        portal = self._create_user("reading_import_portal", "base.group_portal")
        with self.assertRaises(AccessError):
            self.env["service.contract.meter.reading.import"].with_user(portal).create(
                {"file": base64.b64encode(b"x")}
            )
