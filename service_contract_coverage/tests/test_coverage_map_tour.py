from datetime import timedelta

from odoo import Command, fields
from odoo.tests import HttpCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestCoverageMapTour(HttpCase):
    """A service user opens the coverage map in a real browser, counts the
    markers per colour and the boundaries, and opens a gap's unit."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        new_test_user(
            cls.env,
            login="tour_map_user",
            groups="service_contract.group_service_contract_user",
        )
        today = fields.Date.today()
        # No tile is fetched in tests: the map draws without tiles.
        cls.env["ir.config_parameter"].set_param(
            "service_contract_coverage.map_tile_url", "none"
        )
        customer = cls.env["res.partner"].create(
            {
                "name": "Map Tour Customer",
                "is_company": True,
                "partner_latitude": 48.8566,
                "partner_longitude": 2.3522,
            }
        )
        bordeaux = cls.env["res.partner"].create(
            {
                "name": "Map Tour Customer, Bordeaux",
                "type": "delivery",
                "parent_id": customer.id,
                "partner_latitude": 44.8378,
                "partner_longitude": -0.5792,
            }
        )
        product = cls.env["product.product"].create(
            {
                "name": "Map Tour Unit",
                "type": "consu",
                "is_storable": True,
                "tracking": "serial",
            }
        )

        def unit(name, **values):
            return cls.env["stock.lot"].create(
                {
                    "name": name,
                    "product_id": product.id,
                    "service_partner_id": customer.id,
                    **values,
                }
            )

        covered_1 = unit("MAP-COV-1")
        covered_2 = unit("MAP-COV-2", service_latitude=48.9, service_longitude=2.4)
        cls.gap = unit("MAP-GAP-1", service_latitude=48.8, service_longitude=2.3)
        duplicate = unit("MAP-DUP-1", service_address_id=bordeaux.id)
        covered_3 = unit("MAP-COV-3", service_latitude=44.9, service_longitude=-0.5)
        unit(
            "MAP-OLD-1",
            service_latitude=45.76,
            service_longitude=4.83,
            service_state="decommissioned",
            decommission_date=today - timedelta(days=7),
        )
        unplaced = unit(
            "MAP-NOPOS-1",
            service_address_id=cls.env["res.partner"]
            .create({"name": "Depot", "type": "delivery", "parent_id": customer.id})
            .id,
        )
        Template = cls.env["service.contract.template"]
        maintenance = Template.create(
            {"name": "Map Tour Maintenance", "contract_type": "maintenance"}
        )
        warranty = Template.create(
            {"name": "Map Tour Warranty", "contract_type": "warranty"}
        )

        def contract(template, lots, start):
            return cls.env["service.contract"].create(
                {
                    "partner_id": customer.id,
                    "template_id": template.id,
                    "date_start": start,
                    "state": "ready",
                    "coverage_ids": [
                        Command.create({"coverage_type": "lot", "lot_id": lot.id})
                        for lot in lots
                    ],
                }
            )

        contract(
            maintenance, covered_1 | covered_2 | unplaced, today - timedelta(days=10)
        )
        contract(warranty, duplicate | covered_3, today - timedelta(days=60))
        contract(warranty, duplicate, today - timedelta(days=30))

    def test_coverage_map_tour(self):
        self.start_tour(
            "/odoo/action-service_contract_coverage.action_service_contract_coverage_map",
            "coverage_map_tour",
            login="tour_map_user",
        )
