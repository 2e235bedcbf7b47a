from datetime import datetime

from dateutil.relativedelta import relativedelta
from lxml import etree

from odoo import Command
from odoo.tests import Form, freeze_time, tagged
from odoo.tools.safe_eval import safe_eval

from .common import ServiceContractCommon


@tagged("post_install", "-at_install")
class TestViewsAndReport(ServiceContractCommon):
    """Every view of the app loads, and the contract report renders."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.user = cls._create_user(
            "sc_view_user",
            "service_contract.group_service_contract_user,sales_team.group_sale_salesman",
        )

    def _check_action_views(self, xmlid, user):
        action = self.env.ref(xmlid)
        model = self.env[action.res_model].with_user(user)
        view_types = [view_type for _view_id, view_type in action.views]
        views = [*action.views, (action.search_view_id.id, "search")]
        result = model.get_views(views, {"action_id": action.id})
        for view_type in [*view_types, "search"]:
            self.assertIn(view_type, result["views"], xmlid)
            self.assertTrue(result["views"][view_type]["arch"], xmlid)
        return result

    def test_contract_views_load(self):
        result = self._check_action_views(
            "service_contract.action_service_contract", self.user
        )
        self.assertEqual(
            set(result["views"]),
            {
                "list",
                "kanban",
                "form",
                "pivot",
                "graph",
                "calendar",
                "activity",
                "search",
            },
        )
        form = result["views"]["form"]["arch"]
        for name in ("action_ready", "action_cancel", "skill_line_ids", "lot_ids"):
            self.assertIn(name, form)
        self.assertIn('default_group_by="state"', result["views"]["kanban"]["arch"])
        search = result["views"]["search"]["arch"]
        for name in (
            "my_contracts",
            "to_renew",
            "expiring_soon",
            "expired",
            "warranty",
            "group_partner",
        ):
            self.assertIn(f'name="{name}"', search)

    def test_every_action_of_the_app_loads(self):
        manager = self._create_user(
            "sc_view_manager", "service_contract.group_service_contract_manager"
        )
        for xmlid in (
            "service_contract.action_service_contract_my",
            "service_contract.action_service_contract_to_renew",
            "service_contract.action_service_contract_analysis",
            "service_contract.action_service_contract_template",
            "service_contract.action_service_contract_skill_group",
            "service_contract.action_installed_base",
        ):
            self._check_action_views(xmlid, manager)

    def test_every_entry_opens_the_one_unit_form(self):
        """Installed Base, the Units button and the Equipment list open
        Inventory's lot form, which each addon extends."""
        lot_form = self.env.ref("stock.view_production_lot_form")
        contract = self._create_contract(lot_ids=[Command.link(self.lot.id)])
        for entry, view_id in self._unit_form_entries(contract).items():
            self.assertEqual(view_id, lot_form.id, entry)
            arch = self.lot.with_user(self.user).get_views([(view_id, "form")])[
                "views"
            ]["form"]["arch"]
            self.assertIn('name="installed_base"', arch, entry)
            with Form(self.lot.with_user(self.user), view=view_id) as form:
                self.assertEqual(form.service_partner_id, self.lot.service_partner_id)
                self.assertEqual(len(form.service_contract_ids), 1, entry)
                self.assertEqual(form.note, self.lot.note, entry)

    def test_inherited_views_load(self):
        for model, marker in (
            ("stock.lot", "Create Warranty Contract"),
            ("sale.order", "action_view_service_contracts"),
            ("res.partner", "action_view_service_contracts"),
            ("product.template", "service_contract_template_id"),
        ):
            arch = self.env[model].get_views([(False, "form")])["views"]["form"]["arch"]
            self.assertIn(marker, arch, model)

    def test_settings_page_of_the_app(self):
        """One "Service Contracts" page in the settings, opened from the
        app's Configuration menu, where the other addons add their blocks."""
        action = self.env.ref("service_contract.action_service_contract_settings")
        self.assertEqual(
            action.context, "{'module': 'service_contract', 'bin_size': False}"
        )
        arch = etree.fromstring(
            self.env["res.config.settings"].get_views([(False, "form")])["views"][
                "form"
            ]["arch"]
        )
        apps = arch.xpath("//app[@name='service_contract']")
        self.assertEqual(len(apps), 1)
        links = {
            button.get("name") for button in apps[0].xpath(".//button[@type='action']")
        }
        self.assertEqual(
            links,
            {
                str(
                    self.env.ref("service_contract.action_service_contract_template").id
                ),
                str(
                    self.env.ref(
                        "service_contract.action_service_contract_skill_group"
                    ).id
                ),
            },
        )
        menu = self.env.ref("service_contract.menu_service_contract_settings")
        self.assertEqual(menu.action, action)
        self.assertEqual(
            menu.parent_id,
            self.env.ref("service_contract.menu_service_contract_config"),
        )
        self.assertEqual(menu.groups_id, self.env.ref("base.group_system"))

    @freeze_time("2026-06-15")
    def test_search_filters_run(self):
        """Each filter of the search view is a valid domain, with the expected
        contracts in it."""
        soon = self._create_contract(
            state="ready", date_start="2026-01-01", user_id=self.user.id
        )
        later = self._create_contract(state="ready", date_start="2026-06-01")
        expired = self._create_contract(state="ready", date_start="2025-01-01")
        self.assertEqual(expired.state, "expired")
        arch = self.env["service.contract"].get_views([(False, "search")])["views"][
            "search"
        ]["arch"]
        Contract = self.env["service.contract"].with_user(self.user)
        eval_context = {
            "uid": self.user.id,
            "context_today": lambda: datetime.now(),
            "relativedelta": relativedelta,
            "datetime": datetime,
        }
        found = {}
        for node in etree.fromstring(arch).iter("filter"):
            if node.get("domain"):
                domain = safe_eval(node.get("domain"), eval_context)
                found[node.get("name")] = Contract.search(domain)
        mine = soon | later | expired
        self.assertEqual(found["my_contracts"] & mine, soon)
        self.assertEqual(found["expiring_soon"] & mine, soon)
        self.assertEqual(found["expired"] & mine, expired)
        self.assertEqual(found["to_renew"] & mine, soon | expired)
        self.assertEqual(found["maintenance"] & mine, mine)
        self.assertFalse(found["warranty"] & mine)

    def test_report_renders(self):
        self.lot.service_address_id = self.partner_site
        contract = self._create_contract(
            template_id=self.warranty_template.id,
            external_ref="PO-77",
            terms="<p>Parts and labour for one year.</p>",
            lot_ids=[Command.link(self.lot.id)],
        )
        report = self.env.ref("service_contract.action_report_service_contract")
        html, report_type = report._render_qweb_html(report.report_name, contract.ids)
        self.assertEqual(report_type, "html")
        html = html.decode()
        for text in (
            contract.name,
            "Contoso Plant",
            "SN-T-0001",
            "Workshop B",
            "On-site",
            "PO-77",
            "Parts and labour for one year.",
        ):
            self.assertIn(text, html)
        content, content_type = report._render_qweb_pdf(
            report.report_name, contract.ids
        )
        self.assertTrue(content)
        self.assertIn(content_type, ("pdf", "html"))
        self.assertEqual(report.print_report_name, "'Contract - %s' % object.name")

    def test_report_whole_installed_base_and_points(self):
        template = self.env["service.contract.template"].create(
            {"name": "Points", "contract_type": "points", "points_total": 40}
        )
        contract = self._create_contract(template_id=template.id, points_used=5)
        html, _type = self.env["ir.actions.report"]._render_qweb_html(
            "service_contract.report_service_contract", contract.ids
        )
        self.assertIn("covers every unit installed", html.decode())
        self.assertIn("Points:", html.decode())
