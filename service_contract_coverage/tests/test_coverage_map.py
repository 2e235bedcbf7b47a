from unittest.mock import MagicMock, patch

from odoo.tests import tagged
from odoo.tools import SQL

from .common import CoverageCommon

PARIS = (48.8566, 2.3522)
BORDEAUX = (44.8378, -0.5792)


@tagged("post_install", "-at_install")
class TestCoverageMap(CoverageCommon):
    """The coverage map's data, read by a service user: positions, marker
    states, boundaries, filters, geolocation through the geocoder's HTTP
    boundary."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.user = cls._create_user(
            "map_service_user", "service_contract.group_service_contract_user"
        )
        cls.partner.write({"partner_latitude": PARIS[0], "partner_longitude": PARIS[1]})
        cls.partner_site.write(
            {"partner_latitude": BORDEAUX[0], "partner_longitude": BORDEAUX[1]}
        )
        cls.address_unplaced = cls.env["res.partner"].create(
            {
                "name": "Contoso Plant, Depot",
                "type": "delivery",
                "parent_id": cls.partner.id,
                "street": "1 Quai du Port",
                "city": "Lille",
            }
        )
        cls.lot2.write({"service_latitude": 48.9, "service_longitude": 2.4})
        cls.lot_scanner.service_address_id = cls.partner_site
        Lot = cls.env["stock.lot"]
        cls.lot_gap = Lot.create(
            {
                "name": "SN-MAP-GAP",
                "product_id": cls.product_unit.id,
                "service_partner_id": cls.partner.id,
                "service_latitude": 48.8,
                "service_longitude": 2.3,
            }
        )
        cls.lot_old = Lot.create(
            {
                "name": "SN-MAP-OLD",
                "product_id": cls.product_unit.id,
                "service_partner_id": cls.partner.id,
                "service_latitude": 45.76,
                "service_longitude": 4.83,
                "service_state": "decommissioned",
                "decommission_date": "2026-02-01",
            }
        )
        cls.lot_unplaced = Lot.create(
            {
                "name": "SN-MAP-NOPOS",
                "product_id": cls.product_unit.id,
                "service_partner_id": cls.partner.id,
                "service_address_id": cls.address_unplaced.id,
            }
        )
        cls.contract_main = cls._ready_contract(date_start="2026-02-01")
        for lot in cls.lot | cls.lot2 | cls.lot_unplaced:
            cls._create_line(cls.contract_main, lot_id=lot.id)
        cls.warranty_a = cls._ready_contract(template_id=cls.warranty_template.id)
        cls.warranty_b = cls._ready_contract(template_id=cls.warranty_template.id)
        for contract in cls.warranty_a | cls.warranty_b:
            cls._create_line(contract, lot_id=cls.lot_scanner.id)

    def _data(self, **filters):
        self.env.invalidate_all()
        Map = self.env["service.contract.coverage.map"].with_user(self.user)
        return Map.get_map_data({"partner_id": self.partner.id, **filters})

    def _states(self, data):
        return {m["name"]: m["state"] for m in data["markers"] + data["unlocated"]}

    def test_position_own_wins_over_the_address(self):
        self.assertRecordValues(
            self.lot | self.lot2 | self.lot_scanner | self.lot_unplaced,
            [
                {"service_map_located": True, "service_map_latitude": PARIS[0]},
                {"service_map_located": True, "service_map_latitude": 48.9},
                {"service_map_located": True, "service_map_latitude": BORDEAUX[0]},
                {"service_map_located": False, "service_map_latitude": 0.0},
            ],
        )
        # the address moves: the units placed by it follow; the own one stays
        self.partner.partner_latitude = 47.0
        self.assertEqual(self.lot.service_map_latitude, 47.0)
        self.assertEqual(self.lot2.service_map_latitude, 48.9)
        self.lot2.write({"service_latitude": 0.0, "service_longitude": 0.0})
        self.assertEqual(self.lot2.service_map_latitude, 47.0)

    def test_marker_states_today(self):
        data = self._data()
        self.assertEqual(
            self._states(data),
            {
                "SN-T-0001": "covered",
                "SN-T-0002": "covered",
                "SN-MAP-NOPOS": "covered",
                "SN-S-0001": "duplicate",
                "SN-MAP-GAP": "gap",
                "SN-MAP-OLD": "decommissioned",
            },
        )
        # secondary equipment is covered with its primary unit
        self.lot_gap.parent_lot_id = self.lot
        self.assertEqual(self._states(self._data())["SN-MAP-GAP"], "covered")
        self.lot_gap.parent_lot_id = False
        # a unit without a position is listed, not dropped
        self.assertEqual([u["name"] for u in data["unlocated"]], ["SN-MAP-NOPOS"])
        marker = next(m for m in data["markers"] if m["name"] == "SN-T-0002")
        self.assertEqual((marker["lat"], marker["lng"]), (48.9, 2.4))
        self.assertEqual(marker["id"], self.lot2.id)
        # the other customer's unit, at a customer without contract
        everything = self._data(partner_id=False)
        self.assertEqual(self._states(everything)["SN-T-0099"], "uncovered")
        self.assertEqual(
            [s["key"] for s in data["states"]],
            ["decommissioned", "duplicate", "gap", "covered", "uncovered"],
        )

    def test_boundaries(self):
        boundaries = {b["contract_id"]: b for b in self._data()["boundaries"]}
        self.assertEqual(
            set(boundaries),
            {self.contract_main.id, self.warranty_a.id, self.warranty_b.id},
        )
        main = boundaries[self.contract_main.id]
        # two placed units (the third has no position): a segment
        self.assertEqual(main["type"], "polygon")
        self.assertEqual(main["units"], 2)
        self.assertEqual(sorted(main["points"]), sorted([PARIS, (48.9, 2.4)]))
        single = boundaries[self.warranty_a.id]
        self.assertEqual(single["type"], "circle")
        self.assertEqual(tuple(single["center"]), BORDEAUX)
        self.assertGreater(single["radius"], 0)

    def test_filters(self):
        by_contract = self._data(partner_id=False, contract_id=self.contract_main.id)
        # the contract's units and its customer's gaps under it
        self.assertEqual(
            set(self._states(by_contract)),
            {"SN-T-0001", "SN-T-0002", "SN-MAP-NOPOS", "SN-MAP-GAP"},
        )
        self.assertEqual(
            [b["contract_id"] for b in by_contract["boundaries"]],
            [self.contract_main.id],
        )
        by_type = self._data(contract_type="warranty")
        self.assertEqual(set(self._states(by_type)), {"SN-S-0001"})
        self.assertEqual(len(by_type["boundaries"]), 2)
        gaps = self._data(state="gap")
        self.assertEqual(self._states(gaps), {"SN-MAP-GAP": "gap"})
        # the gaps are shown against the boundaries of every covered unit
        self.assertEqual(len(gaps["boundaries"]), 3)
        other = self._data(partner_id=self.other_partner.id)
        self.assertEqual(set(self._states(other)), {"SN-T-0099"})
        self.assertFalse(other["boundaries"])

    def test_another_company_sees_none_of_its_units(self):
        company_b = self.env["res.company"].create({"name": "Map Site B"})
        user_b = self._create_user(
            "map_user_b",
            "service_contract.group_service_contract_user",
            company=company_b,
        )
        self.env["stock.lot"].create(
            {
                "name": "SN-MAP-SITE-A",
                "product_id": self.product_unit.id,
                "company_id": self.company.id,
                "service_partner_id": self.partner.id,
                "service_latitude": 48.1,
                "service_longitude": 2.1,
            }
        )
        self.assertIn("SN-MAP-SITE-A", self._states(self._data()))
        data_b = (
            self.env["service.contract.coverage.map"]
            .with_user(user_b)
            .with_context(allowed_company_ids=company_b.ids)
            .get_map_data({"partner_id": self.partner.id})
        )
        self.assertNotIn("SN-MAP-SITE-A", self._states(data_b))
        # nor the contracts of site A, their boundaries or their gaps
        self.assertFalse(data_b["boundaries"])
        self.assertFalse(data_b["options"]["contracts"])
        # a unit site A's contract names took site A's company: B sees it
        # no more than the unit A installed
        self.assertNotIn("SN-T-0001", self._states(data_b))
        # the units every company may read are not coloured by site A's
        # contracts: B sees them as at a customer without contract
        self.assertIn("SN-MAP-GAP", self._states(data_b))
        self.assertLessEqual(
            set(self._states(data_b).values()), {"uncovered", "decommissioned"}
        )

    def test_tile_url_setting(self):
        Param = self.env["ir.config_parameter"]
        self.assertIn("openstreetmap", self._data()["tile_url"])
        Param.set_param(
            "service_contract_coverage.map_tile_url", "https://tiles.example/{z}"
        )
        self.assertEqual(self._data()["tile_url"], "https://tiles.example/{z}")
        settings = self.env["res.config.settings"].create(
            {"service_coverage_map_tile_url": False}
        )
        settings.execute()
        self.assertEqual(self._data()["tile_url"], "")

    def test_open_from_a_contract_and_a_customer(self):
        Map = self.env["service.contract.coverage.map"].with_user(self.user)
        action = Map.action_open(contract=self.contract_main)
        self.assertEqual(action["tag"], "service_contract_coverage.coverage_map")
        self.assertEqual(
            action["context"]["coverage_map_contract_id"], self.contract_main.id
        )
        # the contract's map shows its customer's units, without naming them
        data = Map.get_map_data({"contract_id": self.contract_main.id})
        self.assertIn("SN-MAP-GAP", self._states(data))
        self.assertNotIn("SN-T-0099", self._states(data))
        server_action = self.env.ref(
            "service_contract_coverage.action_res_partner_coverage_map"
        ).with_user(self.user)
        result = server_action.with_context(
            active_model="res.partner",
            active_id=self.partner_site.id,
            active_ids=self.partner_site.ids,
        ).run()
        self.assertEqual(result["context"]["coverage_map_partner_id"], self.partner.id)

    def test_geolocate_units_without_position(self):
        """The partners' geocoder is replaced at its HTTP call only."""
        user = self._create_user(
            "map_geo_user",
            "service_contract.group_service_contract_user,base.group_partner_manager",
        )
        self.env["ir.config_parameter"].set_param(
            "base_geolocalize.geo_provider",
            self.env.ref("base_geolocalize.geoprovider_open_street").id,
        )
        response = MagicMock(status_code=200)
        response.json.return_value = [{"lat": "50.6292", "lon": "3.0573"}]
        with patch(
            "odoo.addons.base_geolocalize.models.base_geocoder.requests.get",
            return_value=response,
        ) as get:
            result = (
                self.env["stock.lot"]
                .with_user(user)
                .browse((self.lot | self.lot_unplaced).ids)
                .action_geolocate_service_units()
            )
        # only the unit without a position was looked up, by its address
        self.assertEqual(get.call_count, 1)
        self.assertIn("nominatim.openstreetmap.org", get.call_args.args[0])
        self.assertIn("Lille", get.call_args.kwargs["params"]["q"])
        self.assertRecordValues(
            self.lot_unplaced,
            [
                {
                    "service_map_located": True,
                    "service_map_latitude": 50.6292,
                    "service_map_longitude": 3.0573,
                }
            ],
        )
        self.assertEqual(result["params"]["type"], "success")
        self.assertFalse(self._data()["unlocated"])


@tagged("post_install", "-at_install")
class TestCoverageMapQueries(CoverageCommon):
    """The map's data costs the same queries at 100 and at 10,000 units."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.user = cls._create_user(
            "map_query_user", "service_contract.group_service_contract_user"
        )
        cls.customer = cls.env["res.partner"].create(
            {"name": "Map Bench Customer", "is_company": True}
        )
        cls.product_bulk = cls.env["product.product"].create(
            {
                "name": "Map Bench Unit",
                "type": "consu",
                "is_storable": True,
                "tracking": "serial",
            }
        )
        contract = cls._ready_contract(partner_id=cls.customer.id)
        cls._create_line(
            contract, coverage_type="product", product_id=cls.product_bulk.id
        )
        cls.env["res.partner"].create(
            [
                {"name": f"Map Bench Site {i}", "parent_id": cls.customer.id}
                for i in range(3)
            ]
        )

    def _insert_units(self, start, stop):
        """Units ``start`` .. ``stop - 1``: every third one of another product
        (a gap), placed on a grid."""
        self.env.flush_all()
        self.env.cr.execute(
            SQL(
                """
                INSERT INTO stock_lot (name, product_id, company_id,
                       service_partner_id, service_commercial_partner_id,
                       service_state, service_map_located, service_map_latitude,
                       service_map_longitude, create_uid, write_uid,
                       create_date, write_date)
                SELECT 'MAP-BULK-' || n,
                       CASE WHEN mod(n, 3) = 0 THEN %(other)s ELSE %(product)s END,
                       %(company)s, %(partner)s, %(partner)s, 'in_service', TRUE,
                       43 + mod(n, 100) * 0.05, 1 + (n / 100) * 0.05,
                       %(uid)s, %(uid)s, now(), now()
                  FROM generate_series(%(start)s, %(stop)s - 1) AS n
                """,
                other=self.product_unit.id,
                product=self.product_bulk.id,
                company=self.env.company.id,
                partner=self.customer.id,
                uid=self.env.uid,
                start=start,
                stop=stop,
            )
        )
        self.env.invalidate_all()

    def _count(self):
        Map = self.env["service.contract.coverage.map"].with_user(self.user)
        Map.get_map_data({"partner_id": self.customer.id})  # warm the caches
        self.env.invalidate_all()
        start = self.cr.sql_log_count
        data = Map.get_map_data({"partner_id": self.customer.id})
        return data, self.cr.sql_log_count - start

    def test_same_queries_at_100_and_10000_units(self):
        self._insert_units(0, 100)
        data, at_100 = self._count()
        self.assertEqual(len(data["markers"]), 100)
        self.assertEqual(sum(m["state"] == "gap" for m in data["markers"]), 34)
        self._insert_units(100, 10000)
        self.env.invalidate_all()
        with self.assertQueryCount(at_100):
            data = (
                self.env["service.contract.coverage.map"]
                .with_user(self.user)
                .get_map_data({"partner_id": self.customer.id})
            )
        self.assertEqual(len(data["markers"]), 10000)
        self.assertEqual(sum(m["state"] == "gap" for m in data["markers"]), 3334)
        self.assertEqual(data["boundaries"][0]["units"], 6666)
        self.assertLessEqual(at_100, 12)
