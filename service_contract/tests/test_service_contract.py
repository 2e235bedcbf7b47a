from odoo.exceptions import UserError
from odoo.tests import Form, freeze_time, tagged

from .common import ServiceContractCommon


@tagged("post_install", "-at_install")
class TestServiceContract(ServiceContractCommon):
    def test_sequence_and_template_defaults(self):
        contract = self._create_contract()
        self.assertTrue(contract.name.startswith("SC/"))
        self.assertRecordValues(
            contract,
            [
                {
                    "contract_type": "maintenance",
                    "state": "draft",
                    "renewable": True,
                    "date_end": contract.date_start.replace(month=6, day=30),
                }
            ],
        )

    @freeze_time("2026-03-01")
    def test_form_template_fills_dates_and_skills(self):
        with Form(self.env["service.contract"]) as form:
            form.partner_id = self.partner
            form.template_id = self.warranty_template
            form.date_start = "2026-02-01"
            self.assertEqual(str(form.date_end), "2027-01-31")
            self.assertEqual(form.contract_type, "warranty")
            self.assertEqual(len(form.skill_line_ids), 1)
        contract = form.record
        self.assertEqual(contract.skill_line_ids.response_time, 4)

    def test_company_required_messages(self):
        with self.assertRaisesRegex(
            UserError, "You must define a sales site. Creation is refused."
        ):
            self._create_contract(company_id=False)
        contract = self._create_contract()
        with self.assertRaisesRegex(
            UserError, "You must define a sales site. Modification refused."
        ):
            contract.company_id = False
