from odoo.tests import Form, tagged

from .common import ServiceMeterCommon


@tagged("post_install", "-at_install")
class TestUnitForm(ServiceMeterCommon):
    """Every way into a unit shows its Meters tab."""

    def test_every_entry_shows_the_meters(self):
        entries = self._assert_every_unit_form_shows("service_meters")
        for entry, view_id in entries.items():
            form = Form(self.lot, view=view_id)
            self.assertEqual(len(form.meter_ids), 2, entry)
            self.assertEqual(form.meter_reading_count, 0, entry)
