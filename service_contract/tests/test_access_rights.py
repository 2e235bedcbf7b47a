from odoo import Command
from odoo.tests import tagged

from .access_common import AccessTableMixin
from .common import ServiceContractCommon

# What each group may do with the base addon's models, as the product means
# it (see access_common). A service user is also an inventory user; a
# manager is also a service user. The accountant's rights on contracts and
# on the points ledger come with the billing addon and are tested there.
EXPECTED = {
    "service.contract": {
        "sc_user": "rwc",
        "sc_manager": "rwcu",
        "salesman": "rwc",
        "stock": "r",
    },
    "service.contract.template": {
        "sc_user": "r",
        "sc_manager": "rwcu",
        "salesman": "r",
        "stock": "r",
    },
    "service.contract.skill.group": {
        "sc_user": "r",
        "sc_manager": "rwcu",
        "salesman": "r",
    },
    "service.contract.skill.line": {
        "sc_user": "rwcu",
        "sc_manager": "rwcu",
        "salesman": "rwc",
        "stock": "r",
        "accountant": "r",
    },
    "service.contract.warranty.wizard": {
        "sc_user": "rwcu",
        "sc_manager": "rwcu",
    },
    # The ledger: a movement is undone by another movement, never edited.
    "service.contract.points.move": {
        "sc_user": "r",
        "sc_manager": "rc",
        "salesman": "r",
        "stock": "r",
    },
}
EXPECTED["stock.lot"] = {
    # The installed base: the warehouse (and the service user, an inventory
    # user) keeps it, as in stock; salespeople sell coverage for units and
    # accountants invoice per unit, so both read them.
    "sc_user": "rwcu",
    "sc_manager": "rwcu",
    "salesman": "r",
    "stock": "rwcu",
    "accountant": "r",
}
BILLING_MODELS = {"service.contract", "service.contract.points.move"}


@tagged("post_install", "-at_install")
class TestAccessRightsTable(AccessTableMixin, ServiceContractCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.personas = cls._create_personas()
        cls.contract = cls._create_contract(
            lot_ids=[Command.link(cls.lot.id)],
            skill_line_ids=[Command.create({"skill_group_id": cls.skill_hotline.id})],
        )
        cls.points_template = cls.env["service.contract.template"].create(
            {"name": "Points", "contract_type": "points", "duration": 1}
        )
        cls.points_contract = cls._create_contract(
            template_id=cls.points_template.id, points_total=10
        )
        cls.records = {
            "service.contract": cls.contract,
            "service.contract.template": cls.maintenance_template,
            "service.contract.skill.group": cls.skill_onsite,
            "service.contract.skill.line": cls.contract.skill_line_ids,
            "service.contract.warranty.wizard": None,
            "service.contract.points.move": cls.points_contract.points_move_ids[:1],
            "stock.lot": cls.lot,
        }

    def _personas_for(self, model_name):
        """The accountant's rights on some base models belong to billing."""
        if model_name in BILLING_MODELS:
            return {k: v for k, v in self.personas.items() if k != "accountant"}
        return self.personas

    def test_every_model_of_the_access_file_is_in_the_table(self):
        self._assert_table_names_every_model("service_contract", EXPECTED)

    def test_access_table(self):
        self.assertTrue(self.points_contract.points_move_ids)
        for model_name, expected in EXPECTED.items():
            personas = self.personas
            self.personas = self._personas_for(model_name)
            try:
                self._assert_model_access(
                    model_name, expected, self.records[model_name]
                )
            finally:
                self.personas = personas

    def test_contract_form_opens_for_who_reads_contracts(self):
        self._assert_form_opens(
            self.contract, ["sc_user", "sc_manager", "salesman", "stock"]
        )

    def test_template_form_opens_for_who_reads_templates(self):
        self._assert_form_opens(
            self.maintenance_template, ["sc_user", "sc_manager", "salesman", "stock"]
        )
