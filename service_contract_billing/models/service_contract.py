from odoo import Command, _, api, fields, models
from odoo.exceptions import UserError, ValidationError

from ..rules import periods as period_rules
from ..rules import renewal as renewal_rules
from ..rules import revaluation as revaluation_rules

DURATION_UNITS = [
    ("day", "Days"),
    ("week", "Weeks"),
    ("month", "Months"),
    ("year", "Years"),
]
# A contract takes each billing term from its template, as a stored, editable
# compute of its own (so that a term given on create or write is kept while
# the others follow the template): they keep no default of their own here.
FROM_TEMPLATE = {
    "store": True,
    "readonly": False,
    "precompute": True,
    "default": None,
}


class ServiceContract(models.Model):
    """Billing's fields and user actions on the contract.

    The schedule and invoice creation are in ``service_contract_invoicing.py``;
    renewals and revaluations are made by their history models.
    """

    _name = "service.contract"
    _inherit = ["service.contract", "service.contract.billing.terms.mixin"]

    # ------------------------------------------------------------------
    # Billing terms (service.contract.billing.terms.mixin), from the template
    # ------------------------------------------------------------------
    billing_period = fields.Selection(
        compute="_compute_billing_period", **FROM_TEMPLATE
    )
    invoice_timing = fields.Selection(
        compute="_compute_invoice_timing", **FROM_TEMPLATE
    )
    first_period_prorata = fields.Boolean(
        compute="_compute_first_period_prorata", **FROM_TEMPLATE
    )
    journal_id = fields.Many2one(compute="_compute_journal_id", **FROM_TEMPLATE)
    payment_term_id = fields.Many2one(
        compute="_compute_payment_term_id", **FROM_TEMPLATE
    )
    fiscal_position_id = fields.Many2one(
        compute="_compute_fiscal_position_id", **FROM_TEMPLATE
    )
    revaluation_method = fields.Selection(
        compute="_compute_revaluation_method", **FROM_TEMPLATE
    )
    revaluation_percent = fields.Float(
        compute="_compute_revaluation_percent", **FROM_TEMPLATE
    )
    index_id = fields.Many2one(compute="_compute_index_id", **FROM_TEMPLATE)
    revaluation_trigger = fields.Selection(
        compute="_compute_revaluation_trigger", **FROM_TEMPLATE
    )
    revaluation_interval = fields.Integer(
        compute="_compute_revaluation_interval", **FROM_TEMPLATE
    )

    # ------------------------------------------------------------------
    # Invoicing
    # ------------------------------------------------------------------
    billable = fields.Boolean(
        compute="_compute_billable",
        store=True,
        help="Warranty contracts are free: they are never invoiced.",
    )
    currency_id = fields.Many2one(
        "res.currency",
        string="Currency",
        related=False,
        compute="_compute_currency_id",
        store=True,
        readonly=False,
        precompute=True,
        required=True,
    )
    billing_line_ids = fields.One2many(
        "service.contract.billing.line",
        "contract_id",
        string="Invoicing Elements",
        copy=True,
    )
    amount_annual = fields.Monetary(
        string="Annual Basis",
        compute="_compute_amount_annual",
        help="What the invoicing elements cost over a year.",
    )
    invoice_ids = fields.One2many(
        "account.move", "service_contract_id", string="Invoices", copy=False
    )
    invoice_count = fields.Integer(compute="_compute_invoice_count")
    open_item_ids = fields.One2many(
        "account.move.line",
        "service_contract_id",
        string="Open Items",
        domain=[
            ("account_type", "=", "asset_receivable"),
            ("parent_state", "=", "posted"),
        ],
    )
    date_next_invoice = fields.Date(
        string="Next Invoice Date",
        compute="_compute_billing_schedule",
        store=True,
        index=True,
        copy=False,
        help="Invoice date of the first period not invoiced yet.",
    )
    invoiced_until = fields.Date(
        compute="_compute_billing_schedule",
        store=True,
        copy=False,
        help="Last day invoiced without a gap since the contract start.",
    )
    invoiced_to_end = fields.Boolean(
        string="Invoiced to End",
        compute="_compute_billing_schedule",
        store=True,
        copy=False,
        help="Every period up to the end date has been invoiced.",
    )
    billing_error = fields.Text(string="Invoicing Error", copy=False, readonly=True)
    billing_error_date = fields.Datetime(
        string="Invoicing Error Date", copy=False, readonly=True
    )

    # ------------------------------------------------------------------
    # Renewal
    # ------------------------------------------------------------------
    auto_renew = fields.Boolean(
        string="Automatic Renewal",
        compute="_compute_auto_renew",
        store=True,
        readonly=False,
        tracking=True,
        help="Renew the contract when an invoice is created with a date after "
        "its end date.",
    )
    renewal_duration = fields.Integer(
        string="Renewal Term",
        compute="_compute_renewal_term",
        store=True,
        readonly=False,
        precompute=True,
    )
    renewal_duration_unit = fields.Selection(
        DURATION_UNITS,
        string="Renewal Term Unit",
        compute="_compute_renewal_term",
        store=True,
        readonly=False,
        precompute=True,
    )
    renewal_ids = fields.One2many(
        "service.contract.renewal", "contract_id", string="Renewals", copy=False
    )
    renewal_count = fields.Integer(compute="_compute_renewal_count")
    can_renew = fields.Boolean(
        string="Can Be Renewed",
        compute="_compute_can_renew",
        search="_search_can_renew",
    )

    # ------------------------------------------------------------------
    # Revaluation (its terms come from the mixin)
    # ------------------------------------------------------------------
    index_date_base = fields.Date(
        string="Index Base Date",
        compute="_compute_index_date_base",
        store=True,
        readonly=False,
        precompute=True,
        help="Date of the index value the current amounts are based on; a "
        "revaluation moves it to the revaluation date.",
    )
    date_next_revaluation = fields.Date(
        string="Next Revaluation",
        compute="_compute_date_next_revaluation",
        store=True,
        readonly=False,
        precompute=True,
        copy=False,
        index=True,
    )
    revaluation_ids = fields.One2many(
        "service.contract.revaluation",
        "contract_id",
        string="Revaluations",
        copy=False,
    )
    revaluation_count = fields.Integer(compute="_compute_revaluation_count")

    # ------------------------------------------------------------------
    # Disputes
    # ------------------------------------------------------------------
    dispute_line_ids = fields.One2many(
        "service.contract.dispute.line",
        "contract_id",
        string="Accepted Dispute Code Lines",
        copy=True,
    )
    dispute_code_ids = fields.Many2many(
        "service.contract.dispute.code",
        string="Accepted Dispute Codes",
        compute="_compute_dispute_code_ids",
        inverse="_inverse_dispute_code_ids",
        search="_search_dispute_code_ids",
        check_company=True,
        help="The dispute codes the contract accepts on its open items; a code "
        "appears once.",
    )

    # ------------------------------------------------------------------
    # Computes
    # ------------------------------------------------------------------
    def _compute_billing_term(self, name):
        """Give ``name`` the template's term; without a template, keep it (a
        new contract starts from what a new template would preset)."""
        default = self.env["service.contract.template"].default_get([name])
        for contract in self:
            if contract.template_id:
                contract[name] = contract.template_id[name]
            elif not contract._origin and not contract[name] and name in default:
                contract[name] = default[name]
            else:
                contract[name] = contract[name]

    @api.depends("template_id")
    def _compute_billing_period(self):
        self._compute_billing_term("billing_period")

    @api.depends("template_id")
    def _compute_invoice_timing(self):
        self._compute_billing_term("invoice_timing")

    @api.depends("template_id")
    def _compute_first_period_prorata(self):
        self._compute_billing_term("first_period_prorata")

    @api.depends("template_id")
    def _compute_journal_id(self):
        self._compute_billing_term("journal_id")

    @api.depends("template_id")
    def _compute_payment_term_id(self):
        self._compute_billing_term("payment_term_id")

    @api.depends("template_id")
    def _compute_fiscal_position_id(self):
        self._compute_billing_term("fiscal_position_id")

    @api.depends("template_id")
    def _compute_revaluation_method(self):
        self._compute_billing_term("revaluation_method")

    @api.depends("template_id")
    def _compute_revaluation_percent(self):
        self._compute_billing_term("revaluation_percent")

    @api.depends("template_id")
    def _compute_index_id(self):
        self._compute_billing_term("index_id")

    @api.depends("template_id")
    def _compute_revaluation_trigger(self):
        self._compute_billing_term("revaluation_trigger")

    @api.depends("template_id")
    def _compute_revaluation_interval(self):
        self._compute_billing_term("revaluation_interval")

    @api.depends("contract_type")
    def _compute_billable(self):
        for contract in self:
            contract.billable = contract.contract_type != "warranty"

    @api.depends("company_id")
    def _compute_currency_id(self):
        for contract in self:
            if not contract.currency_id or (
                contract._origin.company_id != contract.company_id
            ):
                contract.currency_id = contract.company_id.currency_id

    @api.depends("renewable")
    def _compute_auto_renew(self):
        for contract in self:
            contract.auto_renew = contract.renewable

    @api.depends("template_id")
    def _compute_renewal_term(self):
        for contract in self:
            template = contract.template_id
            if template and template.duration:
                contract.renewal_duration = template.duration
                contract.renewal_duration_unit = template.duration_unit
            elif not contract.renewal_duration:
                contract.renewal_duration = 1
                contract.renewal_duration_unit = "year"

    @api.depends("date_start", "revaluation_method")
    def _compute_index_date_base(self):
        for contract in self:
            if not contract.index_date_base or not contract.revaluation_ids:
                contract.index_date_base = contract.date_start

    @api.depends("date_start", "revaluation_method", "revaluation_interval")
    def _compute_date_next_revaluation(self):
        for contract in self:
            if not contract.revaluation_method or contract.revaluation_interval <= 0:
                contract.date_next_revaluation = False
            elif contract.date_start and not contract.revaluation_ids:
                contract.date_next_revaluation = revaluation_rules.next_date(
                    contract.date_start, contract.revaluation_interval
                )

    @api.depends(
        "billing_line_ids.amount_annual",
    )
    def _compute_amount_annual(self):
        for contract in self:
            contract.amount_annual = sum(
                contract.billing_line_ids.mapped("amount_annual")
            )

    def _compute_invoice_count(self):
        counts = dict(
            self.env["account.move"]._read_group(
                [("service_contract_id", "in", self.ids)],
                ["service_contract_id"],
                ["__count"],
            )
        )
        for contract in self:
            contract.invoice_count = counts.get(contract, 0)

    def _compute_renewal_count(self):
        counts = dict(
            self.env["service.contract.renewal"]._read_group(
                [("contract_id", "in", self.ids)], ["contract_id"], ["__count"]
            )
        )
        for contract in self:
            contract.renewal_count = counts.get(contract, 0)

    def _compute_revaluation_count(self):
        counts = dict(
            self.env["service.contract.revaluation"]._read_group(
                [("contract_id", "in", self.ids)], ["contract_id"], ["__count"]
            )
        )
        for contract in self:
            contract.revaluation_count = counts.get(contract, 0)

    @api.depends(
        "billable",
        "date_start",
        "date_end",
        "billing_period",
        "invoice_timing",
        "first_period_prorata",
        "renewable",
        "auto_renew",
        "renewal_duration",
        "renewal_duration_unit",
        "invoice_ids.state",
        "invoice_ids.service_period_start",
        "invoice_ids.service_period_end",
    )
    def _compute_billing_schedule(self):
        invoiced = self._get_invoiced_intervals()
        for contract in self:
            intervals = invoiced.get(contract.id, [])
            if not contract.billable or not contract.date_start:
                contract.date_next_invoice = False
                contract.invoiced_until = False
                contract.invoiced_to_end = False
                continue
            until = period_rules.invoiced_until(contract.date_start, intervals)
            contract.invoiced_until = until if until >= contract.date_start else False
            contract.invoiced_to_end = bool(
                contract.date_end and until >= contract.date_end
            )
            piece = contract._get_next_piece(intervals)
            contract.date_next_invoice = piece["invoice_date"] if piece else False

    @api.depends("state", "renewable", "date_end", "invoiced_to_end")
    @api.depends_context("tz")
    def _compute_can_renew(self):
        today = fields.Date.context_today(self)
        Renewal = self.env["service.contract.renewal"]
        for contract in self:
            contract.can_renew = contract.state in (
                "ready",
                "expired",
            ) and Renewal._is_due(contract, today)

    def _search_can_renew(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise UserError(_("Unsupported search on renewal eligibility."))
        today = fields.Date.context_today(self)
        domain = [
            "&",
            ("state", "in", ("ready", "expired")),
            *renewal_rules.can_renew_domain(today),
        ]
        if (operator == "=") == value:
            return domain
        return ["!", *domain]

    @api.depends("dispute_line_ids.dispute_code_id")
    def _compute_dispute_code_ids(self):
        for contract in self:
            contract.dispute_code_ids = contract.dispute_line_ids.dispute_code_id

    def _inverse_dispute_code_ids(self):
        for contract in self:
            codes = contract.dispute_code_ids
            lines = contract.dispute_line_ids
            contract.dispute_line_ids = [
                Command.unlink(line.id)
                for line in lines
                if line.dispute_code_id not in codes
            ] + [
                Command.create({"dispute_code_id": code.id})
                for code in codes - lines.dispute_code_id
            ]

    def _search_dispute_code_ids(self, operator, value):
        return [("dispute_line_ids.dispute_code_id", operator, value)]

    # ------------------------------------------------------------------
    # Constraints
    # ------------------------------------------------------------------
    @api.constrains("renewal_duration", "renewable")
    def _check_renewal_term(self):
        for contract in self:
            if contract.renewable and contract.renewal_duration <= 0:
                raise ValidationError(
                    _(
                        "Contract %(name)s is renewable: its renewal term must be "
                        "positive.",
                        name=contract.name,
                    )
                )

    @api.constrains("contract_type")
    def _check_warranty_free(self):
        for contract in self:
            if contract.contract_type == "warranty" and contract.billing_line_ids:
                raise ValidationError(
                    _(
                        "Contract %(name)s is a warranty contract: warranty "
                        "contracts are free and have no invoicing elements.",
                        name=contract.name,
                    )
                )

    # ------------------------------------------------------------------
    # Overrides
    # ------------------------------------------------------------------
    @api.depends("renewal_ids")
    def _compute_date_end(self):
        # A renewed contract keeps the end date its renewals gave it: moving
        # the start date must not silently drop a renewal.
        renewed = self.filtered("renewal_ids")
        for contract in renewed:
            contract.date_end = contract.date_end
        return super(ServiceContract, self - renewed)._compute_date_end()

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------
    def _get_portal_invoices(self):
        """The invoices and credit notes the customer sees on the portal:
        the posted ones, newest first."""
        self.ensure_one()
        return self.invoice_ids.filtered(
            lambda move: (
                move.state == "posted"
                and move.move_type in ("out_invoice", "out_refund")
            )
        ).sorted(lambda move: (move.invoice_date, move.id), reverse=True)

    def action_create_invoice(self):
        """Invoice this contract now: every period due today, or else the next.

        The next period may be invoiced ahead of its own date, never before
        the contract (or the renewal term it belongs to) starts, and never
        beyond the end date unless the contract has been renewed.
        """
        self.ensure_one()
        today = fields.Date.context_today(self)
        self._check_invoiceable()
        moves = self._create_invoices(today)
        if not moves:
            moves = self._create_next_invoice(today)
        self.billing_error = False
        self.billing_error_date = False
        return self._action_view_moves(moves)

    def action_renew(self):
        """Renew these contracts for their renewal term (manual renewal)."""
        self.env["service.contract.renewal"]._renew_manually(
            self, fields.Date.context_today(self)
        )
        return True

    def action_revalue(self):
        """Revalue these contracts today, by their percentage or index."""
        today = fields.Date.context_today(self)
        Revaluation = self.env["service.contract.revaluation"]
        for contract in self:
            Revaluation._revalue_contract(contract, today)
        return True

    def action_view_invoices(self):
        self.ensure_one()
        return self._action_view_moves(self.invoice_ids)

    def action_view_renewals(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "service_contract_billing.action_service_contract_renewal"
        )
        action["domain"] = [("contract_id", "=", self.id)]
        action["context"] = {}
        return action

    def action_view_revaluations(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "service_contract_billing.action_service_contract_revaluation"
        )
        action["domain"] = [("contract_id", "=", self.id)]
        action["context"] = {}
        return action

    def _action_view_moves(self, moves):
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "account.action_move_out_invoice_type"
        )
        if len(moves) == 1:
            action.update(
                views=[(self.env.ref("account.view_move_form").id, "form")],
                res_id=moves.id,
            )
        else:
            action["domain"] = [("id", "in", moves.ids)]
        action["context"] = {
            "default_move_type": "out_invoice",
            "create": False,
        }
        return action

    # ------------------------------------------------------------------
    # Scheduled actions (invoicing: see service_contract_invoicing.py)
    # ------------------------------------------------------------------
    @api.model
    def _cron_revalue(self, batch_size=500):
        """Daily: revalue the contracts whose own revaluation date is reached.

        Runs on the batch toolkit; a contract that fails is flagged with its
        error and the others are revalued.  Returns the number revalued.
        """
        today = fields.Date.context_today(self)
        Revaluation = self.env["service.contract.revaluation"]
        result = self._batch_run(
            [
                *revaluation_rules.due_domain("schedule", today),
                ("state", "in", ("ready", "expired")),
            ],
            lambda contracts: Revaluation._revalue_due(contracts, today, "schedule"),
            batch_size=batch_size,
            label="Contract revaluation",
            on_error=lambda contract, error: contract._flag_billing_error(error),
        )
        return result.done
