from odoo.tests import tagged

from odoo.addons.service_contract.tests.access_common import AccessTableMixin

from .common import ServiceMeterCommon

# What each group may do with the meter addon's models, as the product means
# it (see service_contract/tests/access_common.py). The warehouse and repair
# desk (inventory users) record readings and add meters to units, and do not
# delete them; a service user is also an inventory user; meters themselves
# and templates are configured by managers.
EXPECTED = {
    "service.meter": {
        "sc_user": "r",
        "sc_manager": "rwcu",
        "salesman": "r",
        "stock": "r",
    },
    "service.asset.meter": {
        "sc_user": "rwc",
        "sc_manager": "rwcu",
        "salesman": "r",
        "stock": "rwc",
    },
    "service.meter.reading": {
        "sc_user": "rwcu",
        "sc_manager": "rwcu",
        "salesman": "r",
        "stock": "rwc",
    },
    "service.contract.meter": {
        "sc_user": "rwcu",
        "sc_manager": "rwcu",
        "salesman": "rwc",
        "stock": "r",
        "accountant": "r",
    },
    "service.contract.template.meter": {
        "sc_user": "r",
        "sc_manager": "rwcu",
        "salesman": "r",
        "stock": "r",
    },
    # the readings import (a wizard): whoever records readings imports them
    "service.contract.meter.reading.import": {
        "sc_user": "rwc",
        "sc_manager": "rwc",
        "stock": "rwc",
    },
}


@tagged("post_install", "-at_install")
class TestMeterAccessRights(AccessTableMixin, ServiceMeterCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.personas = cls._create_personas()
        cls.reading = cls._reading(cls.lot_km, "2026-01-10", 1000.0)
        cls.contract = cls._create_contract(
            template_id=cls.meter_template.id,
            lot_ids=[(4, cls.lot.id)],
        )

    def test_every_model_of_the_access_file_is_in_the_table(self):
        self._assert_table_names_every_model("service_contract_meter", EXPECTED)

    def test_access_table(self):
        self.assertTrue(self.contract.meter_ids, "the template's meters apply")
        records = {
            "service.meter": self.meter_km,
            "service.asset.meter": self.lot_km,
            "service.meter.reading": self.reading,
            "service.contract.meter": self.contract.meter_ids[:1],
            "service.contract.template.meter": self.meter_template.meter_line_ids[:1],
        }
        for model_name, expected in EXPECTED.items():
            self._assert_model_access(model_name, expected, records.get(model_name))

    def test_forms_open_for_who_reads_them(self):
        readers = ["sc_user", "sc_manager", "salesman", "stock"]
        self._assert_form_opens(self.contract, readers)
        self._assert_form_opens(self.meter_template, readers)
        self._assert_form_opens(self.lot_km, readers)
