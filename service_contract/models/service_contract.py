import logging
from collections import defaultdict

from odoo import Command, _, api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import float_is_zero

from ..rules import dates as date_rules
from ..rules import points as points_rules
from ..rules import status as status_rules
from .service_contract_template import CONTRACT_TYPES

_logger = logging.getLogger(__name__)

# Points are compared to this many decimals (the ledger sums floats).
POINTS_DIGITS = 6

STATES = [
    ("draft", "Draft"),
    ("ready", "Ready"),
    ("expired", "Expired"),
    ("cancel", "Cancelled"),
]


class ServiceContract(models.Model):
    _name = "service.contract"
    _description = "Service Contract"
    _inherit = [
        "mail.thread",
        "mail.activity.mixin",
        "service.contract.batch.mixin",
        "portal.mixin",
    ]
    _order = "date_start desc, id desc"
    _check_company_auto = True

    # ------------------------------------------------------------------
    # Fields
    # ------------------------------------------------------------------
    name = fields.Char(
        string="Number",
        required=True,
        readonly=True,
        copy=False,
        default=lambda self: _("New"),
        index="trigram",
    )
    active = fields.Boolean(default=True)
    color = fields.Integer()
    template_id = fields.Many2one(
        "service.contract.template",
        tracking=True,
        check_company=True,
    )
    contract_type = fields.Selection(
        CONTRACT_TYPES,
        string="Type",
        compute="_compute_from_template",
        store=True,
        readonly=False,
        precompute=True,
        required=True,
        tracking=True,
    )
    partner_id = fields.Many2one(
        "res.partner",
        string="Customer",
        required=True,
        tracking=True,
        index=True,
        check_company=True,
    )
    commercial_partner_id = fields.Many2one(
        related="partner_id.commercial_partner_id", store=True, index=True
    )
    company_id = fields.Many2one(
        "res.company",
        string="Sales Site",
        required=True,
        default=lambda self: self.env.company,
        tracking=True,
        index=True,
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    user_id = fields.Many2one(
        "res.users",
        string="Sales Representative",
        default=lambda self: self.env.user,
        tracking=True,
        domain="[('share', '=', False)]",
    )
    state = fields.Selection(
        STATES,
        string="Status",
        required=True,
        default="draft",
        copy=False,
        tracking=True,
        index=True,
    )
    date_start = fields.Date(
        string="Start Date",
        required=True,
        default=fields.Date.context_today,
        tracking=True,
    )
    date_end = fields.Date(
        string="End Date",
        compute="_compute_date_end",
        store=True,
        readonly=False,
        precompute=True,
        tracking=True,
        help="Last day of the contract, computed from the template's duration.",
    )
    date_expiry = fields.Date(
        string="Expiry Date",
        compute="_compute_date_expiry",
        store=True,
        index=True,
        tracking=True,
        help="The date the contract really ends: the earliest of its end date "
        "and any calculated expiration (by meter, by points, ...).",
    )
    renewable = fields.Boolean(
        compute="_compute_from_template",
        store=True,
        readonly=False,
        precompute=True,
        tracking=True,
    )
    external_ref = fields.Char(string="External Reference", tracking=True)
    note = fields.Html(string="Notes")
    terms = fields.Html(
        string="Terms of Service",
        compute="_compute_from_template",
        store=True,
        readonly=False,
        precompute=True,
    )
    whole_installed_base = fields.Boolean(
        compute="_compute_whole_installed_base",
        store=True,
        readonly=False,
        precompute=True,
        tracking=True,
        help="The contract covers every unit installed at the customer.",
    )
    sale_line_id = fields.Many2one(
        "sale.order.line",
        string="Origin Order Line",
        copy=False,
        index="btree_not_null",
        check_company=True,
        readonly=True,
    )
    sale_order_id = fields.Many2one(
        related="sale_line_id.order_id", string="Origin Order", store=True
    )
    skill_line_ids = fields.One2many(
        "service.contract.skill.line",
        "contract_id",
        string="Skills Groups",
        compute="_compute_skill_line_ids",
        store=True,
        readonly=False,
        precompute=True,
        copy=True,
    )
    lot_ids = fields.Many2many(
        "stock.lot",
        "service_contract_stock_lot_rel",
        "contract_id",
        "lot_id",
        string="Equipment",
        check_company=True,
        help="The serial numbers this contract names.",
    )
    lot_count = fields.Integer(string="Units", compute="_compute_lot_count")
    points_move_ids = fields.One2many(
        "service.contract.points.move",
        "contract_id",
        string="Points Ledger",
        readonly=True,
    )
    points_total = fields.Float(
        string="Points",
        compute="_compute_points",
        inverse="_inverse_points",
        store=True,
        readonly=False,
        tracking=True,
        help="Points granted: the sum of the ledger's initial points, purchases "
        "and adjustments of the total. Writing it adds an adjustment.",
    )
    points_used = fields.Float(
        compute="_compute_points",
        inverse="_inverse_points",
        store=True,
        readonly=False,
        tracking=True,
        copy=False,
        help="Points used: the sum of the ledger's consumptions and adjustments "
        "of the points used. Writing it adds an adjustment.",
    )
    points_remaining = fields.Float(
        string="Points Left", compute="_compute_points_remaining", store=True
    )
    days_to_expiry = fields.Integer(
        string="Days Left", compute="_compute_days_to_expiry"
    )

    # ------------------------------------------------------------------
    # Computes
    # ------------------------------------------------------------------
    @api.depends("template_id")
    def _compute_from_template(self):
        for contract in self:
            template = contract.template_id
            if not template:
                # Keep what the user entered; only make sure a type is set.
                contract.contract_type = contract.contract_type or "maintenance"
                contract.renewable = contract.renewable
                contract.terms = contract.terms
                continue
            contract.contract_type = template.contract_type
            contract.renewable = template.renewable
            contract.terms = template.terms

    @api.depends("template_id", "contract_type")
    def _compute_whole_installed_base(self):
        """A points contract covers the whole installed base (rule 8)."""
        for contract in self:
            if contract.contract_type == "points":
                contract.whole_installed_base = True
            elif contract.template_id:
                contract.whole_installed_base = (
                    contract.template_id.whole_installed_base
                )
            else:
                contract.whole_installed_base = contract.whole_installed_base

    @api.depends("template_id", "date_start")
    def _compute_date_end(self):
        for contract in self:
            template = contract.template_id
            if template and contract.date_start:
                contract.date_end = date_rules.end_date(
                    contract.date_start, template.duration, template.duration_unit
                )
            else:
                contract.date_end = contract.date_end

    @api.depends("date_end")
    def _compute_date_expiry(self):
        for contract in self:
            contract.date_expiry = contract._get_date_expiry()

    def _get_date_expiry(self):
        """The effective expiry of this contract, from its current values."""
        self.ensure_one()
        return (
            date_rules.effective_expiry(self.date_end, *self._get_expiry_candidates())
            or False
        )

    def _get_expiry_candidates(self):
        """Dates, other than the end date, at which this contract ends.

        Hook for other addons (a calculated expiration by meter, ...): extend
        the list and add the fields it reads to ``_compute_date_expiry``'s
        dependencies.
        """
        self.ensure_one()
        return []

    @api.depends("template_id")
    def _compute_skill_line_ids(self):
        for contract in self:
            if not contract.template_id:
                contract.skill_line_ids = contract.skill_line_ids
                continue
            contract.skill_line_ids = [Command.clear()] + [
                Command.create(
                    {
                        "sequence": line.sequence,
                        "skill_group_id": line.skill_group_id.id,
                        "response_time": line.response_time,
                        "resolution_time": line.resolution_time,
                    }
                )
                for line in contract.template_id.skill_line_ids
            ]

    @api.depends("template_id", "points_move_ids.points", "points_move_ids.counter")
    def _compute_points(self):
        """The counters are sums of the ledger's rows (rule 8).

        A contract being edited on screen, not saved yet, shows the points its
        new template presets; saving it writes them to the ledger (see
        ``_inverse_points``).
        """
        sums = self.filtered("id")._get_points_sums()
        for contract in self:
            if contract.id:
                total, used = points_rules.counters(sums.get(contract.id, ()))
                contract.points_total = total
                contract.points_used = used
                continue
            template = contract.template_id
            if template and template != contract._origin.template_id:
                contract.points_total = template.points_total
            else:
                contract.points_total = contract.points_total
            contract.points_used = contract.points_used

    def _inverse_points(self):
        """Writing a counter adds the ledger row that takes it there: the
        contract's initial points when it has no row yet, else an adjustment."""
        sums = self._get_points_sums()
        vals_list = []
        for contract in self:
            rows = sums.get(contract.id, ())
            total, used = points_rules.counters(rows)
            for counter, current, target in (
                (points_rules.TOTAL, total, contract.points_total),
                (points_rules.USED, used, contract.points_used),
            ):
                points = points_rules.adjustment(counter, current, target)
                if float_is_zero(points, precision_digits=POINTS_DIGITS):
                    continue
                kind = points_rules.ADJUSTMENT
                if counter == points_rules.TOTAL and not rows:
                    kind = points_rules.INITIAL
                vals_list.append(
                    {
                        "contract_id": contract.id,
                        "kind": kind,
                        "counter": counter,
                        "points": points,
                    }
                )
        self._add_points_moves(vals_list)

    def _get_points_sums(self):
        """``{contract id: [(counter, points), ...]}`` of the ledger, in one
        query for the whole recordset."""
        sums = defaultdict(list)
        for contract, counter, points in self.env[
            "service.contract.points.move"
        ]._read_group(
            [("contract_id", "in", self.ids)],
            ["contract_id", "counter"],
            ["points:sum"],
        ):
            sums[contract.id].append((counter, points))
        return sums

    @api.depends("points_total", "points_used")
    def _compute_points_remaining(self):
        for contract in self:
            contract.points_remaining = contract.points_total - contract.points_used

    @api.depends("lot_ids")
    def _compute_lot_count(self):
        for contract in self:
            contract.lot_count = len(contract.lot_ids)

    def _compute_access_url(self):
        result = super()._compute_access_url()
        for contract in self:
            contract.access_url = f"/my/contracts/{contract.id}"
        return result

    @api.depends("date_expiry")
    @api.depends_context("tz")
    def _compute_days_to_expiry(self):
        today = fields.Date.context_today(self)
        for contract in self:
            contract.days_to_expiry = (
                date_rules.days_until(contract.date_expiry, today)
                if contract.date_expiry
                else 0
            )

    # ------------------------------------------------------------------
    # Constraints
    # ------------------------------------------------------------------
    @api.constrains("external_ref")
    def _check_external_ref(self):
        # PostgreSQL cannot store a NUL character: refuse it with a message
        # before the database refuses it with an error.
        for contract in self:
            if contract.external_ref and "\x00" in contract.external_ref:
                raise ValidationError(
                    _("The external reference may not contain a NUL character.")
                )

    @api.constrains("date_start", "date_end")
    def _check_dates(self):
        for contract in self:
            if not contract.date_start:
                raise ValidationError(
                    _("Contract %(name)s needs a start date.", name=contract.name)
                )
            if contract.date_end and contract.date_end < contract.date_start:
                raise ValidationError(
                    _(
                        "Contract %(name)s cannot end (%(end)s) before it starts "
                        "(%(start)s).",
                        name=contract.name,
                        end=contract.date_end,
                        start=contract.date_start,
                    )
                )

    @api.constrains("points_total", "points_used")
    def _check_points(self):
        for contract in self:
            if contract.points_total < 0 or contract.points_used < 0:
                raise ValidationError(_("Points cannot be negative."))

    @api.constrains("lot_ids", "partner_id")
    def _check_lot_partner(self):
        for contract in self:
            foreign = contract.lot_ids.filtered(
                lambda lot, c=contract: (
                    lot.service_partner_id
                    and lot.service_partner_id.commercial_partner_id
                    != c.partner_id.commercial_partner_id
                )
            )
            if foreign:
                raise ValidationError(
                    _(
                        "Serial number %(lot)s is installed at %(owner)s, not at "
                        "the contract's customer %(partner)s.",
                        lot=foreign[0].name,
                        owner=foreign[0].service_partner_id.display_name,
                        partner=contract.partner_id.display_name,
                    )
                )

    # ------------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------------
    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if "company_id" in vals and not vals["company_id"]:
                raise UserError(_("You must define a sales site. Creation is refused."))
            if "date_start" in vals and not vals["date_start"]:
                raise ValidationError(_("A contract needs a start date."))
            try:
                status_rules.check_create_state(vals.get("state", "draft"))
            except ValueError as error:
                raise UserError(
                    _("A contract is created as draft or ready.")
                ) from error
            if not vals.get("name") or vals["name"] == _("New"):
                company = self.env["res.company"].browse(vals.get("company_id"))
                vals["name"] = self.env["ir.sequence"].with_company(
                    company or self.env.company
                ).next_by_code("service.contract") or _("New")
        self._preset_template_points(vals_list)
        contracts = super().create(vals_list)
        contracts._set_lots_company()
        contracts._update_state_from_dates()
        self._invalidate_lot_contracts()
        return contracts

    def write(self, vals):
        if "company_id" in vals and not vals["company_id"]:
            raise UserError(_("You must define a sales site. Modification refused."))
        if "date_start" in vals and not vals["date_start"]:
            # Refused before anything is written (the column is required).
            raise ValidationError(
                _(
                    "A contract needs a start date (%(names)s).",
                    names=", ".join(self.mapped("name")),
                )
            )
        if "state" in vals:
            for contract in self:
                try:
                    status_rules.check_transition(contract.state, vals["state"])
                except ValueError as error:
                    raise UserError(
                        _(
                            "Contract %(name)s has been validated: it cannot "
                            "return to draft.",
                            name=contract.name,
                        )
                    ) from error
        preset = self.browse()
        if vals.get("template_id") and "points_total" not in vals:
            preset = self.filtered(lambda c: c.template_id.id != vals["template_id"])
        result = super().write(vals)
        if preset:
            # A new template presets its points, as it does at creation.
            preset.points_total = preset.template_id.points_total
        if self._get_lot_contracts_fields() & set(vals):
            self._set_lots_company()
            self._invalidate_lot_contracts()
        if {"state", "date_start", "date_end", "template_id"} & set(vals) or (
            self._get_state_trigger_fields() & set(vals)
        ):
            self._update_state_from_dates()
        return result

    def _preset_template_points(self, vals_list):
        """A contract made from a template starts with the template's points
        (its initial ledger row), unless its points are given."""
        templates = self.env["service.contract.template"].browse(
            {
                vals["template_id"]
                for vals in vals_list
                if vals.get("template_id") and "points_total" not in vals
            }
        )
        points = {template.id: template.points_total for template in templates}
        for vals in vals_list:
            if points.get(vals.get("template_id")) and "points_total" not in vals:
                vals["points_total"] = points[vals["template_id"]]
            if "points_total" in vals or "points_used" in vals:
                # Both counters are written through their inverse, so neither
                # is computed after the creation: store the other one too.
                vals.setdefault("points_total", 0.0)
                vals.setdefault("points_used", 0.0)

    def _set_lots_company(self):
        """The units a contract names become its company's (see
        ``stock.lot._set_service_company``)."""
        for company in self.company_id:
            self.filtered(
                lambda c, co=company: c.company_id == co
            ).lot_ids._set_service_company(company)

    def _get_state_trigger_fields(self):
        """Fields whose change may move the expiry date (hook)."""
        return set()

    def _get_lot_contracts_fields(self):
        """Fields deciding which units a contract covers (hook)."""
        return {"lot_ids", "whole_installed_base", "partner_id", "active"}

    def _invalidate_lot_contracts(self):
        """The units' contracts are computed from the contracts' side: forget
        what the cache knows of them when contracts change."""
        self.env["stock.lot"].invalidate_model(
            ["service_contract_ids", "service_contract_count"]
        )

    def unlink(self):
        result = super().unlink()
        self._invalidate_lot_contracts()
        return result

    @api.ondelete(at_uninstall=False)
    def _unlink_only_draft_or_cancelled(self):
        if any(c.state not in ("draft", "cancel") for c in self):
            raise UserError(
                _("Only draft or cancelled contracts can be deleted; cancel it first.")
            )

    def copy_data(self, default=None):
        vals_list = super().copy_data(default=default)
        for vals in vals_list:
            vals.pop("name", None)
        return vals_list

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------
    def action_ready(self):
        for contract in self:
            if contract.state != "draft":
                raise UserError(
                    _(
                        "Only a draft contract can be set ready (%(name)s).",
                        name=contract.name,
                    )
                )
        self.write({"state": "ready"})
        return True

    def action_cancel(self):
        if any(c.state == "cancel" for c in self):
            raise UserError(_("This contract is already cancelled."))
        self.write({"state": "cancel"})
        return True

    def action_draft(self):
        if any(c.state != "cancel" for c in self):
            raise UserError(_("Only a cancelled contract can be reset to draft."))
        self.write({"state": "draft"})
        return True

    def action_view_lots(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "service_contract.action_installed_base"
        )
        action["domain"] = [("id", "in", self._get_covered_lots().ids)]
        action["context"] = {"create": False}
        return action

    def action_view_sale_order(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "sale.order",
            "res_id": self.sale_order_id.id,
            "view_mode": "form",
        }

    # ------------------------------------------------------------------
    # Business methods
    # ------------------------------------------------------------------
    def _get_report_base_filename(self):
        self.ensure_one()
        return f"Contract - {self.name}"

    def _get_covered_lots(self):
        """The units this contract covers (overridden by the coverage addon)."""
        lots = self.lot_ids
        whole = self.filtered("whole_installed_base")
        if whole:
            Lot = self.env["stock.lot"]
            today = fields.Date.context_today(self)
            lots |= Lot.search(
                Lot._installed_at_domain(whole.commercial_partner_id)
                + Lot._in_service_domain(today)
            )
        return lots

    @api.model
    def _add_points_moves(self, vals_list):
        """Write rows of the points ledger: the one way points move.

        Users read the ledger and only managers add adjustments by hand, so
        the rows that follow from a user's action (initial points, an
        invoice, a repair, a counter written on the form) are written by the
        system: callers have checked that the user may do that action.
        Returns the rows, in the caller's environment.
        """
        moves = self.env["service.contract.points.move"]
        if not vals_list:
            return moves
        return moves.sudo().create(vals_list).sudo(False)

    def _update_state_from_dates(self, today=None):
        """Move ready/expired contracts to the status their dates give them."""
        today = today or fields.Date.context_today(self)
        by_state = self._group_by_state_for_dates(today)
        for new_state, contracts in by_state.items():
            contracts.write({"state": new_state})
        return by_state

    def _group_by_state_for_dates(self, today):
        """``{new status: contracts}`` of these contracts whose dates give
        them another status on ``today`` (``status_rules.state_for_dates``),
        in one pass."""
        ids_by_state = {}
        # A column at a time, as plain values, not a record at a time.
        columns = self._bulk_columns(self, ["state", "date_expiry"])
        for contract_id, state, date_expiry in zip(
            self.ids, columns["state"], columns["date_expiry"], strict=True
        ):
            new_state = status_rules.state_for_dates(state, date_expiry, today)
            if new_state != state:
                ids_by_state.setdefault(new_state, []).append(contract_id)
        return {state: self.browse(ids) for state, ids in ids_by_state.items()}

    def _get_state_update_domain(self, today):
        return status_rules.state_update_domain(today)

    @api.model
    def _cron_update_state(self, batch_size=5000):
        """Daily: move contracts to expired / back to ready by their dates.

        Batches are of 5,000: a contract's part of the work is a status and
        one note, so the fixed cost of a batch (its searches, its first note
        logged by the ORM, its commit) weighs more than its rows at 1,000,
        and 5,000 locked rows are still released within a second.

        On the batch toolkit (``service.contract.batch.mixin``): keyset
        batches, locked rows skipped, a commit per batch, a failing contract
        retried alone.  Each batch costs a bounded number of queries (one
        search, one lock, one re-check, one read of the status and expiry,
        one update per target status, and its chatter notes set-based: one
        logged by the ORM, the others copied from it in one insert, their
        tracking values in another), whatever its size.  Returns how many
        contracts moved.
        """
        today = fields.Date.context_today(self)
        moved = []

        def process(contracts):
            moved.append(contracts._apply_state_update(today))

        self._batch_run(
            self._get_state_update_domain(today),
            process,
            batch_size=batch_size,
            label="Contract status update",
        )
        return sum(moved)

    def _apply_state_update(self, today):
        """Set-based status update of these contracts; returns how many moved.

        Each target status is written for all of them at once (expired
        first, then ready again).  The rule is applied in Python on the
        values the batch read (the domain twin, evaluated record by record,
        cost more than the whole update).
        """
        # Only what the rule reads, not every column of the contracts.
        self.fetch(["state", "date_expiry"])
        by_state = self._group_by_state_for_dates(today)
        moved = 0
        for new_state in (status_rules.EXPIRED, status_rules.READY):
            records = by_state.get(new_state)
            if records:
                records._write_state_update(new_state)
                moved += len(records)
        return moved

    def _write_state_update(self, new_state):
        """Write the status the scheduled update gives these contracts, with
        one chatter note each, in a bounded number of queries.

        One ``UPDATE`` for the whole batch through the bulk-update helper (the
        ORM would write it by chunks of a hundred rows), which tells the cache,
        the fields depending on the status and the tracking, as a write would;
        the tracking message carries the note.  Addons reacting to scheduled
        status changes extend this method.
        """
        for state in set(self.mapped("state")):
            status_rules.check_transition(state, new_state)
        body = {
            "expired": _("Contract expired (scheduled status update)."),
            "ready": _("Contract ready again: its dates moved into the future."),
        }[new_state]
        self._bulk_update(
            self,
            [(contract.id, {"state": new_state}) for contract in self],
            bodies=dict.fromkeys(self.ids, body),
        )
        self.env.flush_all()
