from odoo import Command, _, api, fields, models
from odoo.exceptions import UserError
from odoo.osv import expression

from ..rules import coverage_map
from .service_contract_coverage import SERVICE_LEVELS


class StockLot(models.Model):
    _inherit = "stock.lot"

    service_coverage_ids = fields.Many2many(
        "service.contract.coverage",
        string="Covering Lines",
        compute="_compute_service_coverage",
    )
    service_coverage_count = fields.Integer(
        string="Coverage", compute="_compute_service_coverage"
    )
    service_level = fields.Selection(
        SERVICE_LEVELS, compute="_compute_service_coverage"
    )
    service_coverage_html = fields.Html(
        string="Coverage Today", compute="_compute_service_coverage"
    )
    # The unit's position on the coverage map (rules/coverage_map.py).
    service_latitude = fields.Float(
        string="Latitude",
        digits=(10, 7),
        help="The unit's own position, which wins over its installation "
        "address's. Leave empty to place the unit at its address.",
    )
    service_longitude = fields.Float(string="Longitude", digits=(10, 7))
    service_map_latitude = fields.Float(
        string="Map Latitude",
        digits=(10, 7),
        compute="_compute_service_map_position",
        store=True,
    )
    service_map_longitude = fields.Float(
        string="Map Longitude",
        digits=(10, 7),
        compute="_compute_service_map_position",
        store=True,
    )
    service_map_located = fields.Boolean(
        string="Located",
        compute="_compute_service_map_position",
        store=True,
        index=True,
        help="Whether the unit has a position: its own, or its installation "
        "address's (geolocated from the address).",
    )

    # ------------------------------------------------------------------
    # Computes
    # ------------------------------------------------------------------
    @api.depends_context("tz")
    def _compute_service_coverage(self):
        Coverage = self.env["service.contract.coverage"]
        for lot in self:
            if not lot.id:
                lot.service_coverage_ids = Coverage
                lot.service_coverage_count = 0
                lot.service_level = False
                lot.service_coverage_html = False
                continue
            answer = lot._get_service_coverage()
            lines = Coverage
            for entry in answer.covering:
                lines |= entry.coverage
            lot.service_coverage_ids = lines
            lot.service_coverage_count = len(answer.covering)
            lot.service_level = answer.best.level if answer.covered else False
            # self.env._: a comprehension has no ``self`` for _() to find
            # the user's language in.
            shares = {
                entry: self.env._(
                    "Labour %(labor)s%%, parts %(parts)s%%, expenses %(expense)s%%",
                    labor=entry.labor_rate,
                    parts=entry.parts_rate,
                    expense=entry.expense_rate,
                )
                for entry in answer.entries
            }
            lot.service_coverage_html = self.env["ir.qweb"]._render(
                "service_contract_coverage.stock_lot_service_coverage",
                {"answer": answer, "levels": dict(SERVICE_LEVELS), "shares": shares},
            )

    @api.depends(
        "service_latitude",
        "service_longitude",
        "service_address_id.partner_latitude",
        "service_address_id.partner_longitude",
        "service_partner_id.partner_latitude",
        "service_partner_id.partner_longitude",
    )
    def _compute_service_map_position(self):
        for lot in self:
            address = lot._get_service_map_address()
            found = coverage_map.position(
                (lot.service_latitude, lot.service_longitude),
                (address.partner_latitude, address.partner_longitude),
            )
            lot.service_map_located = bool(found)
            lot.service_map_latitude, lot.service_map_longitude = found or (0.0, 0.0)

    def _get_service_map_address(self):
        """The partner whose position places the unit: its installation
        address, else the customer where it is installed."""
        self.ensure_one()
        return self.service_address_id or self.service_partner_id

    # ------------------------------------------------------------------
    # Entitlement check
    # ------------------------------------------------------------------
    def _get_service_coverage(self, date=None, component=None):
        """Which contracts cover this unit on ``date`` (default: today), and
        for ``component`` (a product) when given.

        Returns an ``EntitlementAnswer`` (``rules/entitlement.py``): the
        ``covering`` entries best first (serial beats product beats category
        beats whole installed base; then the higher service level; then the
        later end), each with its reason, and the ``not_qualifying`` ones with
        the reason each fails.  The check is ``service.contract.entitlement``.
        """
        self.ensure_one()
        return self.env["service.contract.entitlement"]._get_coverage(
            self, date=date, component=component
        )

    def get_service_entitlement(self, date=None, component=None):
        """The entitlement check for remote callers (JSON-RPC, XML-RPC, the
        ``/api/service-contract/v1`` endpoints): the answer of
        ``_get_service_coverage`` as plain values.

        ``date`` is a date or ``YYYY-MM-DD`` (default: today); ``component``
        a product id or its internal reference. Returns ``{"covered": bool,
        "covering": [...], "not_qualifying": [...]}``, best first, each entry
        with its contract and reason. A bad date or an unknown component is
        refused with a ``UserError``.
        """
        self.ensure_one()
        try:
            day = fields.Date.to_date(date) if date else None
        except ValueError as error:
            raise UserError(
                _("The date %(date)s is not a date (YYYY-MM-DD).", date=date)
            ) from error
        product = self._get_service_component(component) if component else None
        answer = self._get_service_coverage(date=day, component=product)
        return self._get_service_entitlement_values(
            answer, day or fields.Date.context_today(self), product
        )

    @api.model
    def _get_service_component(self, component):
        """The component product named by its id or internal reference."""
        Product = self.env["product.product"]
        if isinstance(component, int) and not isinstance(component, bool):
            product = Product.browse(component).exists()
        else:
            product = Product.search([("default_code", "=", str(component))], limit=1)
        if not product:
            raise UserError(_("No component has the reference %(ref)s.", ref=component))
        return product

    def _get_service_entitlement_values(self, answer, date, component=None):
        """``answer`` (an ``EntitlementAnswer``) as JSON-ready values."""
        self.ensure_one()

        # False, not None, for what is missing: XML-RPC cannot send None.
        def day(value):
            return fields.Date.to_string(value) if value else False

        return {
            "serial": self.name,
            "product": self.product_id.display_name,
            "date": day(date),
            "component": (component.default_code or component.display_name)
            if component
            else False,
            "covered": answer.covered,
            "covering": [
                {
                    "contract": entry.contract.name,
                    "coverage_type": entry.kind,
                    "service_level": entry.level,
                    "labor_share": entry.labor_rate,
                    "parts_share": entry.parts_rate,
                    "expenses_share": entry.expense_rate,
                    "valid_until": day(entry.date_end),
                    "covered_through": entry.covered_through.name,
                    "reason": entry.reason,
                }
                for entry in answer.covering
            ],
            "not_qualifying": [
                {"contract": entry.contract.name, "reason": entry.reason}
                for entry in answer.not_qualifying
            ],
        }

    def _get_service_primary_chain(self):
        """This unit and the primary units it is bundled with, nearest first."""
        chain = self
        parent = self.parent_lot_id
        while parent and parent not in chain:
            chain |= parent
            parent = parent.parent_lot_id
        return chain

    def _get_service_categ_ids(self):
        """The ids of this unit's product category and of its parents."""
        self.ensure_one()
        return [
            int(c) for c in (self.product_id.categ_id.parent_path or "").split("/") if c
        ]

    # ------------------------------------------------------------------
    # Contracts of the units (base hook)
    # ------------------------------------------------------------------
    def _get_service_contracts(self):
        """Add the contracts covering the units by product or category, and
        those of their primary units (secondary equipment inherits them)."""
        result = super()._get_service_contracts()
        lots = self.filtered("service_commercial_partner_id")
        if lots:
            categ_ids = set()
            for lot in lots:
                categ_ids.update(lot._get_service_categ_ids())
            lines = self.env["service.contract.coverage"].search(
                [
                    ("partner_id", "in", lots.service_commercial_partner_id.ids),
                    "|",
                    "&",
                    ("coverage_type", "=", "product"),
                    ("product_id", "in", lots.product_id.ids),
                    "&",
                    ("coverage_type", "=", "category"),
                    ("categ_id", "in", list(categ_ids)),
                ]
            )
            Entitlement = self.env["service.contract.entitlement"]
            for lot in lots:
                for line in lines:
                    if Entitlement._get_covering_unit(line, lot):
                        result[lot.id] |= line.contract_id
        parents = self.parent_lot_id
        if parents:
            by_parent = parents._get_service_contracts()
            for lot in self.filtered("parent_lot_id"):
                result[lot.id] |= by_parent.get(
                    lot.parent_lot_id.id, self.env["service.contract"]
                )
        return result

    def _search_service_contract_ids(self, operator, value):
        """Also find the units covered by product or category lines, and the
        secondary equipment of listed units."""
        domain = super()._search_service_contract_ids(operator, value)
        if operator == "any":
            contracts = self.env["service.contract"].search(value)
        else:
            ids = [value] if operator == "=" else value
            contracts = self.env["service.contract"].browse(ids)
        extra = contracts._get_coverage_lots_domain()
        listed = contracts.coverage_ids.filtered(
            lambda line: line.coverage_type == "lot"
        )
        if listed:
            extra.append([("parent_lot_id", "in", listed.lot_id.ids)])
        return expression.OR([domain, *extra]) if extra else domain

    def _prepare_warranty_contract_vals(self, template):
        """The warranty contract covers the serial through a coverage line."""
        vals = super()._prepare_warranty_contract_vals(template)
        vals.pop("lot_ids", None)
        vals["coverage_ids"] = [
            Command.create({"coverage_type": "lot", "lot_id": self.id})
        ]
        return vals

    # ------------------------------------------------------------------
    # Fleet changes: tell the account managers, keep the log
    # ------------------------------------------------------------------
    def write(self, vals):
        events = self._get_service_fleet_events(vals)
        contracts_by_lot = self._get_service_contracts() if events else {}
        result = super().write(vals)
        if events:
            self._notify_service_fleet_events(events, contracts_by_lot)
        return result

    def _get_service_fleet_events(self, vals):
        """[(lot, operation, old value, new value)] this write causes."""
        events = []
        if vals.get("service_state") == "decommissioned":
            for lot in self.filtered(lambda lot: lot.service_state != "decommissioned"):
                events.append(
                    (lot, "decommission", _("In Service"), _("Decommissioned"))
                )
        if "service_partner_id" in vals:
            new_partner = self.env["res.partner"].browse(vals["service_partner_id"])
            for lot in self.filtered("service_partner_id"):
                if (
                    lot.service_commercial_partner_id
                    != new_partner.commercial_partner_id
                ):
                    events.append(
                        (
                            lot,
                            "customer_change",
                            lot.service_partner_id.display_name,
                            new_partner.display_name or "",
                        )
                    )
        return events

    def _notify_service_fleet_events(self, events, contracts_by_lot):
        Log = self.env["service.contract.coverage.log"]
        for lot, operation, old_value, new_value in events:
            contracts = contracts_by_lot.get(
                lot.id, self.env["service.contract"]
            ).filtered(lambda c: c.state in ("draft", "ready"))
            if not contracts:
                continue
            Log._log_unit_event(lot, contracts, operation, old_value, new_value)
            if operation == "decommission":
                summary = _("Unit %(lot)s decommissioned", lot=lot.name)
            else:
                summary = _("Unit %(lot)s changed customer", lot=lot.name)
            note = _(
                "Unit %(lot)s: %(old)s → %(new)s. Review the coverage of this "
                "contract.",
                lot=lot.name,
                old=old_value,
                new=new_value,
            )
            # The account manager is told even when the change is made by
            # someone (a technician) who may not edit contracts: the activity
            # is the system's notification, not the user's edit.
            for contract in contracts.sudo():
                contract.activity_schedule(
                    "mail.mail_activity_data_todo",
                    summary=summary,
                    note=note,
                    user_id=(contract.user_id or self.env.user).id,
                )

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------
    def action_view_service_coverage(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "service_contract_coverage.action_service_contract_coverage"
        )
        action["domain"] = [("id", "in", self.service_coverage_ids.ids)]
        action["context"] = {"create": False}
        return action

    def action_geolocate_service_units(self):
        """Geolocate the installation addresses of these units (all units
        when called on none) that have no position yet, with Odoo's geocoder
        (``base_geolocalize``), and say how many are placed now."""
        if self:
            lots = self.filtered(lambda lot: not lot.service_map_located)
        else:
            lots = self.search(
                [
                    ("service_partner_id", "!=", False),
                    ("service_map_located", "=", False),
                ]
            )
        addresses = self.env["res.partner"]
        for lot in lots:
            addresses |= lot._get_service_map_address()
        if addresses:
            # An explicit request: base_geolocalize otherwise skips it while
            # installing, importing or testing.
            addresses.with_context(force_geo_localize=True).geo_localize()
        located = lots.filtered("service_map_located")
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "success" if located == lots else "warning",
                "message": self.env._(
                    "%(located)s of %(total)s units without a position are placed now.",
                    located=len(located),
                    total=len(lots),
                ),
                "next": {"type": "ir.actions.client", "tag": "soft_reload"},
            },
        }
