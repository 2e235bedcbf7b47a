import datetime
from contextlib import nullcontext
from unittest.mock import patch

import psycopg2

from odoo.exceptions import UserError, ValidationError
from odoo.tests import Form, freeze_time, tagged
from odoo.tools import mute_logger

from .common import ServiceContractBillingCommon

#: Queries of one run of the daily revaluation with one batch, whatever the
#: number of contracts in it (after a first run filled the caches), with the
#: batch toolkit's one query that re-checks the locked batch is still due.
REVALUE_QUERIES = 20


@tagged("post_install", "-at_install")
class TestRevaluation(ServiceContractBillingCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.index = cls.env["service.contract.index"].create(
            {
                "name": "Labour",
                "code": "LAB",
                "value_ids": [
                    (0, 0, {"date": "2025-12-15", "value": 100.0}),
                    (0, 0, {"date": "2026-06-01", "value": 105.0}),
                    (0, 0, {"date": "2026-12-20", "value": 110.0}),
                ],
            }
        )

    def test_index_without_index_is_refused(self):
        contract = self._contract()
        with self.assertRaisesRegex(
            ValidationError,
            "No index has been specified for the contract re-evaluation.",
        ):
            contract.revaluation_method = "index"
        with Form(contract) as form:
            form.revaluation_method = "index"
            form.index_id = self.index
        self.assertEqual(contract.index_id, self.index)
        with self.assertRaisesRegex(
            ValidationError,
            "No index has been specified for the contract re-evaluation.",
        ):
            contract.index_id = False

    def test_percent_revaluation(self):
        contract = self._contract(
            price=100.0, revaluation_method="percent", revaluation_percent=3.0
        )
        self.assertEqual(str(contract.date_next_revaluation), "2027-01-01")
        with freeze_time("2026-05-01"):
            contract.action_revalue()
        self.assertEqual(contract.billing_line_ids.price_unit, 103.0)
        self.assertRecordValues(
            contract.revaluation_ids,
            [
                {
                    "method": "percent",
                    "percent": 3.0,
                    "amount_old": 1200.0,
                    "amount_new": 1236.0,
                    "user_id": self.env.uid,
                }
            ],
        )
        self.assertEqual(str(contract.date_next_revaluation), "2027-05-01")

    def test_index_revaluation_formula(self):
        contract = self._contract(
            price=200.0, revaluation_method="index", index_id=self.index.id
        )
        self.assertEqual(str(contract.index_date_base), "2026-01-01")
        with freeze_time("2026-07-01"):
            contract.action_revalue()
        # 200 x 105 / 100
        self.assertEqual(contract.billing_line_ids.price_unit, 210.0)
        self.assertRecordValues(
            contract.revaluation_ids,
            [
                {
                    "method": "index",
                    "index_id": self.index.id,
                    "index_value_base": 100.0,
                    "index_value_new": 105.0,
                    "amount_old": 2400.0,
                    "amount_new": 2520.0,
                }
            ],
        )
        self.assertEqual(str(contract.index_date_base), "2026-07-01")
        with freeze_time("2027-01-10"):
            contract.action_revalue()
        # 210 x 110 / 105
        self.assertEqual(contract.billing_line_ids.price_unit, 220.0)
        self.assertEqual(len(contract.revaluation_ids), 2)
        html, _type = self.env["ir.actions.report"]._render_qweb_html(
            "service_contract_billing.report_service_contract_revaluation",
            contract.revaluation_ids.ids,
        )
        self.assertIn("Labour", html.decode())

    def test_index_without_value_at_date(self):
        contract = self._contract(
            date_start="2025-01-01", revaluation_method="index", index_id=self.index.id
        )
        with (
            freeze_time("2026-07-01"),
            self.assertRaisesRegex(UserError, "has no value on or before 2025-01-01"),
        ):
            contract.action_revalue()

    def test_scheduled_revaluation(self):
        contract = self._contract(
            price=100.0,
            revaluation_method="percent",
            revaluation_percent=10.0,
            revaluation_interval=6,
        )
        with freeze_time("2026-07-02"):
            self.assertEqual(self.env["service.contract"]._cron_revalue(), 1)
            self.assertEqual(self.env["service.contract"]._cron_revalue(), 0)
        self.assertEqual(contract.billing_line_ids.price_unit, 110.0)
        self.assertEqual(str(contract.revaluation_ids.date), "2026-07-01")
        self.assertEqual(str(contract.date_next_revaluation), "2027-01-01")

    def test_scheduled_revaluation_flags_a_failing_contract(self):
        good, bad = (
            self._contract(
                price=100.0,
                revaluation_method="percent",
                revaluation_percent=10.0,
                revaluation_interval=6,
            )
            for _i in range(2)
        )
        Revaluation = type(self.env["service.contract.revaluation"])
        original = Revaluation._revalue_contracts

        def broken(model, contracts, date=None):
            if bad in contracts:
                raise UserError(self.env._("Index service unreachable"))
            return original(model, contracts, date)

        with (
            freeze_time("2026-07-02"),
            patch.object(Revaluation, "_revalue_contracts", broken),
        ):
            self.assertEqual(self.env["service.contract"]._cron_revalue(), 1)
        self.assertEqual(good.billing_line_ids.price_unit, 110.0)
        self.assertEqual(bad.billing_line_ids.price_unit, 100.0)
        self.assertFalse(bad.revaluation_ids)
        self.assertIn("Index service unreachable", bad.billing_error)
        self.assertFalse(good.billing_error)

    def _due_contracts(self, count, **vals):
        """``count`` contracts revalued every 6 months from 2026-01-01, by
        the index and by 10 % in turn, each with its own price."""
        contracts = self.env["service.contract"]
        for n in range(count):
            by_index = n % 2 == 0
            contracts |= self._contract(
                price=100.0 + 10 * n,
                revaluation_method="index" if by_index else "percent",
                index_id=self.index.id if by_index else False,
                revaluation_percent=0.0 if by_index else 10.0,
                revaluation_interval=6,
                **vals,
            )
        return contracts

    def _expected_prices(self, contracts):
        """The new price of each of ``_due_contracts``: 105 / 100 by the
        index, + 10 % by the percentage."""
        return [
            {"price_unit": round((100.0 + 10 * n) * (1.05 if n % 2 == 0 else 1.1), 2)}
            for n in range(len(contracts))
        ]

    def test_scheduled_revaluation_queries_do_not_grow_with_the_batch(self):
        """A batch of the daily revaluation costs the same queries for 2 and
        for 10 contracts (elements and contracts written in one statement
        each, the history rows created together), and each contract gets its
        own factor and its own history row."""
        Contract = self.env["service.contract"]
        counts = []
        # The first run fills the caches (access rules, precisions...).
        for run, count in enumerate((2, 2, 10)):
            contracts = self._due_contracts(count)
            self.env.flush_all()
            self.env.invalidate_all()
            with (
                freeze_time("2026-07-02"),
                self.assertQueryCount(REVALUE_QUERIES) if run else nullcontext(),
            ):
                before = self.cr.sql_log_count
                self.assertEqual(Contract._cron_revalue(batch_size=50), count)
                counts.append(self.cr.sql_log_count - before)
            self.assertRecordValues(
                contracts.billing_line_ids, self._expected_prices(contracts)
            )
            self.assertRecordValues(
                contracts.revaluation_ids.sorted("contract_id"),
                [
                    {
                        "contract_id": contract.id,
                        "date": datetime.date(2026, 7, 1),
                        "method": contract.revaluation_method,
                        "amount_old": 12 * (100.0 + 10 * n),
                        "amount_new": 12 * expected["price_unit"],
                    }
                    for n, (contract, expected) in enumerate(
                        zip(contracts, self._expected_prices(contracts), strict=True)
                    )
                ],
            )
            self.assertEqual(
                set(contracts.mapped("date_next_revaluation")),
                {datetime.date(2027, 1, 1)},
            )
            self.assertEqual(
                set(contracts.filtered("index_id").mapped("index_date_base")),
                {datetime.date(2026, 7, 1)},
            )
            self.assertEqual(
                set(
                    (contracts - contracts.filtered("index_id")).mapped(
                        "index_date_base"
                    )
                ),
                {datetime.date(2026, 1, 1)},
            )
        self.assertEqual(counts[1], counts[2])

    def test_scheduled_revaluation_catches_up_each_date_in_turn(self):
        """Contracts of one batch due on different dates, one of them several
        times, are revalued on each of their own dates in turn."""
        late = self._contract(
            price=100.0,
            date_start="2025-01-01",
            revaluation_method="percent",
            revaluation_percent=10.0,
            revaluation_interval=6,
        )
        on_time = self._due_contracts(1)
        with freeze_time("2026-07-02"):
            self.assertEqual(self.env["service.contract"]._cron_revalue(), 2)
        self.assertEqual(late.billing_line_ids.price_unit, 133.1)
        self.assertEqual(
            late.revaluation_ids.sorted("date").mapped("date"),
            [
                datetime.date(2025, 7, 1),
                datetime.date(2026, 1, 1),
                datetime.date(2026, 7, 1),
            ],
        )
        self.assertEqual(
            late.revaluation_ids.sorted("date").mapped("amount_new"),
            [1320.0, 1452.0, 1597.2],
        )
        self.assertEqual(str(late.date_next_revaluation), "2027-01-01")
        self.assertEqual(on_time.billing_line_ids.price_unit, 105.0)
        self.assertEqual(len(on_time.revaluation_ids), 1)

    def test_revaluation_refuses_a_negative_price(self):
        """The bulk update of the elements still checks the new prices."""
        contract = self._contract(
            price=100.0,
            revaluation_method="percent",
            revaluation_percent=-150.0,
            revaluation_interval=6,
        )
        with (
            freeze_time("2026-07-02"),
            self.assertRaisesRegex(ValidationError, "cannot be negative"),
        ):
            contract.action_revalue()

    def test_revaluation_at_invoicing(self):
        contract = self._contract(
            price=100.0,
            revaluation_method="index",
            index_id=self.index.id,
            revaluation_trigger="invoicing",
        )
        with freeze_time("2027-02-05"):
            self.env["service.contract"]._cron_create_invoices()
            self.assertFalse(self.env["service.contract"]._cron_revalue())
        amounts = [
            (str(m.service_period_start), m.amount_untaxed)
            for m in contract.invoice_ids.sorted("service_period_start")
        ]
        self.assertEqual(amounts[11], ("2026-12-01", 100.0))
        self.assertEqual(amounts[12], ("2027-01-01", 110.0))
        self.assertEqual(amounts[13], ("2027-02-01", 110.0))
        self.assertEqual(len(contract.revaluation_ids), 1)
        self.assertEqual(str(contract.revaluation_ids.date), "2027-01-01")

    def test_index_values_unique_per_date(self):
        with mute_logger("odoo.sql_db"), self.assertRaises(psycopg2.IntegrityError):
            with self.env.cr.savepoint():
                self.env["service.contract.index.value"].create(
                    {"index_id": self.index.id, "date": "2026-06-01", "value": 1.0}
                )
        self.assertEqual(self.index.last_value, 110.0)
        self.assertEqual(str(self.index.last_value_date), "2026-12-20")
        with self.assertRaisesRegex(ValidationError, "must be positive"):
            self.env["service.contract.index.value"].create(
                {"index_id": self.index.id, "date": "2027-01-01", "value": 0.0}
            )
