import re

from freezegun import freeze_time

from odoo import Command
from odoo.tests import tagged

from odoo.addons.service_contract.tests.portal_common import (
    ServiceContractPortalCommon,
)


@tagged("post_install", "-at_install")
@freeze_time("2026-03-01")
class TestMeterPortal(ServiceContractPortalCommon):
    """The contract's meters and their calculated expiry on the portal, and
    a reading entered by the customer, refused with the model's message."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.meter_km = cls.env["service.meter"].create(
            {
                "name": "Odometer",
                "code": "P-KM",
                "uom_id": cls.env.ref("uom.product_uom_km").id,
            }
        )
        AssetMeter = cls.env["service.asset.meter"]
        cls.lot_km = AssetMeter.create(
            {
                "lot_id": cls.lot.id,
                "meter_id": cls.meter_km.id,
                "daily_rate_manual": 300,
            }
        )
        cls.other_lot_km = AssetMeter.create(
            {"lot_id": cls.other_lot.id, "meter_id": cls.meter_km.id}
        )
        cls.env["service.meter.reading"].create(
            {"asset_meter_id": cls.lot_km.id, "date": "2026-01-01", "value": 0}
        )
        cls.env["service.meter.reading"].create(
            {"asset_meter_id": cls.lot_km.id, "date": "2026-02-15", "value": 66_000}
        )
        cls.contract.write(
            {
                "meter_ids": [
                    Command.create(
                        {"asset_meter_id": cls.lot_km.id, "value_interval": 100_000}
                    )
                ]
            }
        )

    def _csrf_token(self, html):
        return re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)

    def _post_reading(self, contract, asset_meter, value, csrf, **extra):
        return self.url_open(
            f"/my/contracts/{contract.id}/readings",
            data={
                "csrf_token": csrf,
                "asset_meter_id": asset_meter.id,
                "value": value,
                "date": "2026-03-01",
                **extra,
            },
            allow_redirects=False,
        )

    def test_meters_with_calculated_expiry(self):
        contract_meter = self.contract.meter_ids
        self.assertTrue(contract_meter.date_expiry)
        self.assertEqual(
            self.contract.date_expiry_calculated, contract_meter.date_expiry
        )
        self.authenticate(self.portal_user.login, self.portal_user.login)
        page = self.url_open(self.contract.access_url)
        self.assertEqual(page.status_code, 200)
        self.assertIn("Odometer", page.text)
        shown = contract_meter.date_expiry.strftime("%m/%d/%Y")
        self.assertIn(
            f'o_service_contract_portal_expiry_calculated">{shown}', page.text
        )
        self.assertIn("o_service_contract_portal_reading_form", page.text)
        # The other customer's meter is not offered.
        self.assertNotIn(f'value="{self.other_lot_km.id}"', page.text)

    def test_enter_reading(self):
        self.authenticate(self.portal_user.login, self.portal_user.login)
        csrf = self._csrf_token(self.url_open(self.contract.access_url).text)
        response = self._post_reading(self.contract, self.lot_km, "70000", csrf)
        self.assertIn(response.status_code, (302, 303))
        self.assertRecordValues(
            self.lot_km.reading_ids.sorted("date")[-1:],
            [{"value": 70_000, "net_value": 70_000}],
        )
        self.assertEqual(self.lot_km.last_value, 70_000)
        page = self.url_open(response.headers["Location"])
        self.assertIn("was recorded", page.text)

    def test_refused_reading_shows_its_message(self):
        self.authenticate(self.portal_user.login, self.portal_user.login)
        csrf = self._csrf_token(self.url_open(self.contract.access_url).text)
        count = len(self.lot_km.reading_ids)
        response = self._post_reading(self.contract, self.lot_km, "1000", csrf)
        self.assertIn(response.status_code, (302, 303))
        self.assertEqual(len(self.lot_km.reading_ids), count, "Nothing was recorded.")
        page = self.url_open(response.headers["Location"])
        self.assertIn("o_service_contract_portal_error", page.text)
        self.assertIn("is below the previous reading", page.text)
        # A date in the future: the model's own refusal.
        response = self._post_reading(
            self.contract, self.lot_km, "70000", csrf, date="2026-04-01"
        )
        page = self.url_open(response.headers["Location"])
        self.assertIn("is dated in the future", page.text)
        self.assertEqual(len(self.lot_km.reading_ids), count)

    def test_reading_on_another_customers_unit(self):
        self.authenticate(self.portal_user.login, self.portal_user.login)
        csrf = self._csrf_token(self.url_open(self.contract.access_url).text)
        for contract in (self.contract, self.other_contract):
            response = self._post_reading(contract, self.other_lot_km, "10", csrf)
            self.assertRedirectsHome(response)
        self.assertFalse(self.other_lot_km.reading_ids)
