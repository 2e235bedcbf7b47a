from odoo import Command
from odoo.exceptions import ValidationError
from odoo.tests import Form, freeze_time, tagged

from .common import ServiceContractBillingCommon


@tagged("post_install", "-at_install")
class TestBillingTerms(ServiceContractBillingCommon):
    """A template presets the billing terms; its contracts take them."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.journal = cls.company_data["default_journal_sale"].copy({"code": "TPL"})
        cls.index = cls.env["service.contract.index"].create(
            {"name": "Labour cost index", "code": "LCI"}
        )
        cls.terms = {
            "billing_period": "quarter",
            "invoice_timing": "end",
            "first_period_prorata": False,
            "journal_id": cls.journal.id,
            "payment_term_id": cls.pay_terms_b.id,
            "fiscal_position_id": cls.fiscal_pos_a.id,
            "revaluation_method": "index",
            "index_id": cls.index.id,
            "revaluation_trigger": "invoicing",
            "revaluation_interval": 6,
        }
        cls.quarterly_template = cls.env["service.contract.template"].create(
            {
                "name": "Maintenance, billed quarterly",
                "contract_type": "maintenance",
                "duration": 1,
                "duration_unit": "year",
                "company_id": cls.env.company.id,
                **cls.terms,
            }
        )

    def _new_contract(self, template, **vals):
        return self.env["service.contract"].create(
            {
                "partner_id": self.customer.id,
                "template_id": template.id,
                "date_start": "2026-01-01",
                "billing_line_ids": [
                    Command.create({"product_id": self.fee.id, "price_unit": 100.0})
                ],
                **vals,
            }
        )

    def test_new_template_presets_default_terms(self):
        template = self.env["service.contract.template"].create({"name": "Plain"})
        self.assertRecordValues(
            template,
            [
                {
                    "billing_period": "month",
                    "invoice_timing": "start",
                    "first_period_prorata": True,
                    "revaluation_trigger": "schedule",
                    "revaluation_interval": 12,
                }
            ],
        )

    def test_contract_takes_the_terms_of_its_template(self):
        contract = self._new_contract(self.quarterly_template)
        self.assertRecordValues(contract, [self.terms])
        # They are the terms it is invoiced on.
        with freeze_time("2026-04-02"):
            contract.action_ready()
            self.env["service.contract"]._cron_create_invoices()
        move = contract.invoice_ids
        self.assertRecordValues(
            move,
            [
                {
                    "journal_id": self.journal.id,
                    "invoice_payment_term_id": self.pay_terms_b.id,
                    "fiscal_position_id": self.fiscal_pos_a.id,
                    "invoice_date": move.service_period_end,
                    "service_period_start": contract.date_start,
                }
            ],
        )
        self.assertEqual(str(move.service_period_end), "2026-03-31")
        self.assertEqual(
            move.invoice_line_ids.service_contract_billing_line_id,
            contract.billing_line_ids,
        )

    def test_contract_can_change_the_terms_of_its_template(self):
        contract = self._new_contract(
            self.quarterly_template, billing_period="year", journal_id=False
        )
        self.assertEqual(contract.billing_period, "year")
        self.assertFalse(contract.journal_id)
        self.assertEqual(contract.invoice_timing, "end")
        contract.write({"invoice_timing": "start", "revaluation_method": False})
        self.assertRecordValues(
            contract, [{"invoice_timing": "start", "revaluation_method": False}]
        )
        # The template is left as it was.
        self.assertEqual(self.quarterly_template.invoice_timing, "end")

    def test_form_takes_the_terms_and_keeps_the_users_change(self):
        form = Form(self.env["service.contract"])
        form.partner_id = self.customer
        form.template_id = self.quarterly_template
        self.assertEqual(form.billing_period, "quarter")
        self.assertEqual(form.journal_id, self.journal)
        form.billing_period = "month"
        contract = form.save()
        self.assertRecordValues(
            contract,
            [dict(self.terms, billing_period="month")],
        )

    def test_contract_without_template_starts_from_default_terms(self):
        contract = self._contract(template_id=False, billing_period="quarter")
        self.assertRecordValues(
            contract,
            [
                {
                    "billing_period": "quarter",
                    "invoice_timing": "start",
                    "first_period_prorata": True,
                    "revaluation_trigger": "schedule",
                    "revaluation_interval": 12,
                }
            ],
        )
        # Given a template, an existing contract takes its terms; losing the
        # template, it keeps them.
        contract.first_period_prorata = False
        contract.template_id = self.quarterly_template
        self.assertRecordValues(contract, [self.terms])
        contract.template_id = False
        self.assertRecordValues(contract, [self.terms])

    def test_template_index_revaluation_needs_an_index(self):
        with self.assertRaisesRegex(
            ValidationError,
            "No index has been specified for the contract re-evaluation.",
        ):
            self.quarterly_template.index_id = False
