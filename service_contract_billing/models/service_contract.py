import logging
import threading

from psycopg2.errors import SerializationFailure

from odoo import Command, _, api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import float_round

from ..rules import advance as advance_rules
from ..rules import periods as period_rules
from ..rules import prorata as prorata_rules
from ..rules import renewal as renewal_rules
from ..rules import revaluation as revaluation_rules

_logger = logging.getLogger(__name__)

BILLING_PERIODS = [
    ("month", "Monthly"),
    ("quarter", "Quarterly"),
    ("semester", "Half-yearly"),
    ("year", "Yearly"),
]
INVOICE_TIMINGS = [
    ("start", "Start of Period"),
    ("end", "End of Period"),
]
REVALUATION_TRIGGERS = [
    ("schedule", "On its Own Schedule"),
    ("invoicing", "At Invoicing"),
]
DURATION_UNITS = [
    ("day", "Days"),
    ("week", "Weeks"),
    ("month", "Months"),
    ("year", "Years"),
]
# Automatic renewals in one invoicing run are bounded: a contract whose term
# is far shorter than the time to catch up is flagged instead of looping.
MAX_RENEWALS_PER_RUN = 120


class ServiceContract(models.Model):
    _inherit = "service.contract"

    # ------------------------------------------------------------------
    # Invoicing rules
    # ------------------------------------------------------------------
    billable = fields.Boolean(
        compute="_compute_billable",
        store=True,
        help="Warranty contracts are free: they are never invoiced.",
    )
    billing_period = fields.Selection(
        BILLING_PERIODS,
        required=True,
        default="month",
        tracking=True,
    )
    invoice_timing = fields.Selection(
        INVOICE_TIMINGS,
        string="Invoice At",
        required=True,
        default="start",
        tracking=True,
    )
    first_period_prorata = fields.Boolean(
        string="First Period Pro-rata",
        default=True,
        tracking=True,
        help="Periods follow the calendar and a contract starting during a "
        "period first pays the share of it it covers. Without it, periods "
        "start on the contract's start date.",
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
    journal_id = fields.Many2one(
        "account.journal",
        string="Sales Journal",
        check_company=True,
        domain="[('type', '=', 'sale')]",
        help="Leave empty to use the company's first sales journal.",
    )
    payment_term_id = fields.Many2one(
        "account.payment.term",
        string="Payment Terms",
        check_company=True,
        help="Leave empty to use the customer's payment terms.",
    )
    fiscal_position_id = fields.Many2one(
        "account.fiscal.position",
        check_company=True,
        help="Leave empty to let the invoice find the customer's fiscal position.",
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
    # Revaluation
    # ------------------------------------------------------------------
    revaluation_method = fields.Selection(
        [("percent", "Fixed Percentage"), ("index", "Index")],
        string="Revaluation",
        tracking=True,
    )
    revaluation_percent = fields.Float(string="Revaluation (%)", tracking=True)
    index_id = fields.Many2one(
        "service.contract.index",
        check_company=True,
        tracking=True,
    )
    index_date_base = fields.Date(
        string="Index Base Date",
        compute="_compute_index_date_base",
        store=True,
        readonly=False,
        precompute=True,
        help="Date of the index value the current amounts are based on; a "
        "revaluation moves it to the revaluation date.",
    )
    revaluation_trigger = fields.Selection(
        REVALUATION_TRIGGERS,
        string="Revalue",
        default="schedule",
        required=True,
    )
    revaluation_interval = fields.Integer(string="Every (months)", default=12)
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
    dispute_code_ids = fields.One2many(
        "service.contract.dispute.line",
        "contract_id",
        string="Accepted Dispute Codes",
        copy=True,
    )

    # ------------------------------------------------------------------
    # Computes
    # ------------------------------------------------------------------
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
        for contract in self:
            contract.can_renew = contract.state in (
                "ready",
                "expired",
            ) and renewal_rules.can_renew(
                contract.renewable,
                contract.date_end or None,
                today,
                contract.date_end if contract.invoiced_to_end else None,
            )

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

    # ------------------------------------------------------------------
    # Constraints
    # ------------------------------------------------------------------
    @api.constrains("revaluation_method", "index_id")
    def _check_revaluation_index(self):
        for contract in self:
            try:
                if contract.revaluation_method:
                    revaluation_rules.check_method(
                        contract.revaluation_method, contract.index_id.id
                    )
            except revaluation_rules.RevaluationError as error:
                raise ValidationError(
                    _("No index has been specified for the contract re-evaluation.")
                ) from error

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
        today = fields.Date.context_today(self)
        for contract in self:
            if not contract.renewable:
                raise UserError(
                    _("Contract %(name)s is not renewable.", name=contract.name)
                )
            if not renewal_rules.can_renew(
                contract.renewable,
                contract.date_end or None,
                today,
                contract.date_end if contract.invoiced_to_end else None,
            ):
                raise UserError(
                    _(
                        "Contract %(name)s can be renewed once its end date "
                        "(%(end)s) is reached or once it has been invoiced up "
                        "to it.",
                        name=contract.name,
                        end=contract.date_end,
                    )
                )
            contract._renew("manual", today)
        return True

    def action_revalue(self):
        """Revalue these contracts today, by their percentage or index."""
        today = fields.Date.context_today(self)
        for contract in self:
            contract._revalue(today)
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
    # Schedule
    # ------------------------------------------------------------------
    def _get_invoiced_intervals(self):
        """{contract id: [(first day, last day)]} of its non-cancelled invoices."""
        ids = [cid for cid in self.ids if cid]
        if not ids:
            return {}
        moves = self.env["account.move"].search_fetch(
            [
                ("service_contract_id", "in", ids),
                ("state", "!=", "cancel"),
                ("service_period_start", "!=", False),
            ],
            ["service_contract_id", "service_period_start", "service_period_end"],
        )
        result = {}
        for move in moves:
            result.setdefault(move.service_contract_id.id, []).append(
                (move.service_period_start, move.service_period_end)
            )
        return result

    def _get_renewal_ends(self, until):
        """End dates of the automatic renewals invoicing up to ``until`` needs."""
        self.ensure_one()
        if not renewal_rules.needs_auto_renewal(
            self.renewable, self.auto_renew, self.date_end or None, until
        ):
            return []
        ends = []
        end = self.date_end
        while len(ends) < MAX_RENEWALS_PER_RUN:
            new_end = renewal_rules.new_end_date(
                end, self.renewal_duration, self.renewal_duration_unit
            )
            first = period_rules.open_periods(
                self.date_start,
                new_end,
                self.billing_period,
                [(self.date_start, end)],
                self.first_period_prorata,
                self.invoice_timing,
            )
            if not first or first[0]["invoice_date"] > until:
                break
            ends.append(new_end)
            end = new_end
        return ends

    def _get_open_pieces(self, intervals, until, date_end=None):
        """Pieces still to invoice with an invoice date on or before ``until``."""
        self.ensure_one()
        return period_rules.open_periods(
            self.date_start,
            date_end or self.date_end or None,
            self.billing_period,
            intervals,
            self.first_period_prorata,
            self.invoice_timing,
            until,
        )

    def _get_next_piece(self, intervals):
        """The next piece to invoice, after an automatic renewal if it needs one."""
        self.ensure_one()
        args = (
            self.billing_period,
            intervals,
            self.first_period_prorata,
            self.invoice_timing,
        )
        piece = period_rules.next_open_period(
            self.date_start, self.date_end or None, *args
        )
        if piece or not self.date_end or not (self.renewable and self.auto_renew):
            return piece
        if self.renewal_duration <= 0:
            return None
        new_end = renewal_rules.new_end_date(
            self.date_end, self.renewal_duration, self.renewal_duration_unit
        )
        return period_rules.next_open_period(self.date_start, new_end, *args)

    def _plan_invoicing(self, until, invoiced=None):
        """{contract: (renewal end dates, pieces)} of what invoicing until
        ``until`` would do, without changing anything."""
        if invoiced is None:
            invoiced = self._get_invoiced_intervals()
        plans = {}
        for contract in self:
            intervals = invoiced.get(contract.id, [])
            ends = contract._get_renewal_ends(until)
            date_end = ends[-1] if ends else None
            pieces = contract._get_open_pieces(intervals, until, date_end)
            plans[contract] = (ends, pieces)
        return plans

    def _count_covered_units(self, day):
        """Units the contract covers on ``day`` (installed, not decommissioned)."""
        self.ensure_one()
        lots = self._get_covered_lots()
        return len(
            lots.filtered(
                lambda lot: (
                    (not lot.service_delivery_date or lot.service_delivery_date <= day)
                    and not (lot.decommission_date and lot.decommission_date <= day)
                )
            )
        )

    def _get_billing_schedule(self, date_to):
        """Upcoming invoices of these contracts up to ``date_to`` (list of dicts).

        Amounts use today's prices: a revaluation due before then is not
        anticipated.
        """
        plans = self._plan_invoicing(date_to)
        rows = []
        for contract, (ends, pieces) in plans.items():
            for piece in pieces:
                line_vals = contract._prepare_invoice_line_vals(piece)
                rows.append(
                    {
                        "contract_id": contract.id,
                        "partner_id": contract.partner_id.id,
                        "company_id": contract.company_id.id,
                        "currency_id": contract.currency_id.id,
                        "period_start": piece["start"],
                        "period_end": piece["end"],
                        "invoice_date": piece["invoice_date"],
                        "amount_untaxed": contract.currency_id.round(
                            sum(
                                vals["quantity"]
                                * vals["price_unit"]
                                * (1 - vals.get("discount", 0.0) / 100.0)
                                for vals in line_vals
                            )
                        ),
                        "renewal": bool(ends)
                        and advance_rules.beyond_term(
                            piece["start"], contract.date_end or None
                        ),
                    }
                )
        return rows

    # ------------------------------------------------------------------
    # Invoicing
    # ------------------------------------------------------------------
    def _check_invoiceable(self):
        for contract in self:
            if not contract.billable:
                raise UserError(
                    _(
                        "Contract %(name)s is a warranty contract: warranty "
                        "contracts are free.",
                        name=contract.name,
                    )
                )
            if contract.state not in period_rules.INVOICEABLE_STATES:
                raise UserError(
                    _(
                        "Contract %(name)s must be ready to be invoiced.",
                        name=contract.name,
                    )
                )
            if not contract.billing_line_ids:
                raise UserError(
                    _(
                        "Contract %(name)s has no invoicing elements.",
                        name=contract.name,
                    )
                )

    def _get_invoicing_domain(self, until):
        return period_rules.invoicing_domain(until)

    def _get_sale_journals(self):
        """{company id: its first sales journal} for these contracts' companies."""
        companies = self.company_id
        journals = {}
        for journal in self.env["account.journal"].search(
            [("type", "=", "sale"), ("company_id", "in", companies.ids)],
            order="sequence, id",
        ):
            journals.setdefault(journal.company_id.id, journal)
        return journals

    def _prepare_invoice_line_vals(self, piece, units=None):
        """Invoice line values for one piece of a period (hook)."""
        self.ensure_one()
        period = (piece["start"], piece["end"])
        full = (piece["full_start"], piece["full_end"])
        digits = self.env["decimal.precision"].precision_get("Product Price")
        lines = []
        label = _(
            "Period %(start)s - %(end)s",
            start=fields.Date.to_string(period[0]),
            end=fields.Date.to_string(period[1]),
        )
        needs_units = units is None and any(
            self.billing_line_ids.mapped("per_covered_unit")
        )
        if needs_units:
            units = self._count_covered_units(period[0])
        for line in self.billing_line_ids:
            quantity = line._get_quantity(period[0], units)
            price = prorata_rules.piece_price(
                line.price_unit,
                line.price_basis,
                self.billing_period,
                period,
                full,
                digits,
            )
            name = f"{line.name}\n{label}"
            points = quantity * line.points
            if points:
                name += "\n" + _("+%(points)s points", points=points)
            lines.append(
                {
                    "product_id": line.product_id.id,
                    "name": name,
                    "quantity": quantity,
                    "price_unit": price,
                    "discount": line.discount,
                    "service_period_start": period[0],
                    "service_period_end": period[1],
                    "service_contract_line_id": line.id,
                    "service_points": points,
                }
            )
        return lines

    def _prepare_invoice_vals(self, piece, journal):
        """Values of the invoice of one piece of a period (hook)."""
        self.ensure_one()
        term_start = self._get_term_start(piece["start"])
        advance_rules.check_invoice_date(
            piece["invoice_date"], self.date_start, term_start
        )
        vals = {
            "move_type": "out_invoice",
            "partner_id": self.partner_id.id,
            "company_id": self.company_id.id,
            "journal_id": (self.journal_id or journal).id,
            "currency_id": self.currency_id.id,
            "invoice_date": piece["invoice_date"],
            "invoice_origin": self.name,
            "invoice_user_id": self.user_id.id,
            "service_contract_id": self.id,
            "service_period_start": piece["start"],
            "service_period_end": piece["end"],
            "invoice_line_ids": [
                Command.create(vals) for vals in self._prepare_invoice_line_vals(piece)
            ],
        }
        if self.payment_term_id:
            vals["invoice_payment_term_id"] = self.payment_term_id.id
        if self.fiscal_position_id:
            vals["fiscal_position_id"] = self.fiscal_position_id.id
        return vals

    def _get_invoice_batch_values(self, memo):
        """Invoice values shared by many contracts, computed once per batch.

        The sales team of an invoice depends on its salesperson and company
        only: resolving it once per pair spares two queries per invoice.
        """
        self.ensure_one()
        Move = self.env["account.move"]
        if "team_id" not in Move._fields:
            return {}
        key = (self.user_id.id, self.company_id.id)
        if key not in memo:
            Team = self.env["crm.team"].with_company(self.company_id)
            if self.user_id.sale_team_id:
                team = Team._get_default_team_id(
                    user_id=self.user_id.id,
                    domain=[("company_id", "=", self.company_id.id)],
                )
            else:
                team = Team._get_default_team_id()
            memo[key] = {"team_id": team.id}
        return memo[key]

    def _get_term_start(self, day):
        """First day of the term (initial or renewal) ``day`` belongs to."""
        self.ensure_one()
        starts = [
            renewal.date_end_old
            for renewal in self.renewal_ids
            if renewal.date_end_old < day
        ]
        if not starts:
            return self.date_start
        return fields.Date.add(max(starts), days=1)

    def _create_invoices(self, until):
        """Invoice every due piece of these contracts up to ``until``.

        Renews the contracts that need it first (automatic renewal), and
        revalues those revalued at invoicing when their revaluation is due.
        Returns the invoices created.  Raises on the first problem: callers
        wanting isolation call it inside a savepoint.
        """
        if not self:
            return self.env["account.move"]
        moves = self.env["account.move"].create(self._prepare_due_invoices(until))
        moves._service_contract_add_points(1)
        return moves

    def _prepare_due_invoices(self, until):
        """Values of the invoices of every due piece up to ``until``.

        Renews and revalues the contracts that need it on the way, as
        invoicing them does.
        """
        journals = self._get_sale_journals()
        plans = self._plan_invoicing(until)
        vals_list = []
        memo = {}
        for contract, (ends, pieces) in plans.items():
            if not pieces:
                continue
            journal = contract.journal_id or journals.get(contract.company_id.id)
            if not journal:
                raise UserError(
                    _(
                        "No sales journal for company %(company)s (contract %(name)s).",
                        company=contract.company_id.name,
                        name=contract.name,
                    )
                )
            if ends:
                contract._renew("automatic", until, ends=ends)
            extra = contract._get_invoice_batch_values(memo)
            for piece in pieces:
                contract._revalue_before(piece["invoice_date"])
                vals = contract._prepare_invoice_vals(piece, journal)
                vals_list.append({**extra, **vals})
        return vals_list

    def _create_next_invoice(self, today):
        """Invoice the next piece of this contract ahead of its date, today."""
        self.ensure_one()
        invoiced = self._get_invoiced_intervals().get(self.id, [])
        piece = period_rules.next_open_period(
            self.date_start,
            self.date_end or None,
            self.billing_period,
            invoiced,
            self.first_period_prorata,
            self.invoice_timing,
        )
        if not piece:
            raise UserError(
                _(
                    "Contract %(name)s is invoiced up to its end date "
                    "(%(end)s): renew it before invoicing the next period.",
                    name=self.name,
                    end=self.date_end,
                )
            )
        term_start = self._get_term_start(piece["start"])
        try:
            advance_rules.check_invoice_date(today, self.date_start, term_start)
        except advance_rules.AdvanceBillingError as error:
            raise UserError(
                _(
                    "No advance billing: contract %(name)s cannot be invoiced "
                    "before %(start)s.",
                    name=self.name,
                    start=advance_rules.earliest_invoice_date(
                        today, self.date_start, term_start
                    ),
                )
            ) from error
        piece = dict(piece, invoice_date=today)
        journal = self.journal_id or self._get_sale_journals().get(self.company_id.id)
        if not journal:
            raise UserError(
                _(
                    "No sales journal for company %(company)s.",
                    company=self.company_id.name,
                )
            )
        self._revalue_before(today)
        move = self.env["account.move"].create(
            self._prepare_invoice_vals(piece, journal)
        )
        move._service_contract_add_points(1)
        return move

    @api.model
    def _cron_create_invoices(self, batch_size=100, until=None):
        """Daily: invoice every due period of every due contract.

        Batches of contracts, locked ``FOR NO KEY UPDATE SKIP LOCKED`` and
        committed one by one outside tests.  A period is invoiced once: the
        open periods are computed from the invoices themselves, after the
        lock, and the database refuses a second live invoice for the same
        contract and period (the idempotency key).  A run that is
        interrupted keeps its committed batches; a run that finds a contract
        locked by another run leaves it to that run.  A contract that fails
        is rolled back alone, flagged with its error, and the others are
        invoiced.
        """
        until = until or fields.Date.context_today(self)
        auto_commit = not getattr(threading.current_thread(), "testing", False)
        domain = self._get_invoicing_domain(until)
        last_id = 0
        created = done = 0
        failed = self.browse()
        total = self.search_count(domain)
        while True:
            batch = self.search(
                domain + [("id", ">", last_id)], limit=batch_size, order="id"
            )
            if not batch:
                break
            last_id = batch[-1].id
            locked = batch._lock_invoicing_batch()
            # Another run may have invoiced them since the search: re-read.
            locked.invalidate_recordset()
            locked = locked.filtered_domain(domain)
            moves, errors = locked._create_invoices_isolated(until)
            created += len(moves)
            failed |= errors
            if auto_commit:
                self.env.cr.commit()  # pylint: disable=invalid-commit
            # Keep memory flat: nothing of this batch is needed any more.
            self.env.invalidate_all()
            done += len(batch)
            self.env["ir.cron"]._notify_progress(
                done=done, remaining=max(total - done, 0)
            )
            if len(batch) < batch_size:
                break
        if failed:
            _logger.warning(
                "Contract invoicing: %d contract(s) failed and were flagged: %s",
                len(failed),
                ", ".join(failed.mapped("name")),
            )
        return created

    def _lock_invoicing_batch(self):
        """Lock this batch for invoicing; empty when another run got there first.

        Rows another run holds are skipped (``SKIP LOCKED``).  Rows another
        run changed and committed after this transaction started cannot be
        locked at all (a serialization failure): that run has invoiced them,
        so the batch is left to it.
        """
        try:
            with self.env.cr.savepoint(flush=False):
                return self._lock_for_update()
        except SerializationFailure:
            _logger.info(
                "Contract invoicing: %d contract(s) just handled by another run.",
                len(self),
            )
            return self.browse()

    def _create_invoices_isolated(self, until):
        """Invoice this batch; on failure, contract by contract in savepoints.

        Returns (invoices created, contracts that failed).
        """
        try:
            with self.env.cr.savepoint():
                moves = self._create_invoices(until)
        except Exception:  # noqa: BLE001 - isolate the failing contract below
            # The savepoint rolled the batch back and cleared the cache.
            _logger.info("Contract invoicing: batch failed, retrying one by one.")
        else:
            self.filtered("billing_error").write(
                {"billing_error": False, "billing_error_date": False}
            )
            return moves, self.browse()
        moves = self.env["account.move"]
        failed = self.browse()
        for contract in self:
            try:
                with self.env.cr.savepoint():
                    moves |= contract._create_invoices(until)
            except Exception as error:  # noqa: BLE001 - flag it, invoice the others
                failed |= contract
                contract._flag_billing_error(error)
            else:
                if contract.billing_error:
                    contract.write(
                        {"billing_error": False, "billing_error_date": False}
                    )
        return moves, failed

    def _flag_billing_error(self, error):
        self.ensure_one()
        message = str(error.args[0]) if getattr(error, "args", None) else repr(error)
        _logger.info("Contract %s could not be invoiced: %s", self.name, message)
        self.write(
            {
                "billing_error": message,
                "billing_error_date": fields.Datetime.now(),
            }
        )
        self._message_log(
            body=_("Automatic invoicing failed: %(error)s", error=message)
        )

    # ------------------------------------------------------------------
    # Renewal
    # ------------------------------------------------------------------
    def _renew(self, renewal_type, date, ends=None):
        """Extend the end date by one renewal term (or to each of ``ends``)."""
        self.ensure_one()
        if ends is None:
            ends = [
                renewal_rules.new_end_date(
                    self.date_end, self.renewal_duration, self.renewal_duration_unit
                )
            ]
        old = self.date_end
        history = []
        for end in ends:
            history.append(
                {
                    "contract_id": self.id,
                    "date": date,
                    "date_end_old": old,
                    "date_end_new": end,
                    "renewal_type": renewal_type,
                    "user_id": self.env.uid,
                }
            )
            old = end
        self.date_end = ends[-1]
        self.env["service.contract.renewal"].create(history)
        return ends[-1]

    # ------------------------------------------------------------------
    # Revaluation
    # ------------------------------------------------------------------
    def _revalue_before(self, day):
        """Revalue a contract revalued at invoicing whose revaluation is due."""
        self.ensure_one()
        guard = 0
        while (
            revaluation_rules.is_revaluation_due(
                self.revaluation_method,
                self.revaluation_trigger,
                self.date_next_revaluation,
                day,
                "invoicing",
            )
            and guard < 100
        ):
            self._revalue(self.date_next_revaluation)
            guard += 1

    def _revalue(self, date):
        """Apply the contract's revaluation on ``date`` and log it."""
        self.ensure_one()
        if not self.revaluation_method:
            raise UserError(
                _(
                    "Contract %(name)s has no revaluation method.",
                    name=self.name,
                )
            )
        try:
            revaluation_rules.check_method(self.revaluation_method, self.index_id.id)
        except revaluation_rules.RevaluationError as error:
            raise UserError(
                _("No index has been specified for the contract re-evaluation.")
            ) from error
        vals = {
            "contract_id": self.id,
            "date": date,
            "method": self.revaluation_method,
            "amount_old": self.amount_annual,
            "user_id": self.env.uid,
        }
        if self.revaluation_method == "percent":
            factor = revaluation_rules.factor("percent", self.revaluation_percent)
            vals["percent"] = self.revaluation_percent
        else:
            base_date = self.index_date_base or self.date_start
            base_value = self.index_id._get_value_at(base_date)
            new_value = self.index_id._get_value_at(date)
            factor = revaluation_rules.factor(
                "index", base_value=base_value, new_value=new_value
            )
            vals.update(
                index_id=self.index_id.id,
                index_date_base=base_date,
                index_value_base=base_value,
                index_value_new=new_value,
            )
        digits = self.env["decimal.precision"].precision_get("Product Price")
        for line in self.billing_line_ids:
            line.price_unit = float_round(line.price_unit * factor, digits)
        self.billing_line_ids.invalidate_recordset(["amount_annual", "amount_period"])
        self.invalidate_recordset(["amount_annual"])
        vals["amount_new"] = self.amount_annual
        self.env["service.contract.revaluation"].create(vals)
        update = {"date_next_revaluation": False}
        if self.revaluation_interval > 0:
            update["date_next_revaluation"] = revaluation_rules.next_date(
                date, self.revaluation_interval
            )
        if self.revaluation_method == "index":
            update["index_date_base"] = date
        self.write(update)

    @api.model
    def _cron_revalue(self, batch_size=500):
        """Daily: revalue the contracts whose own revaluation date is reached."""
        today = fields.Date.context_today(self)
        auto_commit = not getattr(threading.current_thread(), "testing", False)
        domain = [
            *revaluation_rules.due_domain("schedule", today),
            ("state", "in", ("ready", "expired")),
        ]
        last_id = 0
        done = 0
        while True:
            batch = self.search(
                domain + [("id", ">", last_id)], limit=batch_size, order="id"
            )
            if not batch:
                break
            last_id = batch[-1].id
            locked = batch._lock_for_update()
            locked.invalidate_recordset()
            for contract in locked.filtered_domain(domain):
                try:
                    with self.env.cr.savepoint():
                        while revaluation_rules.is_due(
                            contract.date_next_revaluation, today
                        ):
                            contract._revalue(contract.date_next_revaluation)
                    done += 1
                except Exception as error:  # noqa: BLE001 - flag it, go on
                    contract._flag_billing_error(error)
            if auto_commit:
                self.env.cr.commit()  # pylint: disable=invalid-commit
            self.env["ir.cron"]._notify_progress(done=len(batch), remaining=0)
            if len(batch) < batch_size:
                break
        return done
