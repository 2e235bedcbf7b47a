from odoo import Command
from odoo.tests import tagged

from odoo.addons.service_contract.tests.access_common import AccessTableMixin

from .common import ServiceContractBillingCommon

# What each group may do with the billing addon's models, as the product
# means it (see service_contract/tests/access_common.py). Renewals and
# revaluations are history: the actions that make them create the row as the
# user who runs them; nobody edits or deletes one. Whoever reads a contract
# reads its billing (salespeople, the warehouse and repair desk, read only),
# with the indices and dispute codes its revaluations and open items name.
EXPECTED = {
    "service.contract.billing.line": {
        "sc_user": "rwcu",
        "sc_manager": "rwcu",
        "salesman": "r",
        "stock": "r",
        "accountant": "r",
    },
    "service.contract.renewal": {
        "sc_user": "rc",
        "sc_manager": "rc",
        "salesman": "r",
        "stock": "r",
        "accountant": "rc",
    },
    "service.contract.revaluation": {
        "sc_user": "rc",
        "sc_manager": "rc",
        "salesman": "r",
        "stock": "r",
        "accountant": "rc",
    },
    "service.contract.index": {
        "sc_user": "r",
        "sc_manager": "rwcu",
        "salesman": "r",
        "stock": "r",
        "accountant": "r",
    },
    "service.contract.index.value": {
        "sc_user": "r",
        "sc_manager": "rwcu",
        "accountant": "r",
    },
    "service.contract.dispute.code": {
        "sc_user": "r",
        "sc_manager": "rwcu",
        "salesman": "r",
        "stock": "r",
        "accountant": "r",
    },
    "service.contract.dispute.line": {
        "sc_user": "rwcu",
        "sc_manager": "rwcu",
        "salesman": "r",
        "stock": "r",
        "accountant": "r",
    },
    "service.contract.invoice.preview": {
        "sc_user": "rwcu",
        "sc_manager": "rwcu",
        "accountant": "rwcu",
    },
    "service.contract.invoice.preview.line": {
        "sc_user": "rwcu",
        "sc_manager": "rwcu",
        "accountant": "rwcu",
    },
    # The base's models, as billing opens them to accountants.
    "service.contract": {
        "sc_user": "rwc",
        "sc_manager": "rwcu",
        "salesman": "rwc",
        "stock": "r",
        "accountant": "rw",
    },
    "service.contract.points.move": {
        "sc_user": "r",
        "sc_manager": "rc",
        "salesman": "r",
        "stock": "r",
        "accountant": "r",
    },
}


@tagged("post_install", "-at_install")
class TestBillingAccessRights(AccessTableMixin, ServiceContractBillingCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.personas = cls._create_personas()
        cls.index = cls.env["service.contract.index"].create(
            {
                "name": "Labour",
                "code": "T-LAB",
                "value_ids": [Command.create({"date": "2025-12-15", "value": 100.0})],
            }
        )
        cls.code = cls.env["service.contract.dispute.code"].create(
            {"code": "T-PRICE", "name": "Price disputed"}
        )
        cls.contract = cls._contract(
            dispute_line_ids=[Command.create({"dispute_code_id": cls.code.id})]
        )
        cls.renewal = cls.env["service.contract.renewal"].create(
            {
                "contract_id": cls.contract.id,
                "date_end_old": "2026-12-31",
                "date_end_new": "2027-12-31",
                "renewal_type": "manual",
            }
        )
        cls.revaluation = cls.env["service.contract.revaluation"].create(
            {"contract_id": cls.contract.id, "date": "2026-06-01", "method": "percent"}
        )
        points_template = cls.env["service.contract.template"].create(
            {"name": "Points", "contract_type": "points", "duration": 1}
        )
        cls.points_contract = cls.env["service.contract"].create(
            {
                "partner_id": cls.customer.id,
                "template_id": points_template.id,
                "date_start": "2026-01-01",
                "points_total": 10,
            }
        )

    def test_every_model_of_the_access_file_is_in_the_table(self):
        self._assert_table_names_every_model("service_contract_billing", EXPECTED)

    def test_access_table(self):
        self.assertTrue(self.contract.dispute_line_ids)
        records = {
            "service.contract.billing.line": self.contract.billing_line_ids,
            "service.contract.renewal": self.renewal,
            "service.contract.revaluation": self.revaluation,
            "service.contract.index": self.index,
            "service.contract.index.value": self.index.value_ids,
            "service.contract.dispute.code": self.code,
            "service.contract.dispute.line": self.contract.dispute_line_ids,
            "service.contract.invoice.preview": None,
            "service.contract.invoice.preview.line": None,
            "service.contract": self.contract,
            "service.contract.points.move": self.points_contract.points_move_ids[:1],
        }
        for model_name, expected in EXPECTED.items():
            self._assert_model_access(model_name, expected, records[model_name])

    def test_contract_form_opens_for_who_reads_contracts(self):
        self._assert_form_opens(
            self.contract,
            ["sc_user", "sc_manager", "salesman", "stock", "accountant"],
        )
