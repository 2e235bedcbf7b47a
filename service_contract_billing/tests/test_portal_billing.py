from odoo import Command
from odoo.tests import HttpCase, freeze_time, new_test_user, tagged

from .common import ServiceContractBillingCommon


@tagged("post_install", "-at_install")
class TestBillingPortal(ServiceContractBillingCommon, HttpCase):
    """The contract's posted invoices on its portal page, linking to the
    invoice's own portal page; another customer's stay hidden."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.other_customer = cls.env["res.partner"].create(
            {"name": "Fabrikam", "is_company": True}
        )
        cls.portal_user = cls._portal_user("sc_billing_portal", cls.customer)
        cls.contract = cls._contract()
        cls.other_contract = cls._contract(partner_id=cls.other_customer.id)
        with freeze_time("2026-01-05"):
            cls.contract.action_create_invoice()
            cls.contract.action_create_invoice()
            cls.other_contract.action_create_invoice()
        cls.posted = cls.contract.invoice_ids.sorted("service_period_start")[0]
        cls.draft = cls.contract.invoice_ids - cls.posted
        cls.posted.action_post()
        cls.other_contract.invoice_ids.action_post()

    @classmethod
    def _portal_user(cls, login, customer):
        contact = cls.env["res.partner"].create(
            {"name": f"{login} contact", "parent_id": customer.id}
        )
        return new_test_user(
            cls.env,
            login=login,
            groups="base.group_portal",
            partner_id=contact.id,
            company_id=cls.env.company.id,
            company_ids=[Command.set(cls.env.company.ids)],
        )

    def test_invoices_on_the_contract_page(self):
        self.assertEqual(len(self.draft), 1)
        self.assertEqual(self.draft.state, "draft")
        self.assertEqual(self.contract._get_portal_invoices(), self.posted)
        self.authenticate(self.portal_user.login, self.portal_user.login)
        page = self.url_open(self.contract.access_url)
        self.assertEqual(page.status_code, 200)
        self.assertIn(self.posted.name, page.text)
        self.assertIn(f"/my/invoices/{self.posted.id}?access_token=", page.text)
        self.assertNotIn(f"/my/invoices/{self.draft.id}", page.text)
        other = self.other_contract.invoice_ids
        self.assertNotIn(f"/my/invoices/{other.id}", page.text)
        # The link opens Odoo's own invoice page.
        invoice_page = self.url_open(f"/my/invoices/{self.posted.id}")
        self.assertEqual(invoice_page.status_code, 200)
        self.assertIn(self.posted.name, invoice_page.text)
