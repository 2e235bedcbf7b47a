from hypothesis import strategies as st

from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged

from .common import ServiceContractCommon
from .random_input_common import DATES, TEXTS, RandomInputMixin


@tagged("post_install", "-at_install")
class TestContractBadInput(RandomInputMixin, ServiceContractCommon):
    """Bad input on contracts gets a clear message and loses nothing."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.manager = cls._create_user(
            "bad_input_manager", "service_contract.group_service_contract_manager"
        )

    def test_contract_ending_before_it_starts(self):
        contract = self._create_contract().with_user(self.manager)
        before = (contract.date_start, contract.date_end)
        with self.assertRaisesRegex(
            ValidationError,
            rf"Contract {contract.name} cannot end \(2025-12-31\) before it starts "
            r"\(2026-01-01\)",
        ):
            contract.date_end = "2025-12-31"
        self.env.invalidate_all()
        self.assertEqual((contract.date_start, contract.date_end), before)

    def test_contract_without_start_date(self):
        contract = self._create_contract().with_user(self.manager)
        with self.assertRaisesRegex(
            ValidationError, rf"A contract needs a start date \({contract.name}\)"
        ):
            contract.date_start = False
        self.env.invalidate_all()
        self.assertEqual(str(contract.date_start), "2026-01-01")
        with self.assertRaisesRegex(ValidationError, "A contract needs a start date"):
            self._create_contract(date_start=False)

    def test_external_ref_with_a_nul_character(self):
        """Found by the property test below: PostgreSQL cannot store NUL."""
        contract = self._create_contract(external_ref="EXT-1").with_user(self.manager)
        with self.assertRaisesRegex(
            ValidationError, "The external reference may not contain a NUL character"
        ):
            contract.external_ref = "EXT\x002"
        self.env.invalidate_all()
        self.assertEqual(contract.external_ref, "EXT-1")

    def test_negative_duration_refused_zero_is_open_ended(self):
        template = self.maintenance_template.with_user(self.manager)
        with self.assertRaisesRegex(ValidationError, "A duration cannot be negative"):
            template.duration = -1
        self.env.invalidate_all()
        self.assertEqual(template.duration, 6)
        # A duration of 0 is the documented open-ended contract
        # (rules/dates.py end_date): no end date.
        template.duration = 0
        self.assertFalse(self._create_contract().date_end)

    def test_random_contract_values(self):
        contract = self._create_contract().with_user(self.manager)
        self.assertEqual(contract.state, "draft")
        contract.action_ready()

        def check(record):
            self.assertTrue(record.date_start)
            if record.date_end:
                self.assertGreaterEqual(record.date_end, record.date_start)
            # Rule 1: a validated contract never returns to draft.
            self.assertNotEqual(record.state, "draft")
            self.assertTrue(record.company_id)

        outcomes = self._assert_random_writes(
            contract,
            {
                "date_start": DATES,
                "date_end": DATES,
                "external_ref": TEXTS,
                "state": st.sampled_from(["draft", "ready", "expired", "cancel"]),
                "company_id": st.sampled_from([False, self.company.id]),
            },
            check,
        )
        self.assertTrue(outcomes["saved"], outcomes)
        self.assertTrue(outcomes["refused"], outcomes)

    def test_random_template_durations(self):
        template = self.maintenance_template.with_user(self.manager)

        def check(record):
            self.assertGreaterEqual(record.duration, 0)

        outcomes = self._assert_random_writes(
            template,
            {
                "duration": st.integers(min_value=-1000, max_value=1000),
                "duration_unit": st.sampled_from(["day", "week", "month", "year"]),
            },
            check,
        )
        self.assertTrue(outcomes["saved"], outcomes)
        self.assertTrue(outcomes["refused"], outcomes)

    def test_missing_sales_site(self):
        contract = self._create_contract().with_user(self.manager)
        with self.assertRaisesRegex(
            UserError, "You must define a sales site. Modification refused."
        ):
            contract.company_id = False
        self.assertEqual(contract.company_id, self.company)
