from odoo import Command
from odoo.tests import HttpCase, new_test_user


class ServiceContractPortalCommon(HttpCase):
    """Two customers, each with a portal user and a ready contract; built
    without demo data. The other addons' portal tests build on it."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        cls.company = cls.env.company
        cls.customer = cls.env["res.partner"].create(
            {"name": "Contoso Plant", "is_company": True}
        )
        cls.other_customer = cls.env["res.partner"].create(
            {"name": "Fabrikam", "is_company": True}
        )
        cls.manager_user = new_test_user(
            cls.env,
            login="sc_portal_manager",
            groups="service_contract.group_service_contract_user,"
            "base.group_partner_manager",
            company_id=cls.company.id,
            company_ids=[Command.set(cls.company.ids)],
        )
        cls.portal_user = cls._create_portal_user("sc_portal_contoso", cls.customer)
        cls.other_portal_user = cls._create_portal_user(
            "sc_portal_fabrikam", cls.other_customer
        )
        cls.skill_onsite = cls.env["service.contract.skill.group"].create(
            {
                "name": "On-site Repair",
                "code": "P-ONSITE",
                "response_time": 4,
                "resolution_time": 24,
            }
        )
        cls.template = cls.env["service.contract.template"].create(
            {
                "name": "Premium Maintenance",
                "contract_type": "maintenance",
                "duration": 1,
                "duration_unit": "year",
                "skill_line_ids": [
                    Command.create({"skill_group_id": cls.skill_onsite.id})
                ],
            }
        )
        cls.product_unit = cls.env["product.product"].create(
            {
                "name": "Portal Printer",
                "type": "consu",
                "is_storable": True,
                "tracking": "serial",
                "company_id": cls.company.id,
            }
        )
        cls.lot = cls.env["stock.lot"].create(
            {
                "name": "SN-PORTAL-0001",
                "product_id": cls.product_unit.id,
                "company_id": cls.company.id,
                "service_partner_id": cls.customer.id,
            }
        )
        cls.other_lot = cls.env["stock.lot"].create(
            {
                "name": "SN-PORTAL-0002",
                "product_id": cls.product_unit.id,
                "company_id": cls.company.id,
                "service_partner_id": cls.other_customer.id,
            }
        )
        cls.contract = cls._create_portal_contract(cls.customer, cls.lot)
        cls.other_contract = cls._create_portal_contract(
            cls.other_customer, cls.other_lot
        )

    @classmethod
    def _create_portal_user(cls, login, customer):
        contact = cls.env["res.partner"].create(
            {
                "name": f"{customer.name} contact",
                "parent_id": customer.id,
                "email": f"{login}@example.com",
            }
        )
        return new_test_user(
            cls.env,
            login=login,
            groups="base.group_portal",
            partner_id=contact.id,
            company_id=cls.company.id,
            company_ids=[Command.set(cls.company.ids)],
        )

    @classmethod
    def _create_portal_contract(cls, customer, lot, **values):
        vals = {
            "partner_id": customer.id,
            "template_id": cls.template.id,
            "user_id": cls.manager_user.id,
            "date_start": "2026-01-01",
            "lot_ids": [Command.link(lot.id)],
        }
        vals.update(values)
        contract = cls.env["service.contract"].create(vals)
        contract.action_ready()
        return contract

    def _get_page(self, url, **kw):
        """GET ``url`` without following redirects."""
        return self.url_open(url, allow_redirects=False, **kw)

    def assertRedirectsHome(self, response):
        self.assertIn(response.status_code, (302, 303))
        self.assertTrue(response.headers["Location"].endswith("/my"))
