import datetime

from odoo import Command, fields
from odoo.tests import HttpCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestInstalledBaseCoverageTour(HttpCase):
    """From the installed base, a service user opens a unit and sees its
    coverage answer with the reasons, and its contracts, in a real browser,
    as that user."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        new_test_user(
            cls.env,
            login="tour_service_user",
            groups="service_contract.group_service_contract_user,"
            "stock.group_production_lot",
        )
        customer = cls.env["res.partner"].create(
            {"name": "Tour Base Customer", "is_company": True}
        )
        product = cls.env["product.product"].create(
            {
                "name": "Tour Copier",
                "type": "consu",
                "is_storable": True,
                "tracking": "serial",
            }
        )
        cls.lot = cls.env["stock.lot"].create(
            {
                "name": "SN-TOUR-IB1",
                "product_id": product.id,
                "service_partner_id": customer.id,
                "service_usage_type": "residential",
            }
        )
        template = cls.env["service.contract.template"].create(
            {
                "name": "Tour Base Maintenance",
                "contract_type": "maintenance",
                "duration": 1,
                "duration_unit": "year",
            }
        )
        today = fields.Date.today()
        Contract = cls.env["service.contract"]
        values = {
            "partner_id": customer.id,
            "template_id": template.id,
            "date_start": today - datetime.timedelta(days=30),
            "state": "ready",
        }
        line = {"coverage_type": "lot", "lot_id": cls.lot.id}
        cls.covering = Contract.create(
            dict(
                values,
                coverage_ids=[
                    Command.create(dict(line, service_level="premium", labor_rate=80.0))
                ],
            )
        )
        cls.expired = Contract.create(
            dict(
                values,
                date_start=today - datetime.timedelta(days=400),
                date_end=today - datetime.timedelta(days=35),
                coverage_ids=[Command.create(line)],
            )
        )
        cls.conditional = Contract.create(
            dict(
                values,
                coverage_ids=[
                    Command.create(
                        dict(
                            line,
                            rule_ids=[
                                Command.create(
                                    {"rule_type": "usage", "usage_type": "commercial"}
                                )
                            ],
                        )
                    )
                ],
            )
        )

    def test_unit_coverage_answer_and_contracts(self):
        self.assertEqual(self.expired.state, "expired")
        answer = self.lot._get_service_coverage()
        self.assertEqual([e.contract for e in answer.covering], [self.covering])
        self.assertEqual(
            {e.contract for e in answer.not_qualifying},
            {self.expired, self.conditional},
        )
        self.start_tour(
            "/odoo/action-service_contract.action_installed_base",
            "installed_base_coverage_tour",
            login="tour_service_user",
        )
