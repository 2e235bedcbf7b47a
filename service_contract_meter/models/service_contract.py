from collections import defaultdict

from markupsafe import Markup, escape

from odoo import _, api, fields, models
from odoo.tools import SQL, unique

from odoo.addons.service_contract.models.service_contract_batch_mixin import sql_array

from ..rules import expiry as expiry_rules
from ..rules import recompute as recompute_rules
from .mail_activity import METER_EXPIRY_TYPE


class ServiceContract(models.Model):
    _inherit = "service.contract"

    meter_ids = fields.One2many(
        "service.contract.meter",
        "contract_id",
        string="Meters",
        copy=True,
        help="Meter intervals of the contract's units: the contract also ends "
        "when one of them is used up.",
    )
    meter_count = fields.Integer(compute="_compute_meter_count")
    has_meters = fields.Boolean(
        compute="_compute_has_meters",
        store=True,
        help="Whether the contract has meter intervals (the daily expiry "
        "recalculation searches on it).",
    )
    date_expiry_calculated = fields.Date(
        string="Calculated Expiry",
        compute="_compute_date_expiry_calculated",
        store=True,
        tracking=True,
        help="The earliest date at which one of the contract's meters runs "
        "out (even in the past), from the latest readings and daily rates.",
    )
    meter_expiry_checked_on = fields.Date(
        string="Meter Expiry Computed On",
        readonly=True,
        copy=False,
        help="The day the scheduled action last computed the expiry by meter "
        "from the contract's current readings, rates and terms; emptied when "
        "one of them changes, so that the next run computes it again.",
    )

    # ------------------------------------------------------------------
    # Computes
    # ------------------------------------------------------------------
    @api.depends("meter_ids")
    def _compute_meter_count(self):
        for contract in self:
            contract.meter_count = len(contract.meter_ids)

    @api.depends("meter_ids")
    def _compute_has_meters(self):
        for contract in self:
            contract.has_meters = bool(contract.meter_ids)

    @api.depends("meter_ids.date_expiry")
    def _compute_date_expiry_calculated(self):
        for contract in self:
            contract.date_expiry_calculated = contract._get_date_expiry_calculated()

    def _get_date_expiry_calculated(self):
        """Business rule 2: the earliest date of the contract's meters."""
        self.ensure_one()
        return self._date_expiry_calculated_from(self.meter_ids.mapped("date_expiry"))

    @api.model
    def _date_expiry_calculated_from(self, dates):
        """The calculated expiry of a contract whose meters run out on
        ``dates`` (rule 2: the earliest), from plain values."""
        return expiry_rules.earliest(dates) or False

    @api.depends("date_expiry_calculated", "meter_ids.date_expiry")
    def _compute_date_expiry(self):
        return super()._compute_date_expiry()

    def _get_expiry_candidates(self):
        # The formula of ``date_expiry_calculated``, not its stored value:
        # the meter batch writes both dates at once from the new meter dates.
        return super()._get_expiry_candidates() + [self._get_date_expiry_calculated()]

    def _get_state_trigger_fields(self):
        return super()._get_state_trigger_fields() | {"meter_ids"}

    # ------------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------------
    @api.model_create_multi
    def create(self, vals_list):
        template_ids = {
            vals["template_id"] for vals in vals_list if vals.get("template_id")
        }
        with_meters = set(
            self.env["service.contract.template"]
            .browse(template_ids)
            .filtered("meter_line_ids")
            .ids
        )
        wants_ready = []
        for vals in vals_list:
            ready = (
                vals.get("state") == "ready" and vals.get("template_id") in with_meters
            )
            if ready:
                # Ready only once the template's meters are all found.
                vals["state"] = "draft"
            wants_ready.append(ready)
        contracts = super().create(vals_list)
        missing = contracts._apply_template_meters()
        to_ready = self.browse(
            [
                contract.id
                for contract, ready in zip(contracts, wants_ready, strict=True)
                if ready and contract not in missing
            ]
        )
        if to_ready:
            to_ready.action_ready()
        return contracts

    def write(self, vals):
        if (
            self._get_meter_expiry_input_fields() & set(vals)
            and recompute_rules.MARKER not in vals
        ):
            # An input of the daily recalculation changed: due again.
            vals = dict(vals, **{recompute_rules.MARKER: False})
        result = super().write(vals)
        if {"template_id", "lot_ids"} & set(vals):
            self.filtered(lambda c: c.state != "cancel")._apply_template_meters()
        return result

    # ------------------------------------------------------------------
    # Template meters
    # ------------------------------------------------------------------
    def _apply_template_meters(self):
        """Add the template's meter intervals for the contract's units.

        Each (unit, template meter) pair found among the units' meters gets a
        contract meter (unless it already has one).  Returns
        ``{contract: [(lot, meter), ...]}`` of the pairs the units lack; each
        such contract says which in its chatter (and stays in draft when it
        is one, for review).
        """
        contracts = self.filtered(lambda c: c.template_id.meter_line_ids)
        if not contracts:
            return {}
        lots_by_contract = {c: c._get_covered_lots() for c in contracts}
        all_lots = self.env["stock.lot"].union(*lots_by_contract.values())
        asset_meters = self.env["service.asset.meter"]._search_on_units(
            all_lots, contracts.template_id.meter_line_ids.meter_id
        )
        by_pair = {(am.lot_id, am.meter_id): am for am in asset_meters}
        create_vals = []
        missing = {}
        for contract in contracts:
            present = set(contract.meter_ids.asset_meter_id.ids)
            lots = lots_by_contract[contract]
            for line in contract.template_id.meter_line_ids:
                for lot in lots or [self.env["stock.lot"]]:
                    asset_meter = by_pair.get((lot, line.meter_id)) if lot else None
                    if not asset_meter:
                        missing.setdefault(contract, []).append((lot, line.meter_id))
                    elif asset_meter.id not in present:
                        create_vals.append(
                            {
                                "contract_id": contract.id,
                                "asset_meter_id": asset_meter.id,
                                "sequence": line.sequence,
                                "value_interval": line.value_interval,
                            }
                        )
        if create_vals:
            self.env["service.contract.meter"].create(create_vals)
        for contract, pairs in missing.items():
            contract._notify_missing_meters(pairs)
        return missing

    def _notify_missing_meters(self, pairs):
        self.ensure_one()
        items = Markup("").join(
            Markup("<li>%s</li>")
            % (
                self.env._("%(lot)s: %(meter)s", lot=lot.name, meter=meter.display_name)
                if lot
                else self.env._("no unit: %(meter)s", meter=meter.display_name)
            )
            for lot, meter in pairs
        )
        if self.state == "draft":
            intro = _(
                "Template %(template)s expects meters the contract's units lack; "
                "the meters found were kept and the contract stays in draft for "
                "review. Missing:",
                template=self.template_id.name,
            )
        else:
            intro = _(
                "Template %(template)s expects meters the contract's units lack. "
                "Missing:",
                template=self.template_id.name,
            )
        self.message_post(
            body=Markup("<p>%s</p><ul>%s</ul>") % (escape(intro), items),
            message_type="comment",
            subtype_xmlid="mail.mt_note",
        )

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------
    def action_view_meter_readings(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "service_contract_meter.action_service_meter_reading"
        )
        action["domain"] = [("asset_meter_id", "in", self.meter_ids.asset_meter_id.ids)]
        action["context"] = {"search_default_group_asset_meter": 1}
        return action

    # ------------------------------------------------------------------
    # Scheduled recalculation
    # ------------------------------------------------------------------
    def _get_meter_recompute_domain(self, today):
        """The contracts the run of ``today`` must recompute (a hook)."""
        return recompute_rules.recompute_domain(today)

    def _get_meter_expiry_input_fields(self):
        """The contract's own fields the daily recalculation reads: those
        its effective expiry depends on (in any addon), its status, terms and
        account manager.  Writing one makes the contract due again."""
        depends = self.pool.field_depends[self._fields["date_expiry"]]
        return {path.split(".")[0] for path in depends} | {
            "active",
            "company_id",
            "date_end",
            "date_start",
            "lot_ids",
            "meter_ids",
            "state",
            "template_id",
            "user_id",
            *self._get_state_trigger_fields(),
        }

    def _meter_expiry_mark_due(self):
        """Make these contracts due for the next meter expiry run: an input
        of their calculated expiry changed."""
        ids = [contract_id for contract_id in self.ids if contract_id]
        if ids:
            self._meter_expiry_mark_due_where(
                SQL("id = ANY(%s)", sql_array(ids, "int4"))
            )

    @api.model
    def _meter_expiry_mark_due_where(self, condition):
        """Make the contracts matching the SQL ``condition`` due for the next
        meter expiry run: every contract whose input changed, whoever changed
        it (the user may not see all contracts of a meter kind or a
        company)."""
        self._meter_expiry_set_marker(
            None, SQL("%s IS NOT NULL AND %s", self._meter_expiry_marker(), condition)
        )

    def _meter_expiry_mark_checked(self, today):
        """Stamp these contracts computed on ``today`` (end of a batch)."""
        if self.ids:
            self._meter_expiry_set_marker(
                today, SQL("id = ANY(%s)", sql_array(self.ids, "int4"))
            )

    @api.model
    def _meter_expiry_marker(self):
        return SQL.identifier(recompute_rules.MARKER)

    @api.model
    def _meter_expiry_set_marker(self, day, condition):
        """Set the marker of the contracts matching ``condition`` to ``day``,
        in one ``UPDATE``: it is bookkeeping of the scheduled action (no
        write date, no tracking); the cache forgets the old values."""
        self.flush_model([recompute_rules.MARKER])
        self.env.cr.execute(
            SQL(
                "UPDATE service_contract SET %s = %s::date WHERE %s",
                self._meter_expiry_marker(),
                day,
                condition,
            )
        )
        self.invalidate_model([recompute_rules.MARKER])

    @api.model
    def _cron_update_meter_expiry(self, batch_size=1000):
        """Daily: recompute every active contract's calculated expiry by meter.

        From the latest readings and rates, batch by batch of contracts (the
        batch toolkit's ``_batch_run``): one query for the readings of the
        batch's unit meters, the contract meters read with the batch, one
        set-based ``UPDATE`` per table whose values changed, then the status
        moves of rule 1 and the expiry warnings.  The cost of a batch does
        not grow with its size.  Running it twice gives the same result.
        Returns how many contracts were handled (failed ones included).

        What did not change is not recomputed: each batch stamps its
        contracts with the day (``meter_expiry_checked_on``), every change
        of an input clears the stamp, and the batch search leaves out the
        contracts stamped today (``rules/recompute.py``); a second run the
        same day with nothing changed costs one search.
        """
        today = fields.Date.context_today(self)
        result = self._batch_run(
            self._get_meter_recompute_domain(today),
            lambda contracts: contracts._meter_expiry_batch(today),
            batch_size=batch_size,
            label="Meter expiry",
        )
        return result.done + len(result.failed)

    def _meter_expiry_batch(self, today):
        """Recompute the calculated expiry of these contracts (one batch).

        The unit meters' and the lines' values are computed from plain values
        read a column at a time, by the same methods their computes call
        (``_meter_stats_values``, ``_date_expiry_from``); the contracts' by
        their own methods (other addons extend the effective expiry).  Only
        the values that changed are written, one ``UPDATE`` per table.
        """
        # Each table's columns read at once: the inputs and the current
        # values the new ones are compared with (of the contracts, just
        # those, not every column).
        self._bulk_columns(
            self,
            sorted(
                fname
                for fname in self._get_meter_expiry_input_fields()
                | {"date_expiry_calculated", "date_expiry", recompute_rules.MARKER}
                if self._fields[fname].column_type
            ),
        )
        self._bulk_one2many(self, "meter_ids")
        lines = self.meter_ids
        line_columns = self._bulk_columns(
            lines,
            [
                "contract_id",
                "asset_meter_id",
                "value_start",
                "value_end",
                "date_expiry",
            ],
        )
        AssetMeter = self.env["service.asset.meter"]
        asset_meters = AssetMeter.browse(
            unique(filter(None, line_columns["asset_meter_id"]))
        )
        no_meter = AssetMeter._meter_stats_values(None, 0.0)
        manual_rates = self._bulk_columns(
            asset_meters, ["daily_rate_manual", *no_meter]
        )["daily_rate_manual"]
        # 1. Unit meters: last reading and rate from one query over readings.
        stats = asset_meters._get_reading_stats(today)
        meter_values = {
            meter_id: AssetMeter._meter_stats_values(stats.get(meter_id), rate)
            for meter_id, rate in zip(asset_meters.ids, manual_rates, strict=True)
        }
        self._bulk_update(
            asset_meters,
            self._changed_values(asset_meters, list(meter_values.values())),
            # the daily rate is written with the stats it follows from
            computed_here=[(lines, ["date_expiry"]), (asset_meters, ["daily_rate"])],
        )
        # 2. Contract meters: rule 2, from their unit meter's new values.
        line_dates = []
        for meter_id, value_start, value_end in zip(
            line_columns["asset_meter_id"],
            line_columns["value_start"],
            line_columns["value_end"],
            strict=True,
        ):
            meter = meter_values.get(meter_id, no_meter)
            line_dates.append(
                {
                    "date_expiry": lines._date_expiry_from(
                        value_start,
                        value_end,
                        meter["last_reading_date"],
                        meter["last_net_value"],
                        meter["daily_rate"],
                        today,
                    )
                }
            )
        self._bulk_update(
            lines,
            self._changed_values(lines, line_dates),
            computed_here=[(self, ["date_expiry_calculated", "date_expiry"])],
        )
        meter_dates = defaultdict(list)
        for contract_id, values in zip(
            line_columns["contract_id"], line_dates, strict=True
        ):
            meter_dates[contract_id].append(values["date_expiry"])
        # 3. Contracts: earliest meter (from the lines' new dates) and the
        #    effective expiry, in one update (one tracking message a changed
        #    contract, as a write), which also stamps them computed today
        #    (step 5).
        changed = self._changed_values(
            self,
            [
                {
                    "date_expiry_calculated": self._date_expiry_calculated_from(
                        meter_dates[contract.id]
                    ),
                    "date_expiry": contract._get_date_expiry(),
                }
                for contract in self
            ],
        )
        for _contract_id, values in changed:
            values[recompute_rules.MARKER] = today
        self._bulk_update(self, changed, computed_here=[(self, ["date_expiry"])])
        # 4. Status (rule 1): the update applies the rule to the batch's
        #    values and writes the contracts it moves; then the warnings.
        self._apply_state_update(today)
        self._schedule_meter_expiry_activities(today)
        # 5. Computed today from the current inputs: left out until one
        #    changes or the day does (the changed ones were stamped with
        #    their dates, unless a warning withdrawn since made them due).
        (stamps,) = self._bulk_columns(self, [recompute_rules.MARKER]).values()
        self.browse(
            [
                contract_id
                for contract_id, stamp in zip(self.ids, stamps, strict=True)
                if stamp != today
            ]
        )._meter_expiry_mark_checked(today)

    @api.model
    def _changed_values(self, records, values_list):
        """``[(id, values)]`` of the records whose ``values_list`` entry (one
        dict a record, the same keys in each) differs from their current
        values, read a column at a time (``_bulk_columns``)."""
        if not values_list:
            return []
        values_list = [
            {fname: False if value is None else value for fname, value in vals.items()}
            for vals in values_list
        ]
        current = self._bulk_columns(records, list(values_list[0]))
        return [
            (record_id, values)
            for index, (record_id, values) in enumerate(
                zip(records.ids, values_list, strict=True)
            )
            if any(values[fname] != column[index] for fname, column in current.items())
        ]

    def _schedule_meter_expiry_activities(self, today):
        """Warn account managers of contracts expiring by meter soon.

        A ready contract whose calculated expiry falls within its company's
        warning days gets one open "meter expiry" activity for its account
        manager (never two); the activity is withdrawn when new readings move
        the date out of the window.  One search, at most one create and one
        unlink for the whole recordset.
        """
        Activity = self.env["mail.activity"]
        # the id alone (cached by ir.model.data): no query per batch
        activity_type_id = self.env["ir.model.data"]._xmlid_to_res_id(
            METER_EXPIRY_TYPE, raise_if_not_found=False
        )
        if not activity_type_id or not self:
            return Activity
        activity_type = self.env["mail.activity.type"].browse(activity_type_id)
        # The rule from the batch's columns, not a record at a time.
        columns = self._bulk_columns(
            self, ["state", "user_id", "date_expiry_calculated", "company_id"]
        )
        companies = self.env["res.company"].browse(
            unique(filter(None, columns["company_id"]))
        )
        warning_days = dict(
            zip(
                companies.ids,
                self._bulk_columns(companies, ["service_meter_warning_days"])[
                    "service_meter_warning_days"
                ],
                strict=True,
            )
        )
        due_ids = {
            contract_id
            for contract_id, state, user_id, date_expiry, company_id in zip(
                self.ids,
                columns["state"],
                columns["user_id"],
                columns["date_expiry_calculated"],
                columns["company_id"],
                strict=True,
            )
            if expiry_rules.warning_due(
                state, user_id, date_expiry, warning_days.get(company_id, 0), today
            )
        }
        # The due contracts only: what the activities read of them (their
        # display name) is fetched for them at once, not a contract at a time.
        due = self.browse(
            [contract_id for contract_id in self.ids if contract_id in due_ids]
        )
        existing = Activity.search(
            [
                ("res_model", "=", self._name),
                ("res_id", "in", self.ids),
                ("activity_type_id", "=", activity_type.id),
            ]
        )
        states = dict(zip(self.ids, columns["state"], strict=True))
        stale = existing.filtered(
            lambda a: a.res_id not in due_ids and states.get(a.res_id) == "ready"
        )
        if stale:
            stale.unlink()
        already = set((existing - stale).mapped("res_id"))
        model_id = self.env["ir.model"]._get_id(self._name)
        vals_list = [
            {
                "res_model_id": model_id,
                "res_id": contract.id,
                "activity_type_id": activity_type.id,
                "user_id": contract.user_id.id,
                "date_deadline": contract.date_expiry_calculated,
                "summary": self.env._(
                    "Expires by meter on %(date)s",
                    date=contract.date_expiry_calculated,
                ),
            }
            for contract in due
            if contract.id not in already
        ]
        if not vals_list:
            return Activity
        due.mapped("display_name")
        return Activity.with_context(mail_activity_quick_update=True).create(vals_list)
