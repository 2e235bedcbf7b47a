from odoo import Command
from odoo.exceptions import UserError, ValidationError
from odoo.tests import Form, freeze_time, tagged

from .common import ServiceContractBillingCommon


@tagged("post_install", "-at_install")
class TestBilling(ServiceContractBillingCommon):
    @freeze_time("2026-03-15")
    def test_cron_invoices_every_overdue_period(self):
        contract = self._contract()
        self.assertEqual(str(contract.date_next_invoice), "2026-01-01")
        created = self.env["service.contract"]._cron_create_invoices()
        self.assertEqual(created, 3)
        self.assertEqual(
            self._periods(contract),
            [
                ("2026-01-01", "2026-01-31"),
                ("2026-02-01", "2026-02-28"),
                ("2026-03-01", "2026-03-31"),
            ],
        )
        moves = contract.invoice_ids.sorted("invoice_date")
        self.assertRecordValues(
            moves,
            [
                {
                    "invoice_date": moves[i].service_period_start,
                    "move_type": "out_invoice",
                    "state": "draft",
                    "partner_id": self.customer.id,
                    "amount_untaxed": 100.0,
                    "invoice_origin": contract.name,
                }
                for i in range(3)
            ],
        )
        for move in moves:
            self.assertRecordValues(
                move.invoice_line_ids,
                [
                    {
                        "service_period_start": move.service_period_start,
                        "service_period_end": move.service_period_end,
                        "product_id": self.fee.id,
                    }
                ],
            )
            self.assertIn(str(move.service_period_start), move.invoice_line_ids.name)
        self.assertEqual(str(contract.date_next_invoice), "2026-04-01")
        self.assertEqual(str(contract.invoiced_until), "2026-03-31")

    @freeze_time("2026-02-10")
    def test_first_period_prorata(self):
        contract = self._contract(date_start="2026-01-16")
        self.env["service.contract"]._cron_create_invoices()
        moves = contract.invoice_ids.sorted("invoice_date")
        self.assertEqual(
            self._periods(contract),
            [("2026-01-16", "2026-01-31"), ("2026-02-01", "2026-02-28")],
        )
        # 16 days of January's 31.
        self.assertAlmostEqual(moves[0].amount_untaxed, round(100 * 16 / 31, 2))
        self.assertAlmostEqual(moves[1].amount_untaxed, 100.0)

    @freeze_time("2026-03-10")
    def test_no_prorata_periods_follow_start_date(self):
        contract = self._contract(date_start="2026-01-16", first_period_prorata=False)
        self.env["service.contract"]._cron_create_invoices()
        self.assertEqual(
            self._periods(contract),
            [("2026-01-16", "2026-02-15"), ("2026-02-16", "2026-03-15")],
        )
        self.assertEqual(contract.invoice_ids.mapped("amount_untaxed"), [100.0, 100.0])

    @freeze_time("2026-07-02")
    def test_annual_basis_quarterly(self):
        contract = self._contract(
            price=1200.0, basis="annual", billing_period="quarter"
        )
        self.assertEqual(contract.amount_annual, 1200.0)
        self.env["service.contract"]._cron_create_invoices()
        self.assertEqual(
            self._periods(contract),
            [
                ("2026-01-01", "2026-03-31"),
                ("2026-04-01", "2026-06-30"),
                ("2026-07-01", "2026-09-30"),
            ],
        )
        self.assertEqual(contract.invoice_ids.mapped("amount_untaxed"), [300.0] * 3)

    @freeze_time("2026-03-15")
    def test_invoice_at_end_of_period(self):
        contract = self._contract(invoice_timing="end")
        self.env["service.contract"]._cron_create_invoices()
        self.assertEqual(
            self._periods(contract),
            [("2026-01-01", "2026-01-31"), ("2026-02-01", "2026-02-28")],
        )
        self.assertEqual(
            sorted(str(d) for d in contract.invoice_ids.mapped("invoice_date")),
            ["2026-01-31", "2026-02-28"],
        )
        self.assertEqual(str(contract.date_next_invoice), "2026-03-31")

    def test_accounting_settings_reach_the_invoice(self):
        journal = self.company_data["default_journal_sale"].copy({"code": "SCB"})
        with freeze_time("2026-01-05"):
            contract = self._contract(
                journal_id=journal.id,
                payment_term_id=self.pay_terms_b.id,
                fiscal_position_id=self.fiscal_pos_a.id,
            )
            action = contract.action_create_invoice()
        move = contract.invoice_ids
        self.assertEqual(action["res_id"], move.id)
        self.assertRecordValues(
            move,
            [
                {
                    "journal_id": journal.id,
                    "invoice_payment_term_id": self.pay_terms_b.id,
                    "fiscal_position_id": self.fiscal_pos_a.id,
                    "currency_id": contract.currency_id.id,
                    "company_id": contract.company_id.id,
                    "invoice_date": contract.date_start,
                }
            ],
        )

    def test_other_currency(self):
        currency = self.setup_other_currency("EUR")
        with freeze_time("2026-01-05"):
            contract = self._contract(currency_id=currency.id)
            contract.action_create_invoice()
        self.assertEqual(contract.invoice_ids.currency_id, currency)
        self.assertEqual(contract.invoice_ids.amount_untaxed, 100.0)

    def test_create_invoice_now_invoices_next_period(self):
        contract = self._contract()
        with freeze_time("2026-01-20"):
            contract.action_create_invoice()
            self.assertEqual(self._periods(contract), [("2026-01-01", "2026-01-31")])
            # Nothing is due any more: the next period is invoiced ahead, today.
            contract.action_create_invoice()
        self.assertEqual(
            self._periods(contract),
            [("2026-01-01", "2026-01-31"), ("2026-02-01", "2026-02-28")],
        )
        feb = contract.invoice_ids.filtered(
            lambda m: str(m.service_period_start) == "2026-02-01"
        )
        self.assertEqual(str(feb.invoice_date), "2026-01-20")

    def test_no_advance_billing_before_start(self):
        contract = self._contract(date_start="2026-06-01")
        with (
            freeze_time("2026-05-20"),
            self.assertRaisesRegex(UserError, "No advance billing"),
        ):
            contract.action_create_invoice()
        self.assertFalse(contract.invoice_ids)

    @freeze_time("2026-03-15")
    def test_deleted_or_cancelled_draft_puts_period_back(self):
        contract = self._contract()
        self.env["service.contract"]._cron_create_invoices()
        feb = contract.invoice_ids.filtered(
            lambda m: str(m.service_period_start) == "2026-02-01"
        )
        feb.unlink()
        self.assertEqual(str(contract.date_next_invoice), "2026-02-01")
        self.env["service.contract"]._cron_create_invoices()
        self.assertEqual(len(self._periods(contract)), 3)
        self.assertEqual(str(contract.date_next_invoice), "2026-04-01")

        jan = contract.invoice_ids.filtered(
            lambda m: str(m.service_period_start) == "2026-01-01"
        )
        jan.button_cancel()
        self.assertEqual(str(contract.date_next_invoice), "2026-01-01")
        self.env["service.contract"]._cron_create_invoices()
        self.assertEqual(
            self._periods(contract),
            [
                ("2026-01-01", "2026-01-31"),
                ("2026-02-01", "2026-02-28"),
                ("2026-03-01", "2026-03-31"),
            ],
        )
        # The cancelled one cannot come back: its period is invoiced again.
        with self.assertRaisesRegex(UserError, "invoiced again"):
            jan.button_draft()

    def test_billing_period_change_keeps_invoiced_days(self):
        contract = self._contract(price=100.0)
        with freeze_time("2026-01-20"):
            contract.action_create_invoice()
        contract.billing_period = "quarter"
        contract.billing_line_ids.price_unit = 300.0
        self.assertEqual(str(contract.date_next_invoice), "2026-02-01")
        with freeze_time("2026-02-10"):
            self.env["service.contract"]._cron_create_invoices()
        # January was invoiced monthly: the rest of the quarter is billed
        # pro-rata, no day twice and no day lost.
        self.assertEqual(
            self._periods(contract),
            [("2026-01-01", "2026-01-31"), ("2026-02-01", "2026-03-31")],
        )
        rest = contract.invoice_ids.filtered(
            lambda m: str(m.service_period_start) == "2026-02-01"
        )
        self.assertAlmostEqual(rest.amount_untaxed, round(300 * 59 / 90, 2))

    def test_warranty_contracts_are_free(self):
        with self.assertRaisesRegex(ValidationError, "warranty contracts are free"):
            self._contract(contract_type="warranty", template_id=False)
        warranty = self._contract(contract_type="warranty", template_id=False, lines=[])
        self.assertFalse(warranty.billable)
        self.assertFalse(warranty.date_next_invoice)
        with self.assertRaisesRegex(UserError, "warranty contracts are free"):
            warranty.action_create_invoice()

    def test_draft_contract_not_invoiced(self):
        contract = self._contract(state="draft")
        with freeze_time("2026-02-10"):
            self.env["service.contract"]._cron_create_invoices()
            self.assertFalse(contract.invoice_ids)
            with self.assertRaisesRegex(UserError, "must be ready"):
                contract.action_create_invoice()

    def test_per_covered_unit(self):
        lots = self.env["stock.lot"].create(
            [
                {
                    "name": f"SN-B-{i}",
                    "product_id": self.unit_product.id,
                    "service_partner_id": self.customer.id,
                    "service_delivery_date": day,
                }
                for i, day in enumerate(["2025-12-01", "2025-12-15", "2026-02-10"])
            ]
        )
        contract = self._contract(
            lot_ids=[Command.set(lots.ids)],
            lines=[
                Command.create(
                    {
                        "product_id": self.fee.id,
                        "price_unit": 10.0,
                        "per_covered_unit": True,
                    }
                )
            ],
        )
        with freeze_time("2026-03-05"):
            self.env["service.contract"]._cron_create_invoices()
        quantities = [
            (str(m.service_period_start), m.invoice_line_ids.quantity)
            for m in contract.invoice_ids.sorted("service_period_start")
        ]
        self.assertEqual(
            quantities,
            [("2026-01-01", 2.0), ("2026-02-01", 2.0), ("2026-03-01", 3.0)],
        )

    def test_points_package_adds_points_when_invoiced(self):
        contract = self._contract(
            contract_type="points",
            template_id=False,
            date_end="2026-12-31",
            billing_period="year",
            points_total=5.0,
            lines=[
                Command.create(
                    {
                        "product_id": self.points_pack.id,
                        "price_unit": 500.0,
                        "points": 10,
                    }
                )
            ],
        )
        with freeze_time("2026-01-10"):
            contract.action_create_invoice()
        self.assertEqual(contract.points_total, 15.0)
        self.assertEqual(contract.points_remaining, 15.0)
        self.assertEqual(contract.invoice_ids.invoice_line_ids.service_points, 10.0)
        self.assertIn("+10.0 points", contract.invoice_ids.invoice_line_ids.name)
        self.assertEqual(self.customer.service_points_remaining, 15.0)
        invoice = contract.invoice_ids
        self.assertRecordValues(
            contract.points_move_ids.sorted("id"),
            [
                {"kind": "initial", "points": 5.0, "invoice_id": False},
                {"kind": "purchase", "points": 10.0, "invoice_id": invoice.id},
            ],
        )
        invoice.button_cancel()
        self.assertEqual(contract.points_total, 5.0)
        # The cancellation is a row of its own: the purchase stays in the
        # ledger, and the balance is their sum.
        self.assertRecordValues(
            contract.points_move_ids.sorted("id")[1:],
            [
                {"kind": "purchase", "points": 10.0, "invoice_id": invoice.id},
                {"kind": "purchase", "points": -10.0, "invoice_id": invoice.id},
            ],
        )

    def test_form_adds_invoicing_elements(self):
        contract = self._contract(lines=[])
        with Form(contract) as form:
            form.billing_period = "quarter"
            with form.billing_line_ids.new() as line:
                line.product_id = self.fee
                self.assertEqual(line.price_unit, 100.0)
                line.price_basis = "annual"
                line.price_unit = 2400.0
        self.assertRecordValues(
            contract.billing_line_ids,
            [
                {
                    "name": "Maintenance Fee",
                    "amount_period": 600.0,
                    "amount_annual": 2400.0,
                }
            ],
        )

    def test_preview_shows_next_run_without_invoicing(self):
        contract = self._contract()
        other = self._contract(date_start="2026-03-01")
        with freeze_time("2026-02-15"):
            preview = self.env["service.contract.invoice.preview"].create(
                {"mode": "run"}
            )
            preview.action_compute()
            self.assertEqual(str(preview.date), "2026-02-15")
            self.assertRecordValues(
                preview.line_ids.sorted("period_start"),
                [
                    {
                        "contract_id": contract.id,
                        "period_start": contract.date_start,
                        "amount_untaxed": 100.0,
                    },
                    {
                        "contract_id": contract.id,
                        "period_start": contract.date_start.replace(month=2),
                        "amount_untaxed": 100.0,
                    },
                ],
            )
            self.assertEqual(preview.amount_untaxed, 200.0)
            self.assertFalse(contract.invoice_ids)
            preview.action_run()
        self.assertEqual(len(contract.invoice_ids), 2)
        self.assertFalse(other.invoice_ids)

    def test_schedule_report(self):
        contract = self._contract(
            date_end="2026-06-30", template_id=False, renewable=False
        )
        with freeze_time("2026-01-15"):
            rows = contract._get_billing_schedule(contract.date_end)
            self.assertEqual(len(rows), 6)
            self.assertEqual(sum(r["amount_untaxed"] for r in rows), 600.0)
            preview = self.env["service.contract.invoice.preview"].create(
                {"mode": "schedule"}
            )
            self.assertEqual(str(preview.date), "2027-01-15")
            action = preview.action_view_lines()
            self.assertEqual(
                action["res_model"], "service.contract.invoice.preview.line"
            )
            self.assertEqual(len(preview.line_ids), 6)
            html, _type = self.env["ir.actions.report"]._render_qweb_html(
                "service_contract_billing.report_service_contract_schedule",
                contract.ids,
            )
        self.assertIn(contract.name, html.decode())
        self.assertIn("2026-06-01".replace("-", "/")[:4], html.decode())
