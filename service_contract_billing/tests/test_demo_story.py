from dateutil.relativedelta import relativedelta

from odoo import fields
from odoo.exceptions import UserError
from odoo.tests import tagged

from odoo.addons.service_contract.tests.demo_story_common import DemoStoryCase

TO_RENEW = "service_contract_billing.report_service_contract_to_renew"


@tagged("post_install", "-at_install")
class TestDemoStory(DemoStoryCase):
    """After an install with demo data, Northwind's maintenance fee has posted
    invoices, one paid and one disputed open item, a renewal and a
    revaluation in its histories."""

    story_groups = (
        "service_contract.group_service_contract_user,account.group_account_invoice"
    )

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.contract = cls.env.ref(
            "service_contract_billing.demo_contract_billing_maintenance"
        ).with_user(cls.user)

    def test_invoices_open_items_renewal_revaluation(self):
        contract = self.contract
        self.assertEqual(
            contract.partner_id, self.env.ref("service_contract.partner_northwind")
        )
        invoices = contract.invoice_ids
        self.assertGreaterEqual(len(invoices), 2)
        self.assertEqual(set(invoices.mapped("state")), {"posted"})
        receivables = invoices.line_ids.filtered(
            lambda line: line.account_id.account_type == "asset_receivable"
        )
        paid = receivables.filtered("reconciled")
        self.assertEqual(len(paid), 1)
        self.assertIn(paid.move_id.payment_state, ("paid", "in_payment"))
        self.assertEqual(paid.service_paid_amount, paid.move_id.amount_total)
        self.assertTrue(paid.service_payment_info)
        disputed = receivables.filtered("service_dispute_code_id")
        self.assertEqual(len(disputed), 1)
        self.assertFalse(disputed.reconciled)
        self.assertIn(disputed.service_dispute_code_id, contract.dispute_code_ids)
        # Invoicing past the end date renewed it; then it was revalued by index.
        self.assertEqual(len(contract.renewal_ids), 1)
        renewal = contract.renewal_ids
        self.assertEqual(renewal.date_end_new, contract.date_end)
        self.assertGreater(renewal.date_end_new, renewal.date_end_old)
        self.assertEqual(len(contract.revaluation_ids), 1)
        revaluation = contract.revaluation_ids
        self.assertEqual(revaluation.method, "index")
        self.assertAlmostEqual(
            revaluation.amount_new,
            revaluation.amount_old
            * revaluation.index_value_new
            / revaluation.index_value_base,
            delta=0.01 * len(contract.billing_line_ids),
        )
        self.assertGreater(revaluation.amount_new, revaluation.amount_old)
        self.assertEqual(contract.amount_annual, revaluation.amount_new)

    def test_contract_report_billing_section(self):
        """The contract PDF shows the invoicing terms, the invoicing elements
        and the next scheduled invoices."""
        contract = self.contract
        html = self._render(contract)
        self.assertIn("Invoicing terms", html)
        self.assertIn("Quarterly", html)
        self.assertIn(contract.index_id.name, html)
        self.assertIn("Invoicing elements", html)
        for line in contract.billing_line_ids:
            self.assertIn(line.name.split("\n")[0], html)
        self.assertIn("Next invoices", html)
        self.assertIn("o_service_billing_schedule", html)
        schedule = contract._get_billing_schedule(
            fields.Date.context_today(contract) + relativedelta(months=12)
        )
        self.assertTrue(schedule)
        first = schedule[0]["invoice_date"]
        self.assertIn(first.strftime("%m/%d/%Y"), html)
        self.assertNotIn("Invoicing terms", self._render(self._bare_contract()))

    def test_contracts_to_renew_prints_only_renewable(self):
        Contract = self.user_env["service.contract"]
        renewable = Contract.search([("can_renew", "=", True)])
        self.assertTrue(renewable)
        html = self._render(renewable, TO_RENEW)
        for contract in renewable:
            self.assertIn(contract.name, html)
        # The demo contract was just renewed: its end date is a year away.
        self.assertFalse(self.contract.can_renew)
        with self.assertRaisesRegex(UserError, self.contract.name) as refused:
            self._render(renewable | self.contract, TO_RENEW)
        message = str(refused.exception)
        self.assertIn("only contracts that can be renewed", message)
        self.assertIn("neither reached nor invoiced up to", message)
        for contract in renewable:
            self.assertNotIn(contract.name, message)
        draft = self.env.ref("service_contract.contract_maintenance_draft")
        with self.assertRaisesRegex(UserError, rf"{draft.name} \(status Draft\)"):
            self._render(draft, TO_RENEW)
