from odoo import Command
from odoo.tests import Form, tagged

from .common import ServiceMeterCommon


@tagged("post_install", "-at_install")
class TestUnitForm(ServiceMeterCommon):
    """Every way into a unit shows its Meters tab."""

    def test_every_entry_shows_the_meters(self):
        user = self._create_user(
            "sc_unit_meter_user", "service_contract.group_service_contract_user"
        )
        contract = self._create_contract(lot_ids=[Command.link(self.lot.id)])
        for entry, view_id in self._unit_form_entries(contract).items():
            arch = (
                self.env["stock.lot"]
                .with_user(user)
                .get_views([(view_id, "form")])["views"]["form"]["arch"]
            )
            self.assertIn('name="service_meters"', arch, entry)
            form = Form(self.lot, view=view_id)
            self.assertEqual(len(form.meter_ids), 2, entry)
            self.assertEqual(form.meter_reading_count, 0, entry)
