from odoo.tests import tagged

from .common import CoverageCommon


@tagged("post_install", "-at_install")
class TestCoverageLines(CoverageCommon):
    def test_line_defaults_from_template(self):
        self.maintenance_template.write(
            {
                "coverage_labor_rate": 50.0,
                "coverage_parts_rate": 80.0,
                "coverage_expense_rate": 0.0,
                "coverage_service_level": "premium",
                "coverage_components_policy": "exclude",
            }
        )
        contract = self._create_contract()
        line = self._create_line(contract, lot_id=self.lot.id)
        self.assertRecordValues(
            line,
            [
                {
                    "product_id": self.product_unit.id,
                    "labor_rate": 50.0,
                    "parts_rate": 80.0,
                    "expense_rate": 0.0,
                    "service_level": "premium",
                    "include_unlisted_components": False,
                    "date_start": contract.date_start,
                    "date_end": contract.date_end,
                    "partner_id": self.partner.id,
                }
            ],
        )
