from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError

from ..rules import installed_base

USAGE_TYPES = [
    ("commercial", "Commercial"),
    ("residential", "Residential"),
    ("rental", "Rental"),
    ("internal", "Internal Use"),
    ("demo", "Demonstration"),
]


class StockLot(models.Model):
    """The installed base: where each serial-numbered unit is in service."""

    _inherit = "stock.lot"

    service_partner_id = fields.Many2one(
        "res.partner",
        string="Installed At",
        tracking=True,
        index="btree_not_null",
        check_company=True,
        help="The customer where the unit is installed. Set when the unit is "
        "delivered and cleared when it is returned; it can be corrected by hand.",
    )
    service_commercial_partner_id = fields.Many2one(
        "res.partner",
        string="Installed At (Company)",
        related="service_partner_id.commercial_partner_id",
        store=True,
        index="btree_not_null",
    )
    service_address_id = fields.Many2one(
        "res.partner",
        string="Installation Address",
        tracking=True,
        check_company=True,
    )
    service_delivery_date = fields.Date(
        string="Delivered On",
        tracking=True,
        help="The date the unit was delivered to the customer where it is installed.",
    )
    service_usage_type = fields.Selection(
        USAGE_TYPES, string="Usage Type", tracking=True
    )
    service_state = fields.Selection(
        [("in_service", "In Service"), ("decommissioned", "Decommissioned")],
        string="Service Status",
        default="in_service",
        required=True,
        tracking=True,
        index=True,
    )
    decommission_date = fields.Date(tracking=True)
    parent_lot_id = fields.Many2one(
        "stock.lot",
        string="Primary Unit",
        index="btree_not_null",
        check_company=True,
        tracking=True,
        help="The primary unit this secondary equipment is bundled with.",
    )
    child_lot_ids = fields.One2many(
        "stock.lot", "parent_lot_id", string="Secondary Equipment"
    )
    service_contract_ids = fields.Many2many(
        "service.contract",
        string="Service Contracts",
        compute="_compute_service_contract_ids",
        search="_search_service_contract_ids",
    )
    service_contract_count = fields.Integer(
        string="Contracts", compute="_compute_service_contract_ids"
    )

    # ------------------------------------------------------------------
    # Computes
    # ------------------------------------------------------------------
    @api.depends("service_commercial_partner_id", "service_state")
    def _compute_service_contract_ids(self):
        contracts_by_lot = self._get_service_contracts()
        for lot in self:
            contracts = contracts_by_lot.get(lot.id, self.env["service.contract"])
            lot.service_contract_ids = contracts
            lot.service_contract_count = len(contracts)

    def _get_service_contracts(self):
        """{lot id: contracts naming the unit or covering its customer's whole
        installed base}, in a bounded number of queries.

        The coverage addon extends this with its coverage lines.
        """
        Contract = self.env["service.contract"]
        result = {lot.id: Contract for lot in self}
        if not self.ids:
            return result
        listed = Contract.search([("lot_ids", "in", self.ids)])
        for contract in listed:
            for lot in contract.lot_ids:
                if lot.id in result:
                    result[lot.id] |= contract
        partners = self.service_commercial_partner_id
        if partners:
            whole = Contract.search(
                [
                    ("whole_installed_base", "=", True),
                    ("commercial_partner_id", "in", partners.ids),
                ]
            )
            by_partner = {}
            for contract in whole:
                by_partner.setdefault(contract.commercial_partner_id.id, Contract)
                by_partner[contract.commercial_partner_id.id] |= contract
            for lot in self.filtered(lambda lot: lot.service_state == "in_service"):
                result[lot.id] |= by_partner.get(
                    lot.service_commercial_partner_id.id, Contract
                )
        return result

    def _search_service_contract_ids(self, operator, value):
        if operator not in ("in", "=", "any"):
            raise UserError(_("Unsupported search on service contracts."))
        if operator == "=":
            value = [value]
        contracts = self.env["service.contract"].browse(value)
        if operator == "any":
            contracts = self.env["service.contract"].search(value)
        whole = contracts.filtered("whole_installed_base")
        domain = [("id", "in", contracts.lot_ids.ids)]
        if whole:
            domain = [
                "|",
                *domain,
                "&",
                (
                    "service_commercial_partner_id",
                    "in",
                    whole.commercial_partner_id.ids,
                ),
                ("service_state", "=", "in_service"),
            ]
        return domain

    # ------------------------------------------------------------------
    # Constraints
    # ------------------------------------------------------------------
    @api.constrains("parent_lot_id")
    def _check_parent_lot(self):
        if self._has_cycle("parent_lot_id"):
            raise ValidationError(_("A unit cannot be its own primary unit."))

    @api.constrains("service_state", "decommission_date")
    def _check_decommission_date(self):
        for lot in self:
            if lot.service_state == "decommissioned" and not lot.decommission_date:
                raise ValidationError(
                    _("Give the date unit %(lot)s was decommissioned.", lot=lot.name)
                )

    # ------------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------------
    @api.model_create_multi
    def create(self, vals_list):
        self._preset_parent_company(vals_list)
        return super().create(vals_list)

    def write(self, vals):
        if vals.get("parent_lot_id") and "company_id" not in vals:
            parent = self.browse(vals["parent_lot_id"])
            self.filtered(lambda lot: not lot.company_id)._set_service_company(
                parent.company_id
            )
        return super().write(vals)

    @api.model
    def _preset_parent_company(self, vals_list):
        """Secondary equipment of a shared product belongs to its primary
        unit's company (it shares its coverage, rule 3)."""
        parents = self.browse(
            {
                vals["parent_lot_id"]
                for vals in vals_list
                if vals.get("parent_lot_id") and "company_id" not in vals
            }
        )
        products = self.env["product.product"].browse(
            {vals["product_id"] for vals in vals_list if vals.get("product_id")}
        )
        for vals in vals_list:
            parent = parents.browse(vals.get("parent_lot_id"))
            product = products.browse(vals.get("product_id"))
            if parent in parents and parent.company_id and not product.company_id:
                vals["company_id"] = parent.company_id.id

    # ------------------------------------------------------------------
    # Installed-base facts (rules/installed_base.py): the one place that says
    # whether a unit is in service, and installed at a customer, on a day
    # ------------------------------------------------------------------
    def _is_in_service_on(self, day):
        """Whether this unit is in service on ``day`` (not decommissioned)."""
        self.ensure_one()
        return installed_base.in_service_on(self.decommission_date, day)

    def _filter_in_service_on(self, day):
        """The units of this recordset in service on ``day``."""
        return self.filtered(lambda lot: lot._is_in_service_on(day))

    @api.model
    def _in_service_domain(self, day):
        """Domain of the units in service on ``day``."""
        return installed_base.in_service_domain(day)

    def _filter_delivered_by(self, day):
        """The units of this recordset delivered where they are installed on
        or before ``day`` (or with no known delivery date)."""
        return self.filtered(
            lambda lot: installed_base.delivered_by(lot.service_delivery_date, day)
        )

    def _is_installed_at(self, partner, day=None):
        """Whether this unit is installed at ``partner``'s commercial partner
        (on ``day``: delivered there on or before it; now when ``day`` is None)."""
        self.ensure_one()
        return installed_base.installed_at(
            self.service_commercial_partner_id.id,
            self.service_delivery_date,
            partner.commercial_partner_id.id,
            day,
        )

    def _filter_installed_at(self, partner, day=None):
        """The units of this recordset installed at ``partner`` (on ``day``)."""
        return self.filtered(lambda lot: lot._is_installed_at(partner, day))

    @api.model
    def _installed_at_domain(self, partners, day=None):
        """Domain of the units installed at any of ``partners`` (on ``day``)."""
        return installed_base.installed_at_domain(
            partners.commercial_partner_id.ids, day
        )

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------
    def action_decommission(self):
        today = fields.Date.context_today(self)
        self.write({"service_state": "decommissioned", "decommission_date": today})
        return True

    def action_put_in_service(self):
        self.write({"service_state": "in_service", "decommission_date": False})
        return True

    def action_view_service_contracts(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "service_contract.action_service_contract"
        )
        action["domain"] = [("id", "in", self.service_contract_ids.ids)]
        action["context"] = {
            "default_partner_id": self.service_partner_id.id,
            "default_lot_ids": [self.id],
        }
        return action

    def action_create_warranty_contract(self):
        """Create, in one step, a warranty contract covering this unit.

        The template comes from the context (``service_contract_template_id``),
        else from the unit's product, else the first warranty template of the
        unit's company.  The contract starts on the delivery date when known.
        """
        Contract = self.env["service.contract"]
        contracts = Contract
        for lot in self:
            template = lot._get_warranty_template()
            contracts |= Contract.create(lot._prepare_warranty_contract_vals(template))
        if len(contracts) == 1:
            return {
                "type": "ir.actions.act_window",
                "res_model": "service.contract",
                "res_id": contracts.id,
                "view_mode": "form",
                "target": "current",
            }
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "service_contract.action_service_contract"
        )
        action["domain"] = [("id", "in", contracts.ids)]
        return action

    def _get_warranty_template(self):
        self.ensure_one()
        Template = self.env["service.contract.template"]
        template_id = self.env.context.get("service_contract_template_id")
        template = Template.browse(template_id) if template_id else Template
        if not template:
            product_template = (
                self.product_id.product_tmpl_id.service_contract_template_id
            )
            if product_template.contract_type == "warranty":
                template = product_template
        if not template:
            template = Template.search(
                [
                    ("contract_type", "=", "warranty"),
                    (
                        "company_id",
                        "in",
                        [False, (self.company_id or self.env.company).id],
                    ),
                ],
                limit=1,
            )
        if not template:
            raise UserError(
                _(
                    "Create a warranty contract template first (Service Contracts > "
                    "Configuration > Templates)."
                )
            )
        if template.contract_type != "warranty":
            raise UserError(
                _(
                    "Template %(template)s is not a warranty template.",
                    template=template.name,
                )
            )
        return template

    def _prepare_warranty_contract_vals(self, template):
        """Values of the warranty contract covering this unit (hook)."""
        self.ensure_one()
        if not self.service_partner_id:
            raise UserError(
                _(
                    "Unit %(lot)s is installed at no customer: set where it is "
                    "installed before creating its warranty contract.",
                    lot=self.name,
                )
            )
        if self.service_state == "decommissioned":
            raise UserError(_("Unit %(lot)s is decommissioned.", lot=self.name))
        return {
            "template_id": template.id,
            "partner_id": self.service_partner_id.commercial_partner_id.id,
            "company_id": (self.company_id or self.env.company).id,
            "date_start": self.service_delivery_date or fields.Date.context_today(self),
            "lot_ids": [(4, self.id)],
        }

    # ------------------------------------------------------------------
    # Installed base upkeep
    # ------------------------------------------------------------------
    def _set_service_company(self, company):
        """The units of this recordset without a company become ``company``'s.

        A unit belongs to the company that delivered it or whose contract
        covers it: stock gives a unit its product's company, so a product
        shared by every company gives units that every company's users would
        see (stock's record rule lets them read units without a company).
        A unit that already has a company keeps it; a contract of another
        company cannot name it (``check_company`` on the contract's units).

        The company is derived, not chosen by the user, so it is written by
        the system: a salesperson linking a unit to a contract may not edit
        units otherwise.
        """
        if not company:
            return
        lots = self._with_secondary_equipment()
        companyless = lots.filtered(lambda lot: not lot.company_id)
        if companyless:
            companyless.sudo().write({"company_id": company.id})

    def _with_secondary_equipment(self):
        """These units and their secondary equipment, at every level (the
        hierarchy has no cycle: ``_check_parent_lot``)."""
        lots = self
        children = self.child_lot_ids
        while children - lots:
            lots |= children
            children = children.child_lot_ids
        return lots

    def _set_installed_at(self, partner, date):
        """Record a delivery of these units to ``partner`` on ``date``."""
        if not self:
            return
        self.write(
            {
                "service_partner_id": partner.commercial_partner_id.id,
                "service_address_id": partner.id,
                "service_delivery_date": date,
            }
        )

    def _set_returned_from(self, partner):
        """Record the return of these units from ``partner``."""
        returned = self.filtered(
            lambda lot: (
                lot.service_partner_id.commercial_partner_id
                == partner.commercial_partner_id
            )
        )
        if returned:
            returned.write(
                {
                    "service_partner_id": False,
                    "service_address_id": False,
                    "service_delivery_date": False,
                }
            )
