import datetime

from dateutil.relativedelta import relativedelta

from odoo import Command, fields
from odoo.tests import new_test_user, tagged

from odoo.addons.account.tests.common import AccountTestInvoicingHttpCommon


@tagged("post_install", "-at_install")
class TestAccountantTour(AccountTestInvoicingHttpCommon):
    """An accountant previews and runs the invoicing, posts the invoice,
    registers a payment, sets a dispute code on an open item, sees which is
    paid and renews a contract from Contracts to Renew, in a real browser, as
    that user."""

    @classmethod
    def get_default_groups(cls):
        # The setup user (not the one the tour logs in as) makes contracts.
        return super().get_default_groups() | cls.env.ref(
            "service_contract.group_service_contract_manager"
        )

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        company = cls.company_data["company"]
        cls.accountant = new_test_user(
            cls.env,
            login="tour_accountant",
            groups="account.group_account_invoice,"
            "service_contract.group_service_contract_user",
            company_id=company.id,
            company_ids=[Command.set(company.ids)],
        )
        fee = cls.env["product.product"].create(
            {
                "name": "Tour Maintenance Fee",
                "type": "service",
                "list_price": 100.0,
                "property_account_income_id": cls.company_data[
                    "default_account_revenue"
                ].id,
                "taxes_id": [Command.clear()],
            }
        )
        template = cls.env["service.contract.template"].create(
            {
                "name": "Tour Yearly Maintenance",
                "contract_type": "maintenance",
                "duration": 1,
                "duration_unit": "year",
                "renewable": True,
            }
        )
        cls.code = cls.env["service.contract.dispute.code"].create(
            {"name": "Tour Price", "code": "TPRICE"}
        )
        today = fields.Date.today()
        customer, renewal_customer = cls.env["res.partner"].create(
            [
                {"name": "Tour Accounting Customer", "is_company": True},
                {"name": "Tour Renewal Customer", "is_company": True},
            ]
        )
        Contract = cls.env["service.contract"]
        cls.contract = Contract.create(
            {
                "partner_id": customer.id,
                "template_id": template.id,
                "date_start": today.replace(day=1),
                "billing_period": "month",
                "payment_term_id": cls.pay_terms_b.id,
                "billing_line_ids": [
                    Command.create(
                        {
                            "product_id": fee.id,
                            "price_unit": 100.0,
                            "price_basis": "period",
                        }
                    )
                ],
                "dispute_line_ids": [Command.create({"dispute_code_id": cls.code.id})],
            }
        )
        cls.contract.action_ready()
        cls.to_renew = Contract.create(
            {
                "partner_id": renewal_customer.id,
                "template_id": template.id,
                "date_start": today - relativedelta(years=1, days=10),
                "auto_renew": False,
                "state": "ready",
            }
        )
        cls.old_end = cls.to_renew.date_end
        assert cls.old_end < today and cls.to_renew.can_renew

    def test_invoice_pay_dispute_and_renew(self):
        self.start_tour(
            "/odoo/action-service_contract.action_service_contract",
            "accountant_tour",
            login="tour_accountant",
        )
        invoice = self.contract.invoice_ids
        self.assertRecordValues(
            invoice, [{"state": "posted", "payment_state": "partial"}]
        )
        items = self.contract.open_item_ids.sorted(
            lambda line: (line.date_maturity, line.id)
        )
        self.assertEqual(items.mapped("service_paid_amount"), [30.0, 0.0])
        self.assertEqual(items.mapped("service_dispute_code_id"), self.code)
        self.assertEqual(items[1].service_dispute_code_id, self.code)
        renewal = self.to_renew.renewal_ids
        self.assertRecordValues(
            renewal, [{"renewal_type": "manual", "user_id": self.accountant.id}]
        )
        self.assertGreater(
            self.to_renew.date_end, self.old_end + datetime.timedelta(days=300)
        )
