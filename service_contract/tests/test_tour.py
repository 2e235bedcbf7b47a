from odoo import Command
from odoo.tests import HttpCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestServiceContractTour(HttpCase):
    """An account manager (a service contract user, not the administrator)
    creates a contract from a template in the form and sets it ready, in a
    real browser."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        new_test_user(
            cls.env,
            login="tour_account_manager",
            groups="base.group_user,service_contract.group_service_contract_user",
        )
        cls.customer = cls.env["res.partner"].create(
            {"name": "Tour Customer", "is_company": True}
        )
        cls.hotline = cls.env["service.contract.skill.group"].create(
            {"name": "Tour Hotline", "response_time": 2, "resolution_time": 6}
        )
        cls.template = cls.env["service.contract.template"].create(
            {
                "name": "Tour Maintenance",
                "contract_type": "maintenance",
                "duration": 1,
                "duration_unit": "year",
                "skill_line_ids": [Command.create({"skill_group_id": cls.hotline.id})],
            }
        )

    def test_create_contract_from_template_and_set_ready(self):
        self.start_tour(
            "/odoo/action-service_contract.action_service_contract",
            "service_contract_tour",
            login="tour_account_manager",
        )
        contract = self.env["service.contract"].search(
            [("partner_id", "=", self.customer.id)]
        )
        self.assertEqual(len(contract), 1)
        self.assertRecordValues(
            contract,
            [
                {
                    "template_id": self.template.id,
                    "contract_type": "maintenance",
                    "state": "ready",
                }
            ],
        )
        self.assertEqual(contract.skill_line_ids.skill_group_id, self.hotline)
        self.assertTrue(contract.name.startswith("SC/"))


@tagged("post_install", "-at_install")
class TestServiceContractSettingsTour(HttpCase):
    """The app's settings page, in a real browser, as the user whose screen
    it is: a settings administrator who manages service contracts."""

    def test_settings_page_leads_to_the_templates(self):
        new_test_user(
            self.env,
            login="tour_settings_admin",
            groups="base.group_system,service_contract.group_service_contract_manager",
        )
        self.env["service.contract.template"].create(
            {"name": "Settings Tour Template", "contract_type": "maintenance"}
        )
        self.start_tour(
            "/odoo/action-service_contract.action_service_contract_settings",
            "service_contract_settings_tour",
            login="tour_settings_admin",
        )
