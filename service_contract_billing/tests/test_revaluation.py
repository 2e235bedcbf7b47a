from unittest.mock import patch

import psycopg2

from odoo.exceptions import UserError, ValidationError
from odoo.tests import Form, freeze_time, tagged
from odoo.tools import mute_logger

from .common import ServiceContractBillingCommon


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
        original = Revaluation._revalue_contract

        def broken(model, contract, date):
            if contract == bad:
                raise UserError(self.env._("Index service unreachable"))
            return original(model, contract, date)

        with (
            freeze_time("2026-07-02"),
            patch.object(Revaluation, "_revalue_contract", broken),
        ):
            self.assertEqual(self.env["service.contract"]._cron_revalue(), 1)
        self.assertEqual(good.billing_line_ids.price_unit, 110.0)
        self.assertEqual(bad.billing_line_ids.price_unit, 100.0)
        self.assertFalse(bad.revaluation_ids)
        self.assertIn("Index service unreachable", bad.billing_error)
        self.assertFalse(good.billing_error)

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
