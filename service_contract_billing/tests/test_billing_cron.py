from unittest.mock import patch

import psycopg2
from psycopg2.errors import SerializationFailure

from odoo.tests import freeze_time, tagged
from odoo.tools import mute_logger

from .common import ServiceContractBillingCommon


class Interrupted(BaseException):
    """Stands for a worker killed in the middle of a run (not an error the
    run could catch and retry)."""


@tagged("post_install", "-at_install")
class TestBillingCron(ServiceContractBillingCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.contracts = cls.env["service.contract"].browse(
            [cls._contract(price=10.0 * (i + 1)).id for i in range(12)]
        )
        cls.expected = [
            ("2026-01-01", "2026-01-31"),
            ("2026-02-01", "2026-02-28"),
            ("2026-03-01", "2026-03-31"),
        ]

    def _assert_each_period_once(self):
        for contract in self.contracts:
            self.assertEqual(self._periods(contract), self.expected, contract.name)

    @freeze_time("2026-03-15")
    def test_run_twice_invoices_nothing_more(self):
        Contract = self.env["service.contract"]
        self.assertEqual(Contract._cron_create_invoices(batch_size=5), 36)
        self.assertEqual(Contract._cron_create_invoices(batch_size=5), 0)
        self._assert_each_period_once()
        due = Contract._get_invoicing_domain(self.contracts[0].date_next_invoice)
        self.assertEqual(
            Contract.search_count(due + [("id", "in", self.contracts.ids)]), 12
        )
        self.assertTrue(
            all(str(c.date_next_invoice) == "2026-04-01" for c in self.contracts)
        )

    @freeze_time("2026-03-15")
    def test_interrupted_run_loses_nothing_and_repeats_nothing(self):
        Contract = self.env["service.contract"]
        ServiceContract = type(Contract)
        original = ServiceContract._create_invoices
        calls = []

        def crash_on_second_batch(records, until, **kwargs):
            calls.append(len(records))
            if len(calls) == 2:
                # Half of the batch gets invoiced, then the worker dies.
                original(records[:2], until, **kwargs)
                raise Interrupted()
            return original(records, until, **kwargs)

        # Not assertRaises: it would roll back to a savepoint, and what the
        # run did before dying must stay, as committed batches do.
        interrupted = False
        with patch.object(ServiceContract, "_create_invoices", crash_on_second_batch):
            try:
                Contract._cron_create_invoices(batch_size=5)
            except Interrupted:
                interrupted = True
        self.assertTrue(interrupted)
        # Outside tests the first batch is committed; here it stays in the
        # transaction: its 5 contracts.  The interrupted batch is never
        # half-written: its savepoint is rolled back with the worker.
        invoiced = self.contracts.filtered("invoice_ids")
        self.assertEqual(invoiced, self.contracts[:5])
        self.assertEqual(Contract._cron_create_invoices(batch_size=5), 21)
        self._assert_each_period_once()

    @freeze_time("2026-03-15")
    def test_concurrent_run_skips_locked_contracts(self):
        Contract = self.env["service.contract"]
        ServiceContract = type(Contract)
        original = ServiceContract._lock_rows
        held = self.contracts[::2]

        def lock_except_held(model, records):
            # Another run holds every other contract: SKIP LOCKED leaves them.
            return original(model, records - held)

        with patch.object(ServiceContract, "_lock_rows", lock_except_held):
            self.assertEqual(Contract._cron_create_invoices(batch_size=5), 18)
        self.assertFalse(held.invoice_ids)
        self.assertEqual(Contract._cron_create_invoices(batch_size=5), 18)
        self._assert_each_period_once()

    @freeze_time("2026-03-15")
    def test_batch_changed_by_a_concurrent_run_is_left_to_it(self):
        Contract = self.env["service.contract"]
        ServiceContract = type(Contract)
        original = ServiceContract._lock_rows
        calls = []

        def serialization_failure_once(model, records):
            calls.append(len(records))
            if len(calls) == 1:
                # What PostgreSQL says when another run committed these rows
                # after this transaction started.
                raise SerializationFailure()
            return original(model, records)

        with patch.object(ServiceContract, "_lock_rows", serialization_failure_once):
            self.assertEqual(Contract._cron_create_invoices(batch_size=5), 21)
        self.assertFalse(self.contracts[:5].invoice_ids)
        self.assertEqual(Contract._cron_create_invoices(batch_size=5), 15)
        self._assert_each_period_once()

    @freeze_time("2026-01-15")
    def test_idempotency_key_refuses_a_second_invoice_for_a_period(self):
        contract = self.contracts[0]
        contract.action_create_invoice()
        journal = self.company_data["default_journal_sale"]
        piece = {
            "start": contract.date_start,
            "end": contract.invoice_ids.service_period_end,
            "full_start": contract.date_start,
            "full_end": contract.invoice_ids.service_period_end,
            "invoice_date": contract.date_start,
        }
        vals = contract._prepare_invoice_vals(piece, journal)
        with mute_logger("odoo.sql_db"), self.assertRaises(psycopg2.IntegrityError):
            with self.env.cr.savepoint():
                self.env["account.move"].create(vals)
        self.assertEqual(len(contract.invoice_ids), 1)
        # A cancelled invoice frees its period.
        contract.invoice_ids.button_cancel()
        contract.action_create_invoice()
        self.assertEqual(len(contract.invoice_ids), 2)
        self.assertEqual(self._periods(contract), [self.expected[0]])

    @freeze_time("2026-03-15")
    def test_failing_contract_is_flagged_and_others_invoiced(self):
        Contract = self.env["service.contract"]
        bad = self.contracts[3]
        ServiceContract = type(Contract)
        original = ServiceContract._prepare_invoice_line_vals

        def broken(record, piece, units=None):
            if record == bad:
                raise ValueError("Product has no income account")
            return original(record, piece, units)

        with patch.object(ServiceContract, "_prepare_invoice_line_vals", broken):
            created = Contract._cron_create_invoices(batch_size=5)
        self.assertEqual(created, 33)
        self.assertFalse(bad.invoice_ids)
        self.assertIn("Product has no income account", bad.billing_error)
        self.assertTrue(bad.billing_error_date)
        for contract in self.contracts - bad:
            self.assertEqual(self._periods(contract), self.expected)
            self.assertFalse(contract.billing_error)
        # Fixed: the next run invoices it and clears the flag.
        self.assertEqual(Contract._cron_create_invoices(batch_size=5), 3)
        self.assertFalse(bad.billing_error)
        self._assert_each_period_once()

    @freeze_time("2026-03-15")
    def test_real_failure_no_sales_journal_is_isolated(self):
        Contract = self.env["service.contract"]
        other_company = self.setup_other_company(name="No Journal Co")["company"]
        self.env.user.company_ids |= other_company
        partner = self.customer
        orphan = Contract.with_company(other_company).create(
            {
                "partner_id": partner.id,
                "company_id": other_company.id,
                "date_start": "2026-01-01",
                "date_end": "2026-12-31",
                "contract_type": "maintenance",
                "billing_line_ids": [
                    (0, 0, {"product_id": self.fee.id, "price_unit": 5})
                ],
            }
        )
        orphan.action_ready()
        self.env["account.journal"].search(
            [("company_id", "=", other_company.id), ("type", "=", "sale")]
        ).action_archive()
        Contract._cron_create_invoices(batch_size=50)
        self.assertIn("No sales journal", orphan.billing_error)
        self._assert_each_period_once()
