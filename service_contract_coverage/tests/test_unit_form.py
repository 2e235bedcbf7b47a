from odoo import Command
from odoo.tests import Form, tagged

from .common import CoverageCommon


@tagged("post_install", "-at_install")
class TestUnitForm(CoverageCommon):
    """Every way into a unit shows its Coverage tab."""

    def test_every_entry_shows_the_coverage(self):
        user = self._create_user(
            "sc_unit_form_user", "service_contract.group_service_contract_user"
        )
        contract = self._create_contract(lot_ids=[Command.link(self.lot.id)])
        for entry, view_id in self._unit_form_entries(contract).items():
            arch = (
                self.env["stock.lot"]
                .with_user(user)
                .get_views([(view_id, "form")])["views"]["form"]["arch"]
            )
            self.assertIn('name="service_coverage"', arch, entry)
            form = Form(self.lot, view=view_id)
            self.assertEqual(form.service_level, self.lot.service_level, entry)
            self.assertEqual(
                form.service_coverage_html, self.lot.service_coverage_html, entry
            )
