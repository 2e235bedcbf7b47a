from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, tagged

from .common import ServiceContractCommon


@tagged("post_install", "-at_install")
class TestAccessRights(ServiceContractCommon):
    """What a service contract user and manager may do."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.user = cls._create_user(
            "sc_user", "service_contract.group_service_contract_user"
        )
        cls.manager = cls._create_user(
            "sc_manager", "service_contract.group_service_contract_manager"
        )
        cls.employee = cls._create_user("sc_employee", "base.group_user")

    def test_user_manages_contracts_but_cannot_delete(self):
        Contract = self.env["service.contract"].with_user(self.user)
        with Form(Contract) as form:
            form.partner_id = self.partner
            form.template_id = self.warranty_template
            with form.skill_line_ids.new() as line:
                line.skill_group_id = self.skill_hotline
        contract = form.record
        self.assertEqual(contract.user_id, self.user)
        contract.lot_ids = [Command.link(self.lot.id)]
        contract.action_ready()
        self.assertEqual(contract.state, "ready")
        self.assertEqual(self.lot.with_user(self.user).service_contract_ids, contract)
        draft = Contract.create(
            {"partner_id": self.partner.id, "template_id": self.warranty_template.id}
        )
        with self.assertRaises(AccessError):
            draft.unlink()
        draft.with_user(self.manager).unlink()
        self.assertFalse(draft.exists())
        with self.assertRaisesRegex(UserError, "Only draft or cancelled"):
            contract.with_user(self.manager).unlink()

    def test_user_cannot_configure(self):
        Template = self.env["service.contract.template"].with_user(self.user)
        self.assertEqual(
            Template.search([("id", "=", self.warranty_template.id)]),
            self.warranty_template,
        )
        with self.assertRaises(AccessError):
            Template.create({"name": "Mine", "contract_type": "warranty"})
        with self.assertRaises(AccessError):
            self.warranty_template.with_user(self.user).duration = 5
        with self.assertRaises(AccessError):
            self.warranty_template.with_user(self.user).unlink()
        with self.assertRaises(AccessError):
            self.env["service.contract.skill.group"].with_user(self.user).create(
                {"name": "Mine"}
            )
        with self.assertRaises(AccessError):
            self.skill_onsite.with_user(self.user).unlink()

    def test_manager_configures(self):
        with Form(
            self.env["service.contract.template"].with_user(self.manager)
        ) as form:
            form.name = "Gold maintenance"
            form.contract_type = "maintenance"
            with form.skill_line_ids.new() as line:
                line.skill_group_id = self.skill_onsite
        self.assertEqual(form.record.skill_line_ids.skill_group_id, self.skill_onsite)
        group = (
            self.env["service.contract.skill.group"]
            .with_user(self.manager)
            .create({"name": "Remote", "response_time": 2})
        )
        group.unlink()
        form.record.unlink()
        self.assertFalse(form.record.exists())

    def test_user_keeps_the_installed_base(self):
        lot = self.lot.with_user(self.user)
        with Form(lot, view="stock.view_production_lot_form") as form:
            form.service_usage_type = "commercial"
            form.service_address_id = self.partner_site
        self.assertEqual(self.lot.service_address_id, self.partner_site)
        self._create_contract(lot_ids=[Command.link(self.lot.id)])
        self.assertEqual(
            len(Form(lot, view="stock.view_production_lot_form").service_contract_ids),
            1,
        )
        lot.action_decommission()
        lot.action_put_in_service()
        lot.service_usage_type = "rental"
        self.assertEqual(self.lot.service_usage_type, "rental")
        contract = lot.with_context(
            service_contract_template_id=self.warranty_template.id
        ).action_create_warranty_contract()
        self.assertTrue(contract["res_id"])

    def test_employee_without_group_sees_no_contract(self):
        self._create_contract()
        with self.assertRaises(AccessError):
            self.env["service.contract"].with_user(self.employee).search([])
        with self.assertRaises(AccessError):
            self.env["service.contract.template"].with_user(self.employee).search([])

    def test_menus(self):
        Menu = self.env["ir.ui.menu"]
        root = self.env.ref("service_contract.menu_service_contract_root")
        config = self.env.ref("service_contract.menu_service_contract_config")
        templates = self.env.ref("service_contract.menu_service_contract_template")
        contracts = self.env.ref("service_contract.menu_service_contract_all")
        for user, visible, hidden in (
            (self.manager, root | config | templates | contracts, Menu),
            (self.user, root | contracts, config),
            (self.employee, Menu, root | contracts),
        ):
            menu_ids = Menu.with_user(user)._visible_menu_ids()
            self.assertTrue(set(visible.ids) <= menu_ids, user.login)
            self.assertFalse(set(hidden.ids) & menu_ids, user.login)
        # The templates menu hangs under the configuration menu, hidden to users.
        self.assertEqual(templates.parent_id, config)


@tagged("post_install", "-at_install")
class TestMultiCompany(ServiceContractCommon):
    """One company's contracts are invisible to another company's users."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company_b = cls.env["res.company"].create({"name": "Branch B"})
        cls.user_b = cls._create_user(
            "sc_user_b",
            "service_contract.group_service_contract_manager",
            company=cls.company_b,
        )
        cls.template_a = cls.env["service.contract.template"].create(
            {
                "name": "Company A warranty",
                "contract_type": "warranty",
                "company_id": cls.company.id,
            }
        )
        cls.contract_a = cls._create_contract(
            template_id=cls.warranty_template.id,
            lot_ids=[Command.link(cls.lot.id)],
        )

    def test_user_of_company_b_cannot_see_company_a_contracts(self):
        Contract = self.env["service.contract"].with_user(self.user_b)
        self.assertNotIn(self.contract_a, Contract.search([]))
        self.assertFalse(Contract.search([("partner_id", "=", self.partner.id)]))
        with self.assertRaises(AccessError):
            self.contract_a.with_user(self.user_b).read(["name"])
        with self.assertRaises(AccessError):
            self.contract_a.with_user(self.user_b).write({"note": "peek"})
        lines = self.env["service.contract.skill.line"].with_user(self.user_b)
        self.assertFalse(lines.search([("contract_id", "=", self.contract_a.id)]))
        self.assertEqual(self.partner.with_user(self.user_b).service_contract_count, 0)

    def test_company_b_contracts_stay_in_company_b(self):
        contract_b = (
            self.env["service.contract"]
            .with_user(self.user_b)
            .create(
                {
                    "partner_id": self.partner.id,
                    "template_id": self.warranty_template.id,
                }
            )
        )
        self.assertEqual(contract_b.company_id, self.company_b)
        self.assertEqual(
            self.env["service.contract"]
            .with_user(self.user_b)
            .search([("partner_id", "=", self.partner.id)]),
            contract_b,
        )
        user_a = self._create_user(
            "sc_user_a", "service_contract.group_service_contract_user"
        )
        self.assertNotIn(
            contract_b, self.env["service.contract"].with_user(user_a).search([])
        )

    def test_templates_by_company(self):
        Template = self.env["service.contract.template"].with_user(self.user_b)
        visible = Template.search([])
        self.assertIn(self.warranty_template, visible)  # shared
        self.assertNotIn(self.template_a, visible)
        with self.assertRaises(UserError):
            self.env["service.contract"].with_user(self.user_b).create(
                {"partner_id": self.partner.id, "template_id": self.template_a.id}
            )

    def test_sales_site_numbering_uses_its_company(self):
        contract_b = self._create_contract(company_id=self.company_b.id)
        self.assertEqual(contract_b.company_id, self.company_b)
        self.assertTrue(contract_b.name.startswith("SC/"))
