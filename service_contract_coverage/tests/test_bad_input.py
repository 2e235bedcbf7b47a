from hypothesis import strategies as st

from odoo.exceptions import ValidationError
from odoo.tests import tagged

from odoo.addons.service_contract.tests.random_input_common import (
    DATES,
    PERCENTS,
    RandomInputMixin,
)

from .common import CoverageCommon


@tagged("post_install", "-at_install")
class TestCoverageBadInput(RandomInputMixin, CoverageCommon):
    """Coverage dates outside the contract and shares outside 0-100 are
    refused with a message naming the line, contract or template."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.manager = cls._create_user(
            "bad_input_cov_manager", "service_contract.group_service_contract_manager"
        )
        # 2026-01-01 to 2026-06-30 (six months).
        cls.contract = cls._ready_contract()
        cls.line = cls._create_line(cls.contract, lot_id=cls.lot.id)

    def _refused(self, record, vals, message):
        record = record.with_user(self.manager)
        names = list(vals)
        before = record.read(names)
        with self.assertRaisesRegex(ValidationError, message):
            record.write(vals)
        self.env.invalidate_all()
        self.assertEqual(record.read(names), before)

    def test_coverage_dates_outside_the_contract(self):
        self.assertEqual(str(self.contract.date_end), "2026-06-30")
        line = self.line.display_name
        for vals, message in (
            (
                {"date_start": "2025-12-31"},
                rf"Coverage line {line} starts \(2025-12-31\) before its contract",
            ),
            (
                {"date_end": "2026-07-01"},
                rf"Coverage line {line} ends \(2026-07-01\) after its contract",
            ),
            (
                {"date_start": "2026-07-01", "date_end": False},
                rf"Coverage line {line} starts \(2026-07-01\) after its contract ends",
            ),
            (
                {"date_start": "2026-03-01", "date_end": "2026-02-01"},
                rf"Coverage line {line} cannot end before it starts",
            ),
        ):
            with self.subTest(vals=vals):
                self._refused(self.line, vals, message)

    def test_contract_dates_moved_past_a_line_of_its_own(self):
        self.line.with_user(self.manager).date_start = "2026-02-01"
        self._refused(
            self.contract,
            {"date_start": "2026-03-01"},
            rf"Coverage line {self.line.display_name} starts \(2026-02-01\) before",
        )

    def test_shares_outside_0_100(self):
        for record, where in (
            (self.line, f"Coverage line {self.line.display_name}"),
            (self.contract, f"Contract {self.contract.name}"),
            (self.maintenance_template, f"Template {self.maintenance_template.name}"),
        ):
            prefix = "" if record == self.line else "coverage_"
            for field in ("labor_rate", "parts_rate", "expense_rate"):
                for value in (-0.5, 100.5):
                    with self.subTest(model=record._name, field=field, value=value):
                        self._refused(
                            record,
                            {prefix + field: value},
                            f"{where}: a covered share is a percentage between 0 "
                            "and 100",
                        )

    def test_random_coverage_line_values(self):
        contract = self.contract

        def check(line):
            # A line without dates of its own is bounded by the contract's.
            start = line.date_start or contract.date_start
            end = line.date_end or contract.date_end
            self.assertGreaterEqual(start, contract.date_start)
            self.assertLessEqual(start, contract.date_end)
            self.assertGreaterEqual(end, start)
            self.assertLessEqual(end, contract.date_end)
            for rate in (line.labor_rate, line.parts_rate, line.expense_rate):
                self.assertTrue(0 <= rate <= 100, rate)

        outcomes = self._assert_random_writes(
            self.line.with_user(self.manager),
            {
                "date_start": DATES,
                "date_end": DATES,
                "labor_rate": PERCENTS,
                "parts_rate": PERCENTS,
                "expense_rate": PERCENTS,
                "authorized_loan": st.booleans(),
                "include_unlisted_components": st.booleans(),
            },
            check,
        )
        self.assertTrue(outcomes["saved"], outcomes)
        self.assertTrue(outcomes["refused"], outcomes)

    def test_random_contract_coverage_values(self):
        def check(contract):
            if contract.date_end:
                self.assertGreaterEqual(contract.date_end, contract.date_start)
            for line in contract.coverage_ids:
                if line.date_start:
                    self.assertGreaterEqual(line.date_start, contract.date_start)
                if contract.date_end and line.date_end:
                    self.assertLessEqual(line.date_end, contract.date_end)
            for rate in (
                contract.coverage_labor_rate,
                contract.coverage_parts_rate,
                contract.coverage_expense_rate,
            ):
                self.assertTrue(0 <= rate <= 100, rate)

        outcomes = self._assert_random_writes(
            self.contract.with_user(self.manager),
            {
                "date_start": DATES,
                "date_end": DATES,
                "coverage_labor_rate": PERCENTS,
                "coverage_parts_rate": PERCENTS,
                "coverage_expense_rate": PERCENTS,
            },
            check,
        )
        self.assertTrue(outcomes["saved"], outcomes)
        self.assertTrue(outcomes["refused"], outcomes)
