from odoo import Command
from odoo.tests import Form, tagged

from .common import CoverageCommon


@tagged("post_install", "-at_install")
class TestWhyNot(CoverageCommon):
    """A unit not covered today says why, for each contract that could have
    covered it, on the unit's Coverage tab and on a repair order, as the
    technician sees them."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.technician = cls._create_user(
            "why_not_technician",
            "service_contract.group_service_contract_user,stock.group_stock_user,"
            "stock.group_production_lot",
        )
        cls.warehouse = cls._warehouse()

    def _screens(self, lot):
        """The unit's Coverage tab and a new repair's coverage, as the
        technician sees them."""
        lot = lot.with_user(self.technician)
        lot.invalidate_recordset(["service_coverage_html"])
        html = lot.service_coverage_html
        with Form(self.env["repair.order"].with_user(self.technician)) as form:
            form.product_id = lot.product_id
            form.partner_id = self.partner
            form.lot_id = lot
            under_warranty = form.under_warranty
            reason = form.service_coverage_reason
        return html, under_warranty, reason

    def _assert_shown(self, lot, *texts):
        html, under_warranty, reason = self._screens(lot)
        self.assertFalse(under_warranty)
        self.assertIn("Does not qualify", html)
        self.assertNotIn("No contract covers", html)
        self.assertNotIn("No contract covers", reason)
        for text in texts:
            self.assertIn(text, html)
            self.assertIn(text, reason)

    def test_contract_expired_on(self):
        contract = self._create_contract(
            date_start="2025-06-01", date_end="2025-12-31", state="ready"
        )
        self._create_line(contract, lot_id=self.lot.id)
        self.assertEqual(contract.state, "expired")
        self._assert_shown(self.lot, f"Contract {contract.name} expired on 2025-12-31.")

    def test_coverage_line_ended_on(self):
        contract = self._ready_contract()
        self._create_line(contract, lot_id=self.lot.id, date_end="2026-02-01")
        self._assert_shown(
            self.lot,
            f"The coverage of serial SN-T-0001 on contract {contract.name} ended "
            "on 2026-02-01.",
        )

    def test_contract_or_line_not_started(self):
        later = self._ready_contract(date_start="2026-04-01")
        self._create_line(later, lot_id=self.lot.id)
        contract = self._ready_contract()
        self._create_line(
            contract,
            coverage_type="product",
            product_id=self.product_unit.id,
            date_start="2026-03-15",
        )
        self._assert_shown(
            self.lot,
            f"Contract {later.name} starts on 2026-04-01.",
            f"The coverage of product Test Printer on contract {contract.name} "
            "starts on 2026-03-15.",
        )

    def test_decommissioned_on(self):
        contract = self._ready_contract()
        self._create_line(contract, lot_id=self.lot.id)
        self.lot.write(
            {"service_state": "decommissioned", "decommission_date": "2026-02-15"}
        )
        self._assert_shown(self.lot, "Unit SN-T-0001 was decommissioned on 2026-02-15.")

    def test_points_used_up(self):
        points = self._ready_contract(
            template_id=False, contract_type="points", points_total=5
        )
        points.points_used = 5
        self._assert_shown(
            self.lot, f"The points of contract {points.name} are used up (5.0 of 5.0)."
        )

    def test_not_installed_at_this_customer(self):
        contract = self._ready_contract()
        self._create_line(contract, lot_id=self.lot.id)
        self.lot.service_partner_id = self.other_partner
        self._assert_shown(self.lot, "is now installed at Fabrikam")

    def test_condition_failed(self):
        contract = self._ready_contract()
        self._create_line(
            contract,
            lot_id=self.lot.id,
            rule_ids=[
                Command.create({"rule_type": "usage", "usage_type": "commercial"})
            ],
        )
        self.lot.service_usage_type = "residential"
        self._assert_shown(
            self.lot,
            f'Unit SN-T-0001 fails the rule "Used as Commercial" of contract '
            f"{contract.name}.",
        )

    def test_component_excluded(self):
        contract = self._ready_contract()
        line = self._create_line(
            contract, lot_id=self.lot.id, include_unlisted_components=True
        )
        line.component_ids = [Command.create({"product_id": self.component_drum.id})]
        answer = self.lot.with_user(self.technician)._get_service_coverage(
            component=self.component_drum
        )
        self.assertFalse(answer.covered)
        self.assertIn("component Drum is excluded", answer.not_qualifying[0].reason)

    def test_every_contract_says_why(self):
        """Three contracts that could have covered the unit: three reasons, and
        a covering one still wins."""
        expired = self._create_contract(
            date_start="2025-06-01", date_end="2025-12-31", state="ready"
        )
        self._create_line(expired, lot_id=self.lot.id)
        ended = self._ready_contract()
        self._create_line(ended, lot_id=self.lot.id, date_end="2026-02-01")
        points = self._ready_contract(
            template_id=False, contract_type="points", points_total=2
        )
        points.points_used = 2
        self._assert_shown(
            self.lot,
            f"Contract {expired.name} expired on 2025-12-31.",
            f"on contract {ended.name} ended on 2026-02-01.",
            f"The points of contract {points.name} are used up",
        )
        covering = self._ready_contract()
        self._create_line(covering, lot_id=self.lot.id)
        html, under_warranty, reason = self._screens(self.lot)
        self.assertTrue(under_warranty)
        self.assertIn("SN-T-0001 is listed on contract", reason)
        self.assertIn("Covers", html)
        self.assertIn(f"Contract {expired.name} expired on 2025-12-31.", html)
