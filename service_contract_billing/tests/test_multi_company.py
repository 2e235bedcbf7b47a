from odoo.exceptions import AccessError
from odoo.tests import Form, freeze_time, new_test_user, tagged

from .common import ServiceContractBillingCommon


@tagged("post_install", "-at_install")
class TestMultiCompany(ServiceContractBillingCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company_a = cls.env.company
        cls.company_b = cls.setup_other_company(name="Company B")["company"]
        cls.user_b = new_test_user(
            cls.env,
            login="billing_b",
            groups="service_contract.group_service_contract_manager,"
            "account.group_account_invoice",
            company_id=cls.company_b.id,
            company_ids=[(6, 0, cls.company_b.ids)],
        )
        cls.index_a = cls.env["service.contract.index"].create(
            {
                "name": "A only",
                "company_id": cls.company_a.id,
                "value_ids": [(0, 0, {"date": "2025-01-01", "value": 100.0})],
            }
        )
        cls.contract_a = cls._contract(
            revaluation_method="percent", revaluation_percent=2.0
        )
        cls.env.user.company_ids |= cls.company_b
        cls.contract_b = cls._contract(
            company_id=cls.company_b.id, template_id=False, date_end="2026-12-31"
        )

    def test_cron_invoices_each_company_in_its_own_books(self):
        with freeze_time("2026-01-10"):
            self.env["service.contract"]._cron_create_invoices()
            self.contract_a.action_revalue()
        self.assertEqual(self.contract_a.invoice_ids.company_id, self.company_a)
        self.assertEqual(self.contract_b.invoice_ids.company_id, self.company_b)
        self.assertEqual(
            self.contract_b.invoice_ids.journal_id.company_id, self.company_b
        )

    def test_company_b_user_cannot_read_company_a_billing(self):
        with freeze_time("2026-01-10"):
            self.env["service.contract"]._cron_create_invoices()
            self.contract_a.action_revalue()
        env_b = self.env(
            user=self.user_b, context={"allowed_company_ids": self.company_b.ids}
        )
        Contract = env_b["service.contract"]
        self.assertEqual(
            Contract.search([("id", "in", (self.contract_a | self.contract_b).ids)]),
            self.contract_b,
        )
        for model, records in (
            ("service.contract.billing.line", self.contract_a.billing_line_ids),
            ("service.contract.revaluation", self.contract_a.revaluation_ids),
            ("account.move", self.contract_a.invoice_ids),
            ("service.contract.index", self.index_a),
        ):
            self.assertTrue(records, model)
            self.assertFalse(env_b[model].search([("id", "in", records.ids)]), model)
            with self.assertRaises(AccessError):
                records.with_env(env_b).read(["id"])
        # Its own contract is fine.
        self.assertTrue(self.contract_b.with_env(env_b).invoice_ids)

    def test_service_user_without_accounting_rights_uses_the_contract(self):
        user = new_test_user(
            self.env,
            login="service_only",
            groups="service_contract.group_service_contract_user",
            company_id=self.company_a.id,
            company_ids=[(6, 0, self.company_a.ids)],
        )
        self.contract_a.journal_id = self.company_data["default_journal_sale"]
        contract = self.contract_a.with_user(user)
        with Form(contract) as form:
            self.assertEqual(form.billing_period, "month")
            form.billing_period = "quarter"
        self.assertEqual(contract.billing_period, "quarter")
        with freeze_time("2027-01-05"):
            self.assertTrue(contract.can_renew)
            contract.action_renew()
        self.assertEqual(contract.renewal_ids.user_id, user)
        with self.assertRaises(AccessError):
            contract.action_create_invoice()
