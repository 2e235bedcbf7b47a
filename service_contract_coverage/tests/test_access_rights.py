from odoo.tests import tagged

from odoo.addons.service_contract.tests.access_common import AccessTableMixin
from odoo.addons.service_contract.tests.test_access_rights import (
    BILLING_MODELS,
)
from odoo.addons.service_contract.tests.test_access_rights import (
    EXPECTED as BASE_EXPECTED,
)

from .common import CoverageCommon

# What each group may do with the coverage addon's models, as the product
# means it (see service_contract/tests/access_common.py). A service user is
# also an inventory user (the repair desk); a manager is also a service user.
# Whoever reads a contract reads what its form shows: accountants read the
# coverage of the contracts they invoice, and the contracts of the coverage
# they read (billing lets them also write contracts: see contract_rights).
EXPECTED = {
    # The base's models the contract form shows: the coverage addon lets the
    # accountant, who reads coverage lines, read them too.
    **{model: dict(BASE_EXPECTED[model], accountant="r") for model in BILLING_MODELS},
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


def contract_rights(env):
    """The table, with the accountant's rights on contracts as the installed
    addons grant them: billing adds writing to the coverage addon's read."""
    billing = env.ref(
        "service_contract_billing.access_service_contract_invoice",
        raise_if_not_found=False,
    )
    if not billing:
        return EXPECTED
    contract = dict(EXPECTED["service.contract"], accountant="rw")
    return dict(EXPECTED, **{"service.contract": contract})


@tagged("post_install", "-at_install")
class TestCoverageAccessRights(AccessTableMixin, CoverageCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.personas = cls._create_personas()
        points_template = cls.env["service.contract.template"].create(
            {"name": "Points", "contract_type": "points", "duration": 1}
        )
        cls.points_move = cls._create_contract(
            template_id=points_template.id, points_total=10
        ).points_move_ids[:1]
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
        self.assertTrue(self.points_move, "a points contract should have a ledger")
        self.assertTrue(self.report, "the analysis should show the line")
        records = {
            "service.contract": self.contract,
            "service.contract.points.move": self.points_move,
            "service.contract.coverage": self.line,
            "service.contract.coverage.component": self.component,
            "service.contract.coverage.rule": self.rule,
            # Its refusals are tested with the log itself (test_audit_log).
            "service.contract.coverage.log": None,
            "service.contract.coverage.gap": self.gap,
            "service.contract.coverage.report": self.report,
            "service.product.component": self.product_component,
        }
        for model_name, expected in contract_rights(self.env).items():
            self._assert_model_access(model_name, expected, records[model_name])

    def test_contract_form_opens_for_who_reads_contracts(self):
        self._assert_form_opens(
            self.contract,
            ["sc_user", "sc_manager", "salesman", "stock", "accountant"],
        )

    def test_coverage_line_form_opens(self):
        self._assert_form_opens(
            self.line, ["sc_user", "sc_manager", "salesman", "stock", "accountant"]
        )
