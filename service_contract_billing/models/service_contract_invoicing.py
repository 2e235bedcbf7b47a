import logging

from odoo import Command, _, api, fields, models
from odoo.exceptions import UserError

from ..rules import advance as advance_rules
from ..rules import periods as period_rules
from ..rules import prorata as prorata_rules
from ..rules import renewal as renewal_rules

_logger = logging.getLogger(__name__)


class ServiceContract(models.Model):
    """The billing schedule of a contract and the invoices it creates."""

    _inherit = "service.contract"

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
        Renewal = self.env["service.contract.renewal"]
        plans = {}
        for contract in self:
            intervals = invoiced.get(contract.id, [])
            ends = Renewal._get_automatic_ends(contract, until)
            date_end = ends[-1] if ends else None
            pieces = contract._get_open_pieces(intervals, until, date_end)
            plans[contract] = (ends, pieces)
        return plans

    def _count_covered_units(self, day):
        """Units the contract covers on ``day`` (installed, not decommissioned)."""
        self.ensure_one()
        lots = self._get_covered_lots()._filter_in_service_on(day)
        return len(lots._filter_delivered_by(day))

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

    def _get_sale_journals(self, memo=None):
        """{company id: its first sales journal} for these contracts' companies.

        ``memo`` (a dict the caller keeps over the batches of one run) holds
        the companies already looked up, so a run searches each company's
        journal once, not once per batch.
        """
        memo = {} if memo is None else memo
        missing = [cid for cid in self.company_id.ids if cid not in memo]
        if missing:
            found = {}
            for journal in self.env["account.journal"].search(
                [("type", "=", "sale"), ("company_id", "in", missing)],
                order="sequence, id",
            ):
                found.setdefault(journal.company_id.id, journal)
            for company_id in missing:
                memo[company_id] = found.get(company_id)
        return {cid: memo[cid] for cid in self.company_id.ids if memo[cid] is not None}

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
                    "service_contract_billing_line_id": line.id,
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
        """Invoice values shared by many contracts, computed once per run.

        The sales team of an invoice depends on its salesperson and company
        only: resolving it once per pair (``memo``, kept over the run's
        batches) spares two queries per invoice, and two per batch.
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

    def _create_invoices(self, until, memo=None):
        """Invoice every due piece of these contracts up to ``until``.

        Renews the contracts that need it first (automatic renewal), and
        revalues those revalued at invoicing when their revaluation is due.
        Returns the invoices created.  Raises on the first problem: callers
        wanting isolation call it inside a savepoint.  ``memo``: see
        :meth:`_prepare_due_invoices`.
        """
        if not self:
            return self.env["account.move"]
        vals_list = self._prepare_due_invoices(until, memo=memo)
        moves = self.env["account.move"].create(vals_list)
        moves._service_contract_add_points(1)
        return moves

    def _prepare_due_invoices(self, until, memo=None):
        """Values of the invoices of every due piece up to ``until``.

        Renews and revalues the contracts that need it on the way, as
        invoicing them does.  ``memo`` is a dict a run keeps over its batches:
        what depends on the company and salesperson only (sales journal,
        sales team) is looked up once per run instead of once per batch.
        """
        memo = {} if memo is None else memo
        journals = self._get_sale_journals(memo.setdefault("journals", {}))
        plans = self._plan_invoicing(until)
        vals_list = []
        teams = memo.setdefault("teams", {})
        Renewal = self.env["service.contract.renewal"]
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
                Renewal._renew_contract(contract, "automatic", until, ends=ends)
            extra = contract._get_invoice_batch_values(teams)
            for piece in pieces:
                contract._revalue_at_invoicing(piece["invoice_date"])
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
        self._revalue_at_invoicing(today)
        move = self.env["account.move"].create(
            self._prepare_invoice_vals(piece, journal)
        )
        move._service_contract_add_points(1)
        return move

    @api.model
    def _cron_create_invoices(self, batch_size=100, until=None):
        """Daily: invoice every due period of every due contract.

        Runs on the batch toolkit (``_batch_run``): batches of contracts,
        locked ``FOR NO KEY UPDATE SKIP LOCKED`` and committed one by one
        outside tests; a contract that fails is rolled back alone and flagged
        with its error, and the others are invoiced.  A period is invoiced
        once: the open periods are computed from the invoices themselves,
        after the lock, and the database refuses a second live invoice for
        the same contract and period (the idempotency key).

        Returns the number of invoices created.
        """
        until = until or fields.Date.context_today(self)
        created, _failed = self._invoice_due(until, batch_size=batch_size)
        return created

    @api.model
    def _invoice_due(self, until, domain=(), batch_size=100):
        """Invoice, batch by batch, every period due by ``until`` of the due
        contracts matching ``domain`` (all by default).

        Returns (number of invoices created, contracts that failed).
        """
        created = []
        memo = {}  # journals and teams, looked up once for the whole run

        def invoice(contracts):
            moves = contracts._create_invoices(until, memo=memo)
            contracts.filtered("billing_error").write(
                {"billing_error": False, "billing_error_date": False}
            )
            # Fail here, not when the savepoint is released, so that only
            # invoices really written are counted.
            self.env.flush_all()
            created.append(len(moves))

        result = self._batch_run(
            self._get_invoicing_domain(until) + list(domain),
            invoice,
            batch_size=batch_size,
            label="Contract invoicing",
            on_error=lambda contract, error: contract._flag_billing_error(error),
        )
        return sum(created), result.failed

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

    def _revalue_at_invoicing(self, day):
        """Revalue a contract revalued at invoicing when its revaluation is due
        by ``day``, before its invoice of that day is made."""
        self.ensure_one()
        self.env["service.contract.revaluation"]._revalue_due(self, day, "invoicing")
