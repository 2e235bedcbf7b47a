from odoo.tests import Form, tagged

from .common import CoverageCommon


@tagged("post_install", "-at_install")
class TestUnitForm(CoverageCommon):
    """Every way into a unit shows its Coverage tab."""

    def test_every_entry_shows_the_coverage(self):
        entries = self._assert_every_unit_form_shows("service_coverage")
        for entry, view_id in entries.items():
            form = Form(self.lot, view=view_id)
            self.assertEqual(form.service_level, self.lot.service_level, entry)
            self.assertEqual(
                form.service_coverage_html, self.lot.service_coverage_html, entry
            )
