from odoo import api, fields, models
from odoo.tools import SQL

from ..rules import coverage_map, precedence


class ServiceContractCoverageMap(models.AbstractModel):
    """The data of the coverage map (*Reporting > Coverage Map*): the units
    as markers coloured by their state today, each contract's boundary around
    the units it covers, and the units that have no position.

    It is computed in a fixed number of queries, whatever the number of
    units: the units in one query (with the user's access rules), the lines
    covering them today from the gap detection's list of covered units, and
    the coverage gaps from the gap detection itself
    (``service.contract.coverage.gap._find_gaps``).
    """

    _name = "service.contract.coverage.map"
    _description = "Coverage Map"

    TILE_URL_PARAM = "service_contract_coverage.map_tile_url"

    @api.model
    def action_open(self, partner=None, contract=None):
        """The coverage map, on ``partner``'s units or ``contract``'s."""
        action = self.env["ir.actions.actions"]._for_xml_id(
            "service_contract_coverage.action_service_contract_coverage_map"
        )
        context = {}
        if partner:
            context["coverage_map_partner_id"] = partner.commercial_partner_id.id
        if contract:
            context["coverage_map_contract_id"] = contract.id
            context["coverage_map_partner_id"] = contract.commercial_partner_id.id
        action["context"] = context
        return action

    @api.model
    def get_map_data(self, filters=None):
        """What the map draws, as plain JSON-able values.

        ``filters`` (all optional): ``partner_id`` (a customer), ``contract_id``,
        ``contract_type``, ``state`` (a marker state: covered, gap, duplicate,
        decommissioned, uncovered).  Returns ``markers`` (located units),
        ``unlocated`` (units without a position), ``boundaries`` (per
        contract), ``states`` (the legend), the filters' ``options`` and the
        ``tile_url`` (empty: draw without tiles).
        """
        filters = filters or {}
        partner_id = filters.get("partner_id") or False
        contract_id = filters.get("contract_id") or False
        contract_type = filters.get("contract_type") or False
        state_filter = filters.get("state") or False
        if contract_id and not partner_id:
            # a contract's map: its customer's units
            contract = self.env["service.contract"].search([("id", "=", contract_id)])
            partner_id = contract.commercial_partner_id.id
        partners = self.env["res.partner"].browse(partner_id).exists()

        units = self._get_map_units(partners)
        facts = self._get_map_facts(partners, units)
        contracts = self.env["service.contract"].search_fetch(
            [("id", "in", list(facts["contracts"]))],
            ["name", "contract_type", "commercial_partner_id"],
        )

        def keep_contract(contract):
            return (not contract_id or contract.id == contract_id) and (
                not contract_type or contract.contract_type == contract_type
            )

        kept = contracts.filtered(keep_contract)
        restrict = bool(contract_id or contract_type)
        markers, unlocated = [], []
        points = {contract.id: [] for contract in kept}
        # What the user may not see does not colour a unit either.
        visible = set(contracts.ids)
        kept_ids = set(kept.ids)
        for lot_id, unit in units.items():
            related = facts["related"].get(lot_id, set()) & kept_ids
            if restrict and not related:
                continue
            state = coverage_map.marker_state(
                decommissioned=unit["decommissioned"],
                duplicate=bool(facts["duplicate"].get(lot_id, set()) & visible),
                gap=bool(facts["gap"].get(lot_id, set()) & visible),
                covered=bool(facts["covered"].get(lot_id, set()) & visible),
            )
            if unit["position"] is not None:
                # the boundaries keep every unit, whichever state is shown
                for covering in facts["covered"].get(lot_id, ()):
                    if covering in points:
                        points[covering].append(unit["position"])
            if state_filter and state != state_filter:
                continue
            values = {
                "id": lot_id,
                "name": unit["name"],
                "product": unit["product"],
                "partner_id": unit["partner_id"],
                "partner": unit["partner"],
                "state": state,
                "contract_ids": sorted(related),
            }
            if unit["position"] is None:
                unlocated.append(values)
                continue
            values["lat"], values["lng"] = unit["position"]
            markers.append(values)
        boundaries = []
        for contract in kept:
            shape = coverage_map.boundary(points[contract.id])
            if shape:
                boundaries.append(
                    {
                        "contract_id": contract.id,
                        "name": contract.name,
                        "contract_type": contract.contract_type,
                        "units": len(points[contract.id]),
                        **shape,
                    }
                )
        return {
            "markers": markers,
            "unlocated": unlocated,
            "boundaries": boundaries,
            "states": self._get_map_states(),
            "options": self._get_map_options(units, contracts),
            "filters": {
                "partner_id": partner_id,
                "contract_id": contract_id,
                "contract_type": contract_type,
                "state": state_filter,
            },
            "tile_url": self._get_map_tile_url(),
        }

    # ------------------------------------------------------------------
    # Parts
    # ------------------------------------------------------------------
    @api.model
    def _get_map_units(self, partners):
        """{lot id: facts} of the installed units this user may see (at
        ``partners`` when given), in one query."""
        Lot = self.env["stock.lot"]
        domain = [("service_partner_id", "!=", False)]
        if partners:
            domain.append(
                (
                    "service_commercial_partner_id",
                    "in",
                    partners.commercial_partner_id.ids,
                )
            )
        query = Lot._search(domain)
        lang = self.env.lang or "en_US"
        self.env.cr.execute(
            SQL(
                """
                SELECT lot.id, lot.name, lot.service_state,
                       lot.service_map_located, lot.service_map_latitude,
                       lot.service_map_longitude,
                       COALESCE(pt.name->>%(lang)s, pt.name->>'en_US'),
                       partner.id, partner.complete_name, lot.parent_lot_id
                  FROM stock_lot lot
                  JOIN product_product pp ON pp.id = lot.product_id
                  JOIN product_template pt ON pt.id = pp.product_tmpl_id
                  JOIN res_partner partner
                    ON partner.id = lot.service_commercial_partner_id
                 WHERE lot.id IN %(visible)s
                 ORDER BY partner.complete_name, lot.name, lot.id
                """,
                lang=lang,
                visible=query.subselect(),
            )
        )
        return {
            row[0]: {
                "name": row[1],
                "decommissioned": row[2] == "decommissioned",
                "position": (row[4], row[5]) if row[3] else None,
                "product": row[6],
                "partner_id": row[7],
                "partner": row[8],
                "parent_id": row[9],
            }
            for row in self.env.cr.fetchall()
        }

    @api.model
    def _get_map_facts(self, partners, units):
        """The coverage of the ``units`` ({lot id: facts}) today, each a {lot id:
        contract ids}: the contracts covering each (``covered``), those
        covering it twice (``duplicate``), the contract of a customer under
        contract under which it is uncovered (``gap``), from the gap
        detection; ``related`` unites them, ``contracts`` all of them.  The
        detection sees every contract: the caller keeps the visible ones."""
        Gap = self.env["service.contract.coverage.gap"]
        self.env.flush_all()
        partner_filter = (
            SQL("cov.partner_id IN %s", tuple(partners.commercial_partner_id.ids))
            if partners
            else SQL("TRUE")
        )
        today = fields.Date.context_today(self)
        # A line covers today when its period overlaps the day today.
        self.env.cr.execute(
            SQL(
                """
                WITH units AS (%(units)s)
                SELECT DISTINCT units.lot_id, units.contract_id
                  FROM units WHERE %(today_in_period)s
                """,
                units=Gap._units_sql(partner_filter),
                today_in_period=SQL(
                    precedence.OVERLAPS_SQL,
                    start_a=SQL.identifier("units", "date_start"),
                    end_a=SQL.identifier("units", "date_end"),
                    start_b=today,
                    end_b=today,
                ),
            )
        )
        covering = {}
        for lot_id, contract_id in self.env.cr.fetchall():
            covering.setdefault(lot_id, set()).add(contract_id)
        covered, related = {}, {}
        for lot_id, unit in units.items():
            # secondary equipment inherits its primary unit's coverage, as
            # the gap detection has it
            contracts = covering.get(lot_id, set()) | covering.get(
                unit["parent_id"], set()
            )
            if contracts:
                covered[lot_id] = contracts
                related[lot_id] = set(contracts)
        duplicate, gap = {}, {}
        for kind, lot_id, contract_id, _line, other_contract, _other in Gap._find_gaps(
            partners.commercial_partner_id or None
        ):
            if lot_id not in units:
                continue
            if kind == "overlap":
                # covered twice: by both contracts, each visible or not
                duplicate.setdefault(lot_id, set()).update(
                    {contract_id, other_contract}
                )
                related.setdefault(lot_id, set()).update({contract_id, other_contract})
            elif kind == "under":
                gap.setdefault(lot_id, set()).add(contract_id)
                related.setdefault(lot_id, set()).add(contract_id)
        return {
            "covered": covered,
            "duplicate": duplicate,
            "gap": gap,
            "related": related,
            "contracts": set().union(*related.values()) if related else set(),
        }

    @api.model
    def _get_map_states(self):
        """The legend: each marker state with its label and colour."""
        labels = {
            "covered": self.env._("Covered"),
            "gap": self.env._("Not covered (customer under contract)"),
            "duplicate": self.env._("Covered twice"),
            "decommissioned": self.env._("Decommissioned"),
            "uncovered": self.env._("No contract"),
        }
        colours = {
            "covered": "#28a745",
            "gap": "#dc3545",
            "duplicate": "#fd7e14",
            "decommissioned": "#343a40",
            "uncovered": "#6c757d",
        }
        return [
            {"key": key, "label": labels[key], "color": colours[key]}
            for key in coverage_map.STATES
        ]

    @api.model
    def _get_map_options(self, units, contracts):
        """The choices of the map's filters."""
        customers = {unit["partner_id"]: unit["partner"] for unit in units.values()}
        types = dict(
            self.env["service.contract"]
            ._fields["contract_type"]
            ._description_selection(self.env)
        )
        return {
            "partners": sorted(
                ({"id": key, "name": name} for key, name in customers.items()),
                key=lambda option: option["name"] or "",
            ),
            "contracts": [{"id": c.id, "name": c.name} for c in contracts],
            "contract_types": [
                {"id": key, "name": name} for key, name in types.items()
            ],
        }

    @api.model
    def _get_map_tile_url(self):
        """The tile server's URL template (Settings); empty: no tiles."""
        value = self.env["ir.config_parameter"].sudo().get_param(self.TILE_URL_PARAM)
        return "" if not value or value.strip().lower() in ("none", "false") else value
