from odoo.tests import tagged

from odoo.addons.service_contract.tests.access_common import AccessTableMixin

from .common import CoverageCommon

# What each group may do with the coverage addon's models, as the product
# means it (see service_contract/tests/access_common.py). A service user is
# also an inventory user (the repair desk); a manager is also a service user.
# Whoever reads a contract reads what its form shows: accountants read the
# coverage of the contracts they invoice.
EXPECTED = {
    "service.contract.coverage": {
        "sc_user": "rwcu",
        "sc_manager": "rwcu",
        "salesman": "rwcu",
        "stock": "r",
        "accountant": "r",
    },
    "service.contract.coverage.component": {
        "sc_user": "rwcu",
        "sc_manager": "rwcu",
        "salesman": "rwcu",
        "stock": "r",
        "accountant": "r",
    },
    "service.contract.coverage.rule": {
        "sc_user": "rwcu",
        "sc_manager": "rwcu",
        "salesman": "rwcu",
        "stock": "r",
        "accountant": "r",
    },
    # The audit log: read by all who read contracts, written by the system.
    "service.contract.coverage.log": {
        "sc_user": "r",
        "sc_manager": "r",
        "salesman": "r",
        "stock": "r",
        "accountant": "r",
    },
    # Gaps are acknowledged by whoever meets them; only managers delete.
    "service.contract.coverage.gap": {
        "sc_user": "rwc",
        "sc_manager": "rwcu",
        "salesman": "rwc",
        "stock": "rwc",
        "accountant": "r",
    },
    "service.contract.coverage.report": {
        "sc_user": "r",
        "sc_manager": "r",
    },
    "service.product.component": {
        "sc_user": "r",
        "sc_manager": "rwcu",
        "salesman": "r",
        "stock": "r",
    },
}


@tagged("post_install", "-at_install")
class TestCoverageAccessRights(AccessTableMixin, CoverageCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.personas = cls._create_personas()
        cls.contract = cls._ready_contract()
        cls.line = cls._create_line(cls.contract, lot_id=cls.lot.id)
        cls.component = cls.env["service.contract.coverage.component"].create(
            {"coverage_id": cls.line.id, "product_id": cls.component_drum.id}
        )
        cls.rule = cls.env["service.contract.coverage.rule"].create(
            {
                "coverage_id": cls.line.id,
                "rule_type": "usage",
                "usage_type": "commercial",
            }
        )
        # The same serial on a second contract: an overlap gap.
        cls.other_contract = cls._ready_contract()
        cls._create_line(
            cls.other_contract,
            coverage_type="product",
            product_id=cls.product_unit.id,
        )
        cls.gap = cls.env["service.contract.coverage.gap"].search(
            [("partner_id", "=", cls.partner.id)], limit=1
        )
        cls.product_component = cls.env["service.product.component"].create(
            {
                "product_tmpl_id": cls.product_unit.product_tmpl_id.id,
                "component_id": cls.component_fuser.id,
            }
        )
        cls.env.flush_all()
        cls.report = cls.env["service.contract.coverage.report"].search(
            [("contract_id", "=", cls.contract.id)], limit=1
        )

    def test_every_model_of_the_access_file_is_in_the_table(self):
        self._assert_table_names_every_model("service_contract_coverage", EXPECTED)

    def test_access_table(self):
        self.assertTrue(self.gap, "the overlap should leave a gap")
        self.assertTrue(self.report, "the analysis should show the line")
        records = {
            "service.contract.coverage": self.line,
            "service.contract.coverage.component": self.component,
            "service.contract.coverage.rule": self.rule,
            # Its refusals are tested with the log itself (test_audit_log).
            "service.contract.coverage.log": None,
            "service.contract.coverage.gap": self.gap,
            "service.contract.coverage.report": self.report,
            "service.product.component": self.product_component,
        }
        for model_name, expected in EXPECTED.items():
            self._assert_model_access(model_name, expected, records[model_name])

    def test_contract_form_opens_for_who_reads_contracts(self):
        self._assert_form_opens(
            self.contract, ["sc_user", "sc_manager", "salesman", "stock"]
        )

    def test_coverage_line_form_opens(self):
        self._assert_form_opens(
            self.line, ["sc_user", "sc_manager", "salesman", "stock", "accountant"]
        )
