from odoo import fields
from odoo.tests import tagged

from odoo.addons.service_contract.tests.demo_story_common import DemoStoryCase
from odoo.addons.service_contract_meter.rules import expiry as expiry_rules


@tagged("post_install", "-at_install")
class TestDemoStory(DemoStoryCase):
    """After an install with demo data, Northwind's forklift has meter
    readings, a calculated expiry and the warning activity."""

    def test_meter_readings_and_warning_activity(self):
        env = self.user_env
        contract = env.ref("service_contract_meter.contract_forklift_1")
        self.assertEqual(
            contract.partner_id, env.ref("service_contract.partner_northwind")
        )
        odometer = env.ref("service_contract_meter.asset_meter_forklift_1_km")
        self.assertGreaterEqual(len(odometer.reading_ids), 4)
        self.assertEqual(
            odometer.last_reading_date, max(odometer.reading_ids.mapped("date"))
        )
        self.assertEqual(len(contract.meter_ids), 2)
        self.assertEqual(
            contract.date_expiry_calculated,
            expiry_rules.earliest(contract.meter_ids.mapped("date_expiry")),
        )
        today = fields.Date.context_today(contract)
        days = (contract.date_expiry_calculated - today).days
        self.assertTrue(
            0 <= days <= contract.company_id.service_meter_warning_days, days
        )
        activity_type = env.ref(
            "service_contract_meter.mail_activity_type_meter_expiry"
        )
        activities = contract.activity_ids.filtered(
            lambda a: a.activity_type_id == activity_type
        )
        self.assertEqual(len(activities), 1)
        self.assertEqual(activities.user_id, contract.user_id)
        self.assertEqual(activities.date_deadline, contract.date_expiry_calculated)
        # The second forklift lacks the hour counter its template expects.
        self.assertEqual(
            env.ref("service_contract_meter.contract_forklift_2").state, "draft"
        )

    def test_contract_report_meter_section(self):
        """The contract PDF shows each meter limit and the calculated expiry."""
        env = self.user_env
        contract = env.ref("service_contract_meter.contract_forklift_1")
        html = self._render(contract)
        self.assertIn("Meter limits", html)
        for line in contract.meter_ids:
            self.assertIn(line.meter_id.name, html)
            self.assertIn(f"{line.value_end:,.0f}", html)
        self.assertIn("FL30-0001", html)
        self.assertIn("By its meters, this contract ends on", html)
        expiry = contract.date_expiry_calculated
        self.assertIn(expiry.strftime("%m/%d/%Y"), html)
        self.assertNotIn("Meter limits", self._render(self._bare_contract()))
