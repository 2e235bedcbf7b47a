from odoo.exceptions import ValidationError
from odoo.tests import Form, freeze_time, tagged

from .common import ServiceContractBillingCommon


@tagged("post_install", "-at_install")
class TestOpenItems(ServiceContractBillingCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Code = cls.env["service.contract.dispute.code"]
        cls.code_price = Code.create({"code": "T-PRICE", "name": "Price disputed"})
        cls.code_service = Code.create({"code": "T-SERV", "name": "Not rendered"})
        cls.code_other = Code.create({"code": "T-OTHER", "name": "Other"})

    def test_duplicate_dispute_code_refused(self):
        contract = self._contract()
        contract.dispute_line_ids = [(0, 0, {"dispute_code_id": self.code_price.id})]
        with self.assertRaisesRegex(
            ValidationError, "This dispute code has already been entered."
        ):
            contract.dispute_line_ids = [
                (0, 0, {"dispute_code_id": self.code_price.id})
            ]
        with self.assertRaisesRegex(
            ValidationError, "This dispute code has already been entered."
        ):
            self.env["service.contract.dispute.code"].create(
                {"code": "T-PRICE", "name": "Again"}
            )

    def test_dispute_codes_are_the_codes_of_the_lines(self):
        contract = self._contract()
        contract.dispute_line_ids = [
            (0, 0, {"dispute_code_id": self.code_price.id}),
            (0, 0, {"dispute_code_id": self.code_service.id}),
        ]
        self.assertEqual(contract.dispute_code_ids, self.code_price | self.code_service)
        self.assertIn(
            contract,
            self.env["service.contract"].search(
                [("dispute_code_ids", "in", self.code_service.ids)]
            ),
        )
        # Writing the codes adds and removes lines; a code appears once.
        price_line = contract.dispute_line_ids.filtered(
            lambda line: line.dispute_code_id == self.code_price
        )
        contract.dispute_code_ids = self.code_price | self.code_other
        self.assertEqual(
            contract.dispute_line_ids.dispute_code_id, self.code_price | self.code_other
        )
        self.assertEqual(len(contract.dispute_line_ids), 2)
        self.assertIn(price_line, contract.dispute_line_ids)
        contract.dispute_code_ids = False
        self.assertFalse(contract.dispute_line_ids)

    def test_invoices_open_items_payments_and_disputes(self):
        contract = self._contract(payment_term_id=self.pay_terms_b.id)
        contract.dispute_line_ids = [
            (0, 0, {"dispute_code_id": self.code_price.id}),
            (0, 0, {"dispute_code_id": self.code_service.id}),
        ]
        with freeze_time("2026-02-10"):
            self.env["service.contract"]._cron_create_invoices()
            moves = contract.invoice_ids
            moves.action_post()
        # Newest first.
        self.assertEqual(
            [str(d) for d in contract.invoice_ids.mapped("invoice_date")],
            ["2026-02-01", "2026-01-01"],
        )
        items = contract.open_item_ids.sorted(
            lambda line: (line.date_maturity, line.id)
        )
        self.assertEqual(len(items), 4)  # 30 % now and 70 % later, per invoice
        self.assertTrue(all(i.account_type == "asset_receivable" for i in items))
        self.assertEqual(sorted(items.mapped("balance")), [30.0, 30.0, 70.0, 70.0])

        jan = moves.filtered(lambda m: str(m.invoice_date) == "2026-01-01")
        with freeze_time("2026-02-15"):
            self.env["account.payment.register"].with_context(
                active_model="account.move", active_ids=jan.ids
            ).create({"amount": 100.0, "payment_date": "2026-02-15"})._create_payments()
        jan_items = contract.open_item_ids.filtered(lambda line: line.move_id == jan)
        self.assertEqual(sum(jan_items.mapped("service_paid_amount")), 100.0)
        self.assertTrue(all(jan_items.mapped("service_payment_info")))
        action = jan_items[0].action_open_service_payments()
        self.assertTrue(action["domain"][0][2])

        feb_item = contract.open_item_ids.filtered(lambda line: line.move_id != jan)[0]
        self.assertEqual(
            feb_item.service_allowed_dispute_code_ids,
            self.code_price | self.code_service,
        )
        feb_item.service_dispute_code_id = self.code_price
        self.assertEqual(feb_item.service_dispute_code_id, self.code_price)
        with self.assertRaisesRegex(ValidationError, "not accepted by contract"):
            feb_item.service_dispute_code_id = self.code_other

    def test_dispute_code_from_the_contract_form(self):
        contract = self._contract()
        contract.dispute_line_ids = [(0, 0, {"dispute_code_id": self.code_price.id})]
        with freeze_time("2026-01-10"):
            contract.action_create_invoice()
            contract.invoice_ids.action_post()
        with Form(contract) as form:
            with form.open_item_ids.edit(0) as item:
                item.service_dispute_code_id = self.code_price
        self.assertEqual(
            contract.open_item_ids.service_dispute_code_id, self.code_price
        )
