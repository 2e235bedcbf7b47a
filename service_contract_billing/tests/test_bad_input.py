from hypothesis import strategies as st

from odoo.exceptions import ValidationError
from odoo.tests import new_test_user, tagged

from odoo.addons.service_contract.tests.random_input_common import (
    AMOUNTS,
    PERCENTS,
    RandomInputMixin,
)

from .common import ServiceContractBillingCommon


class _RaisesRegex:
    def __init__(self, case, exception, regex):
        self.case, self.exception, self.regex = case, exception, regex

    def __enter__(self):
        self.manager = self.case.assertRaises(self.exception)
        self.caught = self.manager.__enter__()
        return self.caught

    def __exit__(self, *exc_info):
        handled = self.manager.__exit__(*exc_info)
        self.case.assertRegex(str(self.caught.exception), self.regex)
        return handled


@tagged("post_install", "-at_install")
class TestBillingBadInput(RandomInputMixin, ServiceContractBillingCommon):
    """Index values of 0, renewal terms of 0 or less and negative or
    over-100% invoicing elements are refused with a message naming the
    index, contract or element; nothing is half-written."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.user = new_test_user(
            cls.env,
            login="bad_input_billing_manager",
            groups="service_contract.group_service_contract_manager",
        )
        cls.index = cls.env["service.contract.index"].create(
            {"name": "Labour", "code": "T-LAB-BAD"}
        )
        cls.contract = cls._contract()

    def assertRaisesRegex(self, exception, regex):
        """Odoo's ``assertRaises`` (the failed write rolled back to a
        savepoint), then the message."""
        return _RaisesRegex(self, exception, regex)

    def test_index_value_zero_or_negative(self):
        Value = self.env["service.contract.index.value"].with_user(self.user)
        for value in (0.0, -1.0):
            with self.assertRaisesRegex(
                ValidationError,
                r"The value of index .*Labour.* on 2026-01-01 must be positive",
            ):
                Value.create(
                    {"index_id": self.index.id, "date": "2026-01-01", "value": value}
                )
        self.assertFalse(self.index.value_ids)

    def test_renewal_term_must_be_positive(self):
        contract = self.contract.with_user(self.user)
        contract.renewable = True
        for value in (0, -1):
            with self.assertRaisesRegex(
                ValidationError,
                rf"Contract {contract.name} is renewable: its renewal term must be "
                "positive",
            ):
                contract.renewal_duration = value
        self.assertGreater(self.contract.renewal_duration, 0)

    def test_invoicing_element_refusals(self):
        line = self.contract.billing_line_ids.with_user(self.user)
        for vals, message in (
            ({"quantity": -1}, "quantity, price and points cannot be negative"),
            ({"price_unit": -0.01}, "quantity, price and points cannot be negative"),
            ({"discount": 100.5}, "A discount is between 0 and 100%"),
            ({"discount": -1}, "A discount is between 0 and 100%"),
        ):
            with self.subTest(vals=vals):
                with self.assertRaisesRegex(ValidationError, message):
                    line.write(vals)
                self.env.invalidate_all()
                self.assertRecordValues(
                    line, [{"quantity": 1.0, "price_unit": 100.0, "discount": 0.0}]
                )

    def test_random_invoicing_elements(self):
        def check(line):
            self.assertGreaterEqual(line.quantity, 0)
            self.assertGreaterEqual(line.price_unit, 0)
            self.assertGreaterEqual(line.points, 0)
            self.assertTrue(0 <= line.discount <= 100, line.discount)

        outcomes = self._assert_random_writes(
            self.contract.billing_line_ids.with_user(self.user),
            {
                "quantity": AMOUNTS,
                "price_unit": AMOUNTS,
                "discount": PERCENTS,
                "points": AMOUNTS,
                "price_basis": st.sampled_from(["period", "annual"]),
            },
            check,
        )
        self.assertTrue(outcomes["saved"], outcomes)
        self.assertTrue(outcomes["refused"], outcomes)
