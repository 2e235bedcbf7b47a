from datetime import date

from odoo import Command
from odoo.exceptions import UserError, ValidationError
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
                    "date_end": date(2026, 6, 30),
                    "date_expiry": date(2026, 6, 30),
                    "company_id": self.company.id,
                    "user_id": self.env.user.id,
                    "commercial_partner_id": self.partner.id,
                }
            ],
        )
        other = self._create_contract()
        self.assertNotEqual(other.name, contract.name)
        copy = contract.copy()
        self.assertTrue(copy.name.startswith("SC/"))
        self.assertNotIn(copy.name, (contract.name, other.name))
        self.assertEqual(copy.state, "draft")

    @freeze_time("2026-03-01")
    def test_form_template_fills_dates_and_skills(self):
        with Form(self.env["service.contract"]) as form:
            form.partner_id = self.partner
            form.template_id = self.warranty_template
            self.assertEqual(form.date_start, date(2026, 3, 1))
            form.date_start = date(2026, 2, 1)
            self.assertEqual(form.date_end, date(2027, 1, 31))
            self.assertEqual(form.contract_type, "warranty")
            self.assertEqual(len(form.skill_line_ids), 1)
        contract = form.record
        self.assertRecordValues(
            contract.skill_line_ids,
            [
                {
                    "skill_group_id": self.skill_onsite.id,
                    "response_time": 4,
                    "resolution_time": 24,
                }
            ],
        )
        self.assertRecordValues(
            contract,
            [{"state": "draft", "date_expiry": date(2027, 1, 31), "renewable": False}],
        )

    @freeze_time("2026-03-01")
    def test_form_changing_template_replaces_defaults(self):
        self.maintenance_template.write(
            {
                "terms": "<p>Maintenance terms</p>",
                "skill_line_ids": [
                    Command.create(
                        {"skill_group_id": self.skill_hotline.id, "response_time": 2}
                    )
                ],
            }
        )
        with Form(self.env["service.contract"]) as form:
            form.partner_id = self.partner
            form.template_id = self.warranty_template
            form.template_id = self.maintenance_template
            self.assertEqual(form.contract_type, "maintenance")
            self.assertTrue(form.renewable)
            self.assertEqual(form.date_end, date(2026, 8, 31))
            self.assertEqual(len(form.skill_line_ids), 1)
        contract = form.record
        self.assertEqual(contract.skill_line_ids.skill_group_id, self.skill_hotline)
        self.assertEqual(contract.skill_line_ids.response_time, 2)
        self.assertIn("Maintenance terms", contract.terms)

    @freeze_time("2026-03-01")
    def test_form_without_template(self):
        with Form(self.env["service.contract"]) as form:
            form.partner_id = self.partner
            form.contract_type = "warranty"
            form.date_end = date(2026, 12, 31)
            form.external_ref = "PO-123"
            with form.skill_line_ids.new() as line:
                line.skill_group_id = self.skill_hotline
                self.assertEqual(line.response_time, 1)
                line.resolution_time = 6
        self.assertRecordValues(
            form.record,
            [
                {
                    "contract_type": "warranty",
                    "date_end": date(2026, 12, 31),
                    "external_ref": "PO-123",
                    "whole_installed_base": False,
                }
            ],
        )
        self.assertEqual(form.record.skill_line_ids.resolution_time, 6)

    def test_points_contract(self):
        template = self.env["service.contract.template"].create(
            {"name": "50 points", "contract_type": "points", "points_total": 50}
        )
        self.assertTrue(template.whole_installed_base)
        with Form(self.env["service.contract"]) as form:
            form.partner_id = self.partner
            form.template_id = template
            self.assertEqual(form.points_total, 50)
            self.assertTrue(form.whole_installed_base)
            form.points_used = 20
        self.assertRecordValues(
            form.record,
            [
                {
                    "contract_type": "points",
                    "points_total": 50,
                    "points_used": 20,
                    "points_remaining": 30,
                    "whole_installed_base": True,
                }
            ],
        )
        with self.assertRaisesRegex(ValidationError, "cannot be negative"):
            form.record.points_used = -1
        # Without a template too, a points contract covers the whole base.
        contract = self._create_contract(template_id=False, contract_type="points")
        self.assertTrue(contract.whole_installed_base)

    def test_company_required_messages(self):
        with self.assertRaisesRegex(
            UserError, r"^You must define a sales site\. Creation is refused\.$"
        ):
            self._create_contract(company_id=False)
        contract = self._create_contract()
        with self.assertRaisesRegex(
            UserError, r"^You must define a sales site\. Modification refused\.$"
        ):
            contract.company_id = False
        with self.assertRaisesRegex(
            UserError, r"^You must define a sales site\. Modification refused\.$"
        ):
            contract.write({"company_id": None, "external_ref": "X"})
        self.assertEqual(contract.company_id, self.company)

    def test_skills_group_duplicate_refused_on_contract(self):
        contract = self._create_contract(template_id=self.warranty_template.id)
        self.assertEqual(contract.skill_line_ids.skill_group_id, self.skill_onsite)
        with self.assertRaisesRegex(
            ValidationError, r"^This skills group has already been entered\.$"
        ):
            with Form(contract) as form:
                with form.skill_line_ids.new() as line:
                    line.skill_group_id = self.skill_onsite
        with self.assertRaisesRegex(
            ValidationError, r"^This skills group has already been entered\.$"
        ):
            self._create_contract(
                template_id=False,
                skill_line_ids=[
                    Command.create({"skill_group_id": self.skill_hotline.id}),
                    Command.create({"skill_group_id": self.skill_hotline.id}),
                ],
            )
        # Another group is welcome; the same group on another contract too.
        contract.skill_line_ids = [
            Command.create({"skill_group_id": self.skill_hotline.id})
        ]
        other = self._create_contract(template_id=self.warranty_template.id)
        self.assertEqual(len(contract.skill_line_ids), 2)
        self.assertEqual(other.skill_line_ids.skill_group_id, self.skill_onsite)

    def test_skills_group_duplicate_refused_on_template(self):
        with self.assertRaisesRegex(
            ValidationError, r"^This skills group has already been entered\.$"
        ):
            with Form(self.warranty_template) as form:
                with form.skill_line_ids.new() as line:
                    line.skill_group_id = self.skill_onsite
        with Form(self.warranty_template) as form:
            with form.skill_line_ids.new() as line:
                line.skill_group_id = self.skill_hotline
        self.assertEqual(
            self.warranty_template.skill_line_ids.skill_group_id,
            self.skill_onsite | self.skill_hotline,
        )

    def test_skill_line_belongs_to_one_owner(self):
        with self.assertRaisesRegex(ValidationError, "one contract or one template"):
            self.env["service.contract.skill.line"].create(
                {"skill_group_id": self.skill_onsite.id}
            )
        with self.assertRaisesRegex(ValidationError, "cannot be negative"):
            self.warranty_template.skill_line_ids.response_time = -2

    def test_template_form(self):
        with Form(self.env["service.contract.template"]) as form:
            form.name = "Three-month maintenance"
            form.contract_type = "maintenance"
            form.duration = 3
            form.duration_unit = "month"
            form.renewable = True
            self.assertFalse(form.whole_installed_base)
            form.contract_type = "points"
            self.assertTrue(form.whole_installed_base)
            form.points_total = 100
        self.assertRecordValues(
            form.record,
            [
                {
                    "contract_type": "points",
                    "duration": 3,
                    "duration_unit": "month",
                    "renewable": True,
                    "whole_installed_base": True,
                    "points_total": 100,
                }
            ],
        )
        with self.assertRaisesRegex(ValidationError, "cannot be negative"):
            form.record.duration = -1

    def test_template_contract_smart_button(self):
        contracts = self._create_contract() | self._create_contract()
        self.assertEqual(self.maintenance_template.contract_count, 2)
        action = self.maintenance_template.action_view_contracts()
        self.assertEqual(
            self.env["service.contract"].search(action["domain"]), contracts
        )
        self.assertEqual(
            action["context"]["default_template_id"], self.maintenance_template.id
        )

    def test_partner_smart_button(self):
        contract = self._create_contract(partner_id=self.partner_site.id)
        self.assertEqual(contract.commercial_partner_id, self.partner)
        self.assertEqual(self.partner.service_contract_count, 1)
        self.assertEqual(self.partner_site.service_contract_count, 1)
        self.assertEqual(self.other_partner.service_contract_count, 0)
        action = self.partner_site.action_view_service_contracts()
        self.assertEqual(
            self.env["service.contract"].search(action["domain"]), contract
        )

    def test_lot_must_be_installed_at_the_customer(self):
        with self.assertRaisesRegex(ValidationError, "is installed at"):
            self._create_contract(
                partner_id=self.other_partner.id, lot_ids=[Command.link(self.lot.id)]
            )
        contract = self._create_contract(lot_ids=[Command.link(self.lot.id)])
        self.assertEqual(contract.lot_count, 1)
        action = contract.action_view_lots()
        self.assertEqual(self.env["stock.lot"].search(action["domain"]), self.lot)

    def test_only_draft_or_cancelled_contracts_are_deleted(self):
        contract = self._create_contract(state="ready")
        with self.assertRaisesRegex(UserError, "Only draft or cancelled"):
            contract.unlink()
        contract.action_cancel()
        contract.unlink()
        self.assertFalse(contract.exists())
