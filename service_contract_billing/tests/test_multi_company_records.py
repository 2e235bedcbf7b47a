from odoo.tests import freeze_time, new_test_user, tagged

from odoo.addons.service_contract.tests.access_common import AccessTableMixin

from .common import ServiceContractBillingCommon


@tagged("post_install", "-at_install")
class TestBillingMultiCompanyRecords(AccessTableMixin, ServiceContractBillingCommon):
    """A user of company B sees none of company A's invoicing elements,
    invoices, renewals or revaluations: not through search, read,
    name_search, grouped lists or export."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # A company with its own chart of accounts, so that it could invoice.
        cls.company_b = cls.setup_other_company(name="Company B")["company"]
        cls.user_b = new_test_user(
            cls.env,
            login="billing_records_b",
            groups="service_contract.group_service_contract_manager,"
            "account.group_account_invoice,base.group_allow_export",
            company_id=cls.company_b.id,
            company_ids=[(6, 0, cls.company_b.ids)],
        )
        cls.contract_a = cls._contract(
            revaluation_method="percent", revaluation_percent=2.0
        )

    def test_company_a_billing_is_out_of_company_b_reach(self):
        with freeze_time("2026-01-10"):
            self.env["service.contract"]._cron_create_invoices()
            self.contract_a.action_revalue()
        self.assertTrue(self.contract_a.invoice_ids)
        self.assertTrue(self.contract_a.revaluation_ids)
        for records in (
            self.contract_a,
            self.contract_a.billing_line_ids,
            self.contract_a.invoice_ids,
            self.contract_a.revaluation_ids,
        ):
            with self.subTest(model=records._name):
                self._assert_out_of_reach(self.user_b, records)
